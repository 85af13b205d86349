export type ImportKind = 'calls' | 'surveys' | 'agents' | 'evaluations';
export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ImportJob {
  id: number | string;
  kind: ImportKind;
  status: ImportStatus;
  progress: number;
  rowsTotal: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsRejected: number;
  rowsSkipped: number;
  newAgents: string[];
  errors: Array<{ row: number; column: string | null; value: string | null; message: string }>;
  dryRun?: boolean;
  fileName?: string | null;
  filename?: string | null;
  createdAt?: string;
  finishedAt?: string | null;
  user?: { id: number; email?: string; name?: string } | null;
}

export interface ImportMapping {
  columns?: Record<string, string | string[]>;
  values?: Record<string, Record<string, unknown>>;
  skipWhen?: Record<string, string[]>;
  timezone?: string;
  dateFormat?: string;
  sheet?: string;
}

export const importKeys = {
  all: ['imports'] as const,
  list: () => [...importKeys.all, 'list'] as const,
  job: (id: number | string) => [...importKeys.all, 'job', String(id)] as const,
};
