import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { createReadStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import { isAscii } from 'node:buffer';
import { plainLineLimit, PlainLineState, readPlainLines } from './domain/csv-plain-lines';
import { ZIP_TAIL_BYTES, zipDirectoryProblem } from './domain/zip-directory';
import { detectDelimiter, detectEncoding, detectFormat, FileFormat, NotATableError, TextEncoding } from './domain/format-detect';

/** One record of the source: its 1-based record number (the header is 1) and its cells as text. */
export interface SourceRecord {
  row: number;
  values: string[];
  /** Set when the record itself could not be read (a JSON Lines line that is not an object, an uncalculated formula). */
  problem?: string;
  /** The column (and its value) the problem is in, when it is in one. */
  problemColumn?: string;
  problemValue?: string;
}

export interface OpenedSource {
  format: FileFormat;
  encoding: TextEncoding | null;
  /** The CSV delimiter detected; null for XLSX and JSON Lines. */
  delimiter: string | null;
  header: string[];
  fileSize: number;
  /** Bytes of the file consumed so far, for progress. */
  bytesRead(): number;
  /** The data records after the header, in batches (one await per batch, not per record). */
  batches: AsyncGenerator<SourceRecord[]>;
  close(): Promise<void>;
}

const SAMPLE_BYTES = 64 * 1024;

/**
 * Opens an uploaded file as a stream of records and reads its header. Nothing is held whole in
 * memory: CSV through csv-parse, XLSX through exceljs' streaming reader, JSON Lines line by line.
 * A file that is not a table raises NotATableError before any record is read.
 */
/** `knownEncoding`: the text encoding an earlier opening of the same file found (skips a whole-file probe). */
export async function openSource(filePath: string, fileName: string, sheet?: string, knownEncoding?: TextEncoding | null): Promise<OpenedSource> {
  const { size } = await fs.stat(filePath);
  const handle = await fs.open(filePath, 'r');
  const sample = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
  try {
    await handle.read(sample, 0, sample.length, 0);
  } finally {
    await handle.close();
  }
  const format = detectFormat(sample, fileName);
  if (format === 'xlsx') {
    const problem = zipDirectoryProblem(await readTail(filePath, size), size);
    if (problem) throw new NotATableError(problem);
  }
  // Before the stream below starts flowing.
  const probe = format === 'csv' && !knownEncoding && size > SAMPLE_BYTES && isAscii(sample) ? await firstNonAscii(filePath, size) : null;
  // `bytes`: of the file; `parsed`: of a workbook's shared strings, which are decompressed and read
  // well ahead of the file (a few MB of zip can hold a million strings), so they count as progress too.
  const counter = { bytes: 0, parsed: 0 };
  const stream = createReadStream(filePath, { highWaterMark: 256 * 1024 });
  stream.on('data', (chunk) => (counter.bytes += chunk.length));

  let records: AsyncGenerator<SourceRecord[]>;
  let encoding: TextEncoding | null = null;
  let delimiter: string | null = null;
  if (format === 'csv') {
    encoding = knownEncoding ?? (probe ? detectEncoding(probe.window, probe.complete) : detectEncoding(sample, size <= SAMPLE_BYTES));
    const sampleText = encoding === 'utf8' ? sample.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(sample, encoding === 'utf16le' ? 'utf-16le' : 'gb18030');
    const input: Readable = encoding === 'utf8' ? stream : (stream.pipe(iconv.decodeStream(encoding === 'utf16le' ? 'utf-16le' : 'gb18030')) as unknown as Readable);
    delimiter = detectDelimiter(sampleText.replace(/^\s+/, ''));
    records = csvRecords(input, delimiter);
  } else if (format === 'jsonl') {
    encoding = 'utf8';
    records = jsonLines(stream);
  } else {
    records = xlsxRecords(stream, sheet, (n) => (counter.parsed += n));
  }
  const close = async () => {
    stream.destroy();
    // return() waits for a pending next(); a reader stuck on a damaged file never settles that one.
    const returned = records.return(undefined).then(() => undefined, () => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([returned, new Promise<void>((r) => (timer = setTimeout(r, 1000)))]);
    clearTimeout(timer);
  };

  let first: IteratorResult<SourceRecord[]>;
  try {
    first = await headerWithin(records.next(), () => counter.bytes + counter.parsed, () => counter.bytes >= size, format);
  } catch (e) {
    await close();
    if (e instanceof NotATableError) throw e;
    throw new NotATableError(`The file could not be read as ${format.toUpperCase()}: ${(e as Error).message}`, { cause: e });
  }
  if (first.done || !first.value.length || first.value[0].values.every((v) => v.trim() === '')) {
    await close();
    throw new NotATableError(format === 'xlsx' ? 'The sheet is empty: it has no header row.' : 'The file has no header row.');
  }
  const header = first.value[0].values.map((v) => v.trim());
  const rest = first.value.slice(1);
  async function* batches(): AsyncGenerator<SourceRecord[]> {
    if (rest.length) yield rest;
    yield* records;
  }
  return { format, encoding, delimiter, header, fileSize: size, bytesRead: () => counter.bytes, batches: batches(), close };
}

async function readTail(filePath: string, size: number): Promise<Buffer> {
  const handle = await fs.open(filePath, 'r');
  try {
    const tail = Buffer.alloc(Math.min(size, ZIP_TAIL_BYTES));
    await handle.read(tail, 0, tail.length, size - tail.length);
    return tail;
  } finally {
    await handle.close();
  }
}

/**
 * Reading the header must keep consuming the file (or, for a workbook, its shared strings, which
 * are parsed before its first row); a reader stuck this long on a damaged file never gives it.
 * Once the whole file is read the reader may still be busy, so the limit there is much longer: a
 * busy machine must not fail a good workbook.
 */
const HEADER_STALL_MS = 5000;
const HEADER_STALL_AFTER_EOF_MS = 20_000;

function headerWithin<T>(first: Promise<T>, progress: () => number, fileRead: () => boolean, format: FileFormat): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let seen = -1;
    let since = Date.now();
    const timer = setInterval(() => {
      const limit = fileRead() ? HEADER_STALL_AFTER_EOF_MS : HEADER_STALL_MS;
      if (progress() !== seen) {
        seen = progress();
        since = Date.now();
      } else if (Date.now() - since >= limit) {
        reject(new NotATableError(`The file could not be read as ${format.toUpperCase()}: no row could be read from it (is it incomplete or damaged?).`));
      }
    }, 250);
    first.then(resolve, reject).finally(() => clearInterval(timer));
  });
}

