/**
 * What kind of file an upload is, judged from its first bytes (pure): XLSX (a zip), JSON Lines,
 * or delimited text in UTF-8 or GB18030; and which delimiter the text uses.
 */
export type FileFormat = 'csv' | 'xlsx' | 'jsonl';
export type TextEncoding = 'utf8' | 'gb18030' | 'utf16le';

export class NotATableError extends Error {
  /** A stable code more precise than the caller's default for an unreadable file, when there is one. */
  readonly code?: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function detectFormat(sample: Buffer, fileName = ''): FileFormat {
  if (sample.length === 0) throw new NotATableError('The file is empty.');
  if (ZIP_MAGIC.every((b, i) => sample[i] === b)) {
    if (/\.xls$/i.test(fileName)) throw new NotATableError('Old .xls workbooks are not supported; save the sheet as .xlsx or CSV.');
    return 'xlsx';
  }
  if (isUtf16le(sample)) return sample.length > 2 ? 'csv' : emptyFile();
  if (looksBinary(sample)) throw new NotATableError('The file is not a table: it looks like binary data, not CSV, XLSX or JSON Lines.');
  const text = stripBom(sample).toString('latin1').trimStart();
  if (text.length === 0) throw new NotATableError('The file is empty (only blank lines).');
  if (text.startsWith('{') || /\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  return 'csv';
}

function emptyFile(): never {
  throw new NotATableError('The file is empty.');
}

/** Excel's "Unicode text" export: UTF-16LE with a byte-order mark. */
export function isUtf16le(sample: Buffer): boolean {
  return sample[0] === 0xff && sample[1] === 0xfe;
}

function stripBom(b: Buffer): Buffer {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

/** NUL bytes or many control characters: no spreadsheet export looks like that. */
export function looksBinary(sample: Buffer): boolean {
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) control++;
  }
  return control > Math.max(2, sample.length * 0.01);
}

/** UTF-16LE with its BOM is UTF-16; valid UTF-8 (with or without BOM) is UTF-8; anything else is read as GB18030 (a superset of GBK). */
export function detectEncoding(sample: Buffer, complete: boolean): TextEncoding {
  if (isUtf16le(sample)) return 'utf16le';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // A sample cut from a longer file may end inside a character: allow up to 3 trailing bytes.
  const cuts = complete ? [0] : [0, 1, 2, 3];
  for (const cut of cuts) {
    try {
      decoder.decode(sample.subarray(0, sample.length - cut));
      return 'utf8';
    } catch {
      // try a shorter prefix
    }
  }
  return 'gb18030';
}

/** The delimiter used most in the first line (outside quotes): comma, semicolon or tab. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts['\t'] > counts[','] && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > counts[',']) return ';';
  return ',';
}
