import type { ImportKind } from './domain/import-fields';
import type { MissingField } from './domain/missing-fields';
import type { RowError } from './domain/row.parser';

export type OnError = 'reject' | 'skip';

/** An import as the API shows it; pure so the dashboard can import it as a type. */
export interface ImportJob {
  id: string;
  kind: ImportKind;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  rowsTotal: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsRejected: number;
  rowsSkipped: number;
  newAgents: string[];
  errors: RowError[];
  /** Canonical fields the file did not provide and what that means for the figures (e.g. no escalation column). */
  missingFields: MissingField[];
  fileName: string | null;
  fileSize: number | null;
  onError: OnError;
  dryRun: boolean;
  /** False when nothing was written (dry run, rejected rows in reject mode, a failure). */
  written: boolean;
  failureMessage: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