/**
 * A GBK export whose first 64 KiB happen to be plain ASCII (English headers, numbers) would pass
 * for UTF-8 and have its later Chinese turned into U+FFFD: look for the first non-ASCII byte
 * and judge the encoding from there. Null when the whole file is ASCII (UTF-8 then).
 */
async function firstNonAscii(filePath: string, size: number): Promise<{ window: Buffer; complete: boolean } | null> {
  const handle = await fs.open(filePath, 'r');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    for (let pos = SAMPLE_BYTES; pos < size; pos += chunk.length) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, pos);
      const read = chunk.subarray(0, bytesRead);
      if (isAscii(read)) continue;
      const at = read.findIndex((byte) => byte >= 0x80);
      const window = Buffer.alloc(Math.min(SAMPLE_BYTES, size - (pos + at)));
      await handle.read(window, 0, window.length, pos + at);
      return { window, complete: pos + at + window.length >= size };
    }
    return null;
  } finally {
    await handle.close();
  }
}

const BATCH = 1000;

/** Reads a stream of objects in batches: one promise per batch instead of one per record. */
async function* readBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let ended = false;
  let failure: Error | null = null;
  stream.on('end', () => (ended = true));
  stream.on('error', (e) => (failure = e));
  for (;;) {
    if (failure) throw failure;
    const batch: T[] = [];
    let item: T | null;
    while (batch.length < BATCH && (item = stream.read() as T | null) !== null) batch.push(item);
    if (batch.length) {
      yield batch;
      continue;
    }
    if (ended || stream.readableEnded) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('readable', done).off('end', done).off('error', done);
        resolve();
      };
      stream.on('readable', done).on('end', done).on('error', done);
    });
  }
}

