import { FIELDS, type ColumnRef, type ImportKind } from './domain/import-fields';
import { missingFields } from './domain/missing-fields';
import { compileRowParser, type ImportMapping } from './domain/row.parser';
import type { ImportPreview } from './import.types';
import { isBlank, openSource, type OpenedSource } from './source.reader';

const PREVIEW_ROWS = 20;

export interface PreviewRequest {
  filePath: string;
  fileName: string;
  kind: ImportKind;
  mapping: ImportMapping | undefined;
  orgTimeZone: string;
}

/**
 * What an import of the file would do, without doing it: the import's own reader and compiled
 * parser over the first PREVIEW_ROWS records. Throws NotATableError / MappingError as the import
 * would; a missing required column is reported, not thrown.
 */
export async function readPreview(req: PreviewRequest): Promise<ImportPreview> {
  let source: OpenedSource | null = null;
  try {
    source = await openSource(req.filePath, req.fileName, req.mapping?.sheet);
    const parser = compileRowParser({ kind: req.kind, header: source.header, mapping: req.mapping, orgTimeZone: req.orgTimeZone, allowMissingRequired: true });
    const rows: ImportPreview['rows'] = [];
    outer: for await (const batch of source.batches) {
      for (const rec of batch) {
        if (rows.length >= PREVIEW_ROWS) break outer;
        if (rec.problem) {
          rows.push({ row: rec.row, status: 'error', values: null, errors: [{ row: rec.row, column: rec.problemColumn ?? null, value: rec.problemValue ?? null, message: rec.problem }] });
          continue;
        }
        if (isBlank(rec.values)) continue;
        const r = parser.parse(rec.values, rec.row);
        if (r.kind === 'ok') rows.push({ row: rec.row, status: 'ok', values: r.values, errors: [] });
        else if (r.kind === 'skip') rows.push({ row: rec.row, status: 'skip', values: null, errors: [] });
        else rows.push({ row: rec.row, status: 'error', values: null, errors: r.errors });
      }
    }
    // A preset or mapping may spell a column differently ("Call Id" for "Call ID"): show the file's own spelling.
    const header = source.header;
    const asInFile = (col: string) => header.find((h) => h.trim().toLowerCase() === col.trim().toLowerCase()) ?? col;
    const sourceOf = (ref: ColumnRef | undefined): ColumnRef | null => (ref === undefined ? null : Array.isArray(ref) ? ref.map(asInFile) : asInFile(ref));
    return {
      kind: req.kind,
      fileName: req.fileName,
      fileSize: source.fileSize,
      format: source.format,
      encoding: source.encoding,
      delimiter: source.delimiter,
      header: source.header,
      presets: parser.presets,
      mappingApplied: req.mapping !== undefined,
      fields: FIELDS[req.kind].map((f) => ({ field: f.name, required: f.required === true, source: sourceOf(parser.resolved[f.name]) })),
      missingRequired: parser.missingRequired,
      missingFields: missingFields(req.kind, parser.resolved),
      rows,
    };
  } finally {
    await source?.close().catch(() => undefined);
  }
}
