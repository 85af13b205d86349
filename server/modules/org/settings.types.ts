import type { ComplaintDeadlines } from '../complaints/domain/complaint-clock';

export const channels = ['phone', 'chat', 'email', 'wechat', 'video'] as const;
export type Channel = (typeof channels)[number];

export interface TargetSetting {
  target: number;
  tolerance?: number;
}

export interface MinSample {
  calls: number;
  surveys: number;
  nps: number;
  qa: number;
  /** Complaint SLA figures (cases whose clock is due); the server always fills it (default 5). */
  complaints?: number;
}

/** The org's settings as the API shows them (`GET /api/settings`). */
export interface Settings {
  timezone: string;
  serviceLevelSeconds: number;
  serviceLevelByChannel: Partial<Record<Channel, number>>;
  shortAbandonSeconds: number;
  fcrMethod: 'flag' | 'repeat';
  fcrWindowDays: number;
  minSample: MinSample;
  disputeWindowDays: number;
  /** Most specific first: teams (by id), then channels, then org (docs/kpi.md "Targets and status"). */
  targets: { org: Record<string, TargetSetting>; teams: Record<string, Record<string, TargetSetting>>; channels?: Partial<Record<Channel, Record<string, TargetSetting>>> };
  reviewRules: Record<string, number>;
  /** Complaint response and resolution deadlines per grade, in seconds (docs/complaints.md). */
  complaintDeadlines: ComplaintDeadlines;
  /** Bumped by every import, evaluation change and settings change; keys answer caches. */
  dataVersion: number;
  updatedAt: string;
}