const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * CSV records: plain lines (no quote, the file's own line ending) are split here at the
 * delimiter, exactly as csv-parse would read them but several times faster; from the first line
 * that needs a real CSV parser on, the rest of the file goes through csv-parse, which then
 * carries on from that record (and line number) as if it had read the whole file.
 */
export async function* csvRecords(input: Readable, delimiter: string): AsyncGenerator<SourceRecord[]> {
  const decoder = new StringDecoder('utf8');
  const decode = (chunk: Buffer | string) => (typeof chunk === 'string' ? chunk : decoder.write(chunk));
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const state: PlainLineState = { delimiter, eol: null, line: 1 };
  const maxLineLength = plainLineLimit(MAX_RECORD_BYTES);
  let row = 0;
  let text = '';
  let bomChecked = false;
  try {
    for (;;) {
      const next = await chunks.next();
      text += next.done ? decoder.end() : decode(next.value);
      if (!bomChecked && text.length) {
        bomChecked = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      const lines: string[][] = [];
      const read = readPlainLines(text, 0, state, next.done === true, maxLineLength, lines);
      text = text.slice(read.pos);
      for (let i = 0; i < lines.length; i += BATCH) yield lines.slice(i, i + BATCH).map((values) => ({ row: ++row, values }));
      if (read.needsFullParser) break;
      if (next.done) return;
    }
    const parser = parse({
      delimiter,
      bom: false,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      ...(state.eol ? { record_delimiter: state.eol } : {}),
    });
    // Its messages ("at line N") then count lines from the start of the file.
    (parser.info as { lines: number }).lines = state.line;
    const rest = text;
    const feed = Readable.from(
      (async function* () {
        if (rest) yield rest;
        for (;;) {
          const next = await chunks.next();
          if (next.done) break;
          yield decode(next.value);
        }
        const tail = decoder.end();
        if (tail) yield tail;
      })(),
      { objectMode: false },
    );
    text = '';
    feed.on('error', (e) => parser.destroy(e));
    feed.pipe(parser);
    try {
      for await (const batch of readBatches<string[]>(parser)) yield batch.map((values) => ({ row: ++row, values }));
    } finally {
      feed.unpipe(parser);
      feed.destroy();
      parser.destroy();
    }
  } catch (e) {
    throw new Error(`record ${row + 1}: ${(e as Error).message}`, { cause: e });
  } finally {
    await chunks.return?.();
  }
}

/** JSON Lines: the first object's keys are the header; a later object's extra keys are ignored. */
async function* jsonLines(input: Readable): AsyncGenerator<SourceRecord[]> {
  yield* batched(jsonLineRecords(input));
}

async function* jsonLineRecords(input: Readable): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: string[] | null = null;
  let headerKeys: Set<string> | null = null;
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      const trimmed = text.trim();
      if (trimmed === '') continue;
      let obj: unknown;
      try {
        obj = JSON.parse(trimmed.replace(/^\uFEFF/, ''));
      } catch {
        if (!header) throw new NotATableError(`Line ${line} is not a JSON object, so the file is not JSON Lines.`);
        yield { row: line, values: [], problem: 'This line is not valid JSON.' };
        continue;
      }
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
        if (!header) throw new NotATableError(`Line ${line} is not a JSON object, so the file is not JSON Lines.`);
        yield { row: line, values: [], problem: 'This line is not a JSON object.' };
        continue;
      }
      const record = obj as Record<string, unknown>;
      if (!header) {
        header = Object.keys(record);
        headerKeys = new Set(header);
        // The keys of the first object are the header; that object is also the first data record.
        yield { row: 0, values: header };
      }
      const values = header.map((k) => cellText(record[k]));
      // A key the first line lacks has no column: dropping its value silently would lose data.
      const extra = Object.keys(record).filter((k) => !headerKeys!.has(k) && record[k] !== null && record[k] !== undefined);
      if (extra.length) {
        yield {
          row: line,
          values,
          problem: `${extra.join(', ')}: the first line has no key ${extra.map((k) => `"${k}"`).join(', ')}, so this value would be lost. JSON Lines take their columns from the first line: give every key there (null when unknown).`,
          problemColumn: extra[0],
          problemValue: cellText(record[extra[0]]),
        };
        continue;
      }
      yield { row: line, values };
    }
  } finally {
    lines.close();
  }
}

