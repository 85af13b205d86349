export interface TargetSetting {
  target: number;
  tolerance?: number;
}
export interface Settings {
  timezone: string;
  serviceLevelSeconds: number;
  serviceLevelByChannel: Record<string, number>;
  shortAbandonSeconds: number;
  fcrMethod: 'flag' | 'repeat';
  fcrWindowDays: number;
  minSample: { calls: number; surveys: number; nps: number; qa: number };
  disputeWindowDays: number;
  targets: { org: Record<string, TargetSetting>; teams: Record<string, Record<string, TargetSetting>> };
  reviewRules?: Record<string, number>;
  dataVersion?: number;
  updatedAt?: string;
}
export type SettingsPatch = Partial<Omit<Settings, 'dataVersion' | 'updatedAt'>>;

export interface User {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'supervisor' | 'agent' | 'hr';
  agentId: number | null;
  teamIds: number[];
  active?: boolean;
}

export const settingsKeys = {
  all: ['settings'] as const,
  current: () => [...settingsKeys.all, 'current'] as const,
  users: () => [...settingsKeys.all, 'users'] as const,
};
