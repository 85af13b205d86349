import type { ColumnRef, ImportKind } from './domain/import-fields';
import type { MissingField } from './domain/missing-fields';
import type { CanonicalValue, RowError } from './domain/row.parser';

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
  /** The first and last local date (org time zone) of the rows read, e.g. to open the dashboard on them; null for agents or no rows. */
  dateRange: { from: string; to: string } | null;
  failureMessage: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** POST /api/imports/preview: what an import of the file would do, read by the importer's own reader and parser. */
export interface ImportPreview {
  kind: ImportKind;
  fileName: string;
  fileSize: number;
  format: 'csv' | 'xlsx' | 'jsonl';
  encoding: string | null;
  delimiter: string | null;
  header: string[];
  /** Built-in presets whose column names matched (e.g. pwc-call-centre). */
  presets: string[];
  /** True when a mapping was sent. */
  mappingApplied: boolean;
  /** Every canonical field of the kind, in order, with the source column(s) it is read from (null: not in the file). */
  fields: Array<{ field: string; required: boolean; source: ColumnRef | null }>;
  /** Required fields with no column: the import would be refused. */
  missingRequired: string[];
  /** Optional fields with a consequence that the file does not provide (as on the finished import). */
  missingFields: MissingField[];
  /** The first data records as the importer parses them. */
  rows: Array<{ row: number; status: 'ok' | 'skip' | 'error'; values: Record<string, CanonicalValue> | null; errors: RowError[] }>;
}