async function* batched(records: AsyncGenerator<SourceRecord>): AsyncGenerator<SourceRecord[]> {
  let batch: SourceRecord[] = [];
  for await (const r of records) {
    batch.push(r);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

async function* xlsxRecords(input: Readable, sheet: string | undefined, onTableBytes: (n: number) => void): AsyncGenerator<SourceRecord[]> {
  yield* batched(xlsxRowRecords(input, sheet, onTableBytes));
}

/**
 * The most a workbook's shared-string table may hold (docs/ingest.md "Limits"). Every distinct
 * text of a workbook is kept in memory for as long as its sheets are read, so an upload of up to
 * CALLSCOPE_MAX_UPLOAD_BYTES could otherwise fill the server's heap. Both are checked while the
 * table is read, before any row is: the count as strings are added, the bytes as the
 * (decompressed) XML arrives.
 */
export const XLSX_MAX_SHARED_STRINGS = 1_000_000;
export const XLSX_MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024;

export class SharedStringsLimitError extends NotATableError {
  override readonly code = 'xlsx_shared_strings_limit';
  constructor(what: string) {
    super(
      `The workbook's table of distinct texts is too large (${what}): Callscope reads at most ${XLSX_MAX_SHARED_STRINGS.toLocaleString('en')} ` +
        `distinct texts, ${XLSX_MAX_SHARED_STRINGS_BYTES / 1024 / 1024} MiB in all, per workbook. Save the sheet as CSV (read as a stream, with no such limit) or split it, and import that.`,
    );
  }
}

type SaxEvent = { eventType: 'opentag' | 'closetag'; value: { name: string } } | { eventType: 'text'; value: string };
// exceljs' own SAX wrapper (saxes), the one its reader uses for every other part of the workbook.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parseSax = require('exceljs/lib/utils/parse-sax') as (input: AsyncIterable<Buffer>) => AsyncIterable<SaxEvent[]>;

/**
 * exceljs' streaming reader with a bounded shared-string table. Its own table reader keeps every
 * string without limit; this one keeps the same values (the text of an entry, runs joined) up to
 * the limits above. Phonetic guides (`<rPh>`) are not part of a cell's text.
 */
class BoundedWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(
    input: Readable,
    options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
    private readonly onTableBytes: (n: number) => void,
  ) {
    super(input, options);
  }

  // A generator because exceljs calls it with `yield*`; in 'cache' mode it yields nothing.
  // eslint-disable-next-line require-yield
  async *_parseSharedStrings(entry: AsyncIterable<Buffer>): AsyncGenerator<never> {
    const table: string[] = [];
    (this as unknown as { sharedStrings: string[] }).sharedStrings = table;
    let bytes = 0;
    const onTableBytes = this.onTableBytes;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const chunk of entry) {
        bytes += chunk.length;
        onTableBytes(chunk.length);
        if (bytes > XLSX_MAX_SHARED_STRINGS_BYTES) throw new SharedStringsLimitError(`more than ${XLSX_MAX_SHARED_STRINGS_BYTES / 1024 / 1024} MiB`);
        yield chunk;
      }
    }
    let text = '';
    let inText = false;
    let phonetic = 0;
    for await (const events of parseSax(counted())) {
      for (const event of events) {
        if (event.eventType === 'text') {
          if (inText && !phonetic) text += event.value;
        } else if (event.value.name === 't') {
          inText = event.eventType === 'opentag';
        } else if (event.value.name === 'rPh') {
          phonetic += event.eventType === 'opentag' ? 1 : -1;
        } else if (event.value.name === 'si') {
          if (event.eventType === 'closetag') {
            if (table.length >= XLSX_MAX_SHARED_STRINGS) throw new SharedStringsLimitError(`more than ${XLSX_MAX_SHARED_STRINGS.toLocaleString('en')} texts`);
            table.push(text);
          }
          text = '';
        }
      }
    }
  }
}

