import { stringify, type Options } from 'csv-stringify/sync';
import type { DataSource } from 'typeorm';
import type { RowError } from './domain/row.parser';

export const ERRORS_IN_JSON = 100;
const FLUSH_EVERY = 1000;

/**
 * Collects the row errors of one import: the first ones for the job's JSON, all of them into
 * import_errors (written on the pool, outside the import's transaction, so a rejected import
 * keeps its error list).
 */
export class ErrorSink {
  readonly first: RowError[] = [];
  rejectedRows = 0;
  private pending: Array<{ e: RowError; source: string[] | null }> = [];

  constructor(
    private readonly db: DataSource,
    private readonly importId: string,
  ) {}

  add(errors: RowError[], source: string[] | null): void {
    this.rejectedRows++;
    // PostgreSQL text and jsonb cannot hold NUL: a rejected cell with one is reported with U+FFFD in its place.
    if (source?.some((v) => v.includes('\u0000'))) source = source.map(noNul);
    for (let e of errors) {
      if (e.value?.includes('\u0000') || e.message.includes('\u0000')) e = { ...e, value: e.value === null ? null : noNul(e.value), message: noNul(e.message) };
      if (this.first.length < ERRORS_IN_JSON) this.first.push(e);
      this.pending.push({ e, source });
    }
  }

  async flushIfFull(): Promise<void> {
    if (this.pending.length >= FLUSH_EVERY) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    await this.db.query(
      `INSERT INTO import_errors (import_id, row_number, column_name, value, message, source_row)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::jsonb[])`,
      [
        this.importId,
        batch.map((b) => b.e.row),
        batch.map((b) => b.e.column),
        batch.map((b) => b.e.value),
        batch.map((b) => b.e.message),
        batch.map((b) => (b.source ? JSON.stringify(b.source) : null)),
      ],
    );
  }
}

const noNul = (s: string) => s.replaceAll('\u0000', '\uFFFD');

/**
 * errors.csv as csv-stringify writes it: UTF-8 with BOM (Excel reads the Chinese right), CRLF,
 * a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed with an apostrophe,
 * and every cell holding a line break quoted (CRLF records alone would only quote CRLF).
 */
const ERRORS_CSV: Options = { escape_formulas: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ };
const ERRORS_CSV_PAGE = 5000;

/**
 * The errors of an import as errors.csv, in pages of ERRORS_CSV_PAGE rows: row, column, value,
 * message, then the row's original columns (`header`, the file's own).
 */
export async function* errorsCsv(db: Pick<DataSource, 'query'>, importId: string, header: string[]): AsyncGenerator<string> {
  yield stringify([['row', 'column', 'value', 'message', ...header]], { ...ERRORS_CSV, bom: true });
  let after = 0;
  for (;;) {
    const rows: Array<{ id: string; row_number: number; column_name: string | null; value: string | null; message: string; source_row: unknown }> = await db.query(
      `SELECT id, row_number, column_name, value, message, source_row FROM import_errors WHERE import_id = $1 AND id > $2 ORDER BY id LIMIT ${ERRORS_CSV_PAGE}`,
      [importId, after],
    );
    if (!rows.length) return;
    yield stringify(
      rows.map((r) => [r.row_number, r.column_name, r.value, r.message, ...(Array.isArray(r.source_row) ? r.source_row : [])]),
      ERRORS_CSV,
    );
    after = Number(rows[rows.length - 1].id);
  }
}