async function* xlsxRowRecords(input: Readable, sheet: string | undefined, onTableBytes: (n: number) => void): AsyncGenerator<SourceRecord> {
  const reader = new BoundedWorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' }, onTableBytes);
  let found = false;
  for await (const ws of reader) {
    const name = (ws as unknown as { name: string }).name;
    if (found || (sheet !== undefined && name !== sheet)) {
      for await (const _row of ws) void _row;
      continue;
    }
    found = true;
    // The first stored row is the header; `row` is the sheet row number, as Excel shows it.
    let width = 0;
    let headerSeen = false;
    let firstRow = 0;
    let header: string[] = [];
    for await (const r of ws) {
      const row = r as ExcelJS.Row;
      const cells = (row.values as unknown[]).slice(1);
      if (!headerSeen) {
        width = cells.length;
        headerSeen = true;
        firstRow = row.number;
      }
      const values: string[] = [];
      let uncalculated = -1;
      for (let i = 0; i < Math.max(width, cells.length); i++) {
        if (uncalculated === -1 && isUncalculatedFormula(cells[i])) uncalculated = i;
        values.push(xlsxCellText(cells[i]));
      }
      if (uncalculated !== -1 && headerSeen && row.number !== firstRow) {
        const column = header[uncalculated] || `column ${uncalculated + 1}`;
        yield { row: row.number, values, problem: `${column}: the cell holds a formula (${values[uncalculated]}) whose value was never calculated; open the file in Excel, save it and upload it again.`, problemColumn: column, problemValue: values[uncalculated] };
        continue;
      }
      if (row.number === firstRow) header = values.map((v) => v.trim());
      yield { row: row.number, values };
    }
    if (!headerSeen) throw new NotATableError(`The sheet "${name}" is empty: it has no header row.`);
  }
  if (!found) throw new NotATableError(sheet ? `The workbook has no sheet named "${sheet}".` : 'The workbook has no sheets.');
}

/** A formula cell without a cached result (files written by tools, not by Excel): its value is unknown. */
function isUncalculatedFormula(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || v instanceof Date) return false;
  const o = v as { formula?: unknown; sharedFormula?: unknown; result?: unknown };
  return (o.formula !== undefined || o.sharedFormula !== undefined) && o.result === undefined;
}

/** Excel dates become local wall-clock text (the workbook has no zone); times of day become h:mm:ss. */
function xlsxCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const iso = v.toISOString();
    if (v.getUTCFullYear() <= 1900) {
      const secs = Math.round((v.getTime() - Date.UTC(1899, 11, 30)) / 1000);
      return `${Math.floor(secs / 3600)}:${String(Math.floor((secs % 3600) / 60)).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`;
    }
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: Array<{ text: string }>; text?: string; error?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return xlsxCellText(o.result);
    if (o.text !== undefined) return String(o.text);
    // An error cell reads as Excel shows it (#N/A), as in Excel's CSV export: never as blank (unknown) or as 0.
    if (o.error) return String(o.error);
    const f = v as { formula?: string; sharedFormula?: string };
    if (f.formula !== undefined || f.sharedFormula !== undefined) return `=${f.formula ?? f.sharedFormula}`;
    return JSON.stringify(v);
  }
  return String(v);
}

/** A record with no value in any cell (a blank line or an empty sheet row) is not a row of the import. */
export function isBlank(values: string[]): boolean {
  for (const v of values) if (v.trim() !== '') return false;
  return true;
}
