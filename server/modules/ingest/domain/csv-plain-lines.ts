/**
 * The fast path of the CSV reader (pure): most exports are lines without a quote character,
 * which split at the delimiter exactly as a full CSV parser would read them. This reads such
 * lines and stops at the first one that needs the full parser (a quote, a carriage return that
 * is not part of the file's line ending, a line near the record size limit), so the caller can
 * hand the rest of the file to csv-parse from that record boundary on.
 */

export interface PlainLineState {
  readonly delimiter: string;
  /** The line ending, fixed by the first one in the file (as csv-parse discovers it); null until seen. */
  eol: '\n' | '\r\n' | null;
  /** 1-based number of the line the next record starts on (csv-parse counts lines the same way). */
  line: number;
}

export interface PlainLinesResult {
  /** Where reading stopped: the start of the first line not read. */
  pos: number;
  /** True when the line at `pos` needs the full CSV parser; false when it is only incomplete (more text to come). */
  needsFullParser: boolean;
}

const CR = 13;
/** Lines longer than this (in UTF-16 units, up to 3 UTF-8 bytes each) go to the full parser, which enforces the record size limit. */
export const plainLineLimit = (maxRecordBytes: number) => Math.floor(maxRecordBytes / 3);

/**
 * Appends the records of the plain lines of `text` from `start` to `out`; empty lines are skipped
 * (not records). With `final`, the text is the end of the file: a last line without line
 * ending is a record too.
 */
export function readPlainLines(text: string, start: number, state: PlainLineState, final: boolean, maxLineLength: number, out: string[][]): PlainLinesResult {
  let pos = start;
  let quoteAt = text.indexOf('"', pos);
  let crAt = text.indexOf('\r', pos);
  for (;;) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) {
      // A line this long without its end would grow without bound here; the full parser stops it at the limit.
      if (text.length - pos > maxLineLength) return { pos, needsFullParser: true };
      if (!final || pos === text.length) return { pos, needsFullParser: false };
      nl = text.length;
    }
    const atEnd = nl === text.length;
    if (state.eol === null && !atEnd) {
      if (crAt !== -1 && crAt < nl - 1) return { pos, needsFullParser: true };
      state.eol = crAt === nl - 1 ? '\r\n' : '\n';
    }
    let end = nl;
    if (state.eol === '\r\n' && !atEnd) {
      if (text.charCodeAt(nl - 1) !== CR) return { pos, needsFullParser: true };
      end = nl - 1;
    }
    if ((quoteAt !== -1 && quoteAt < nl) || (crAt !== -1 && crAt < end)) return { pos, needsFullParser: true };
    if (end - pos > maxLineLength) return { pos, needsFullParser: true };
    if (end > pos) out.push(text.slice(pos, end).split(state.delimiter));
    state.line++;
    pos = atEnd ? nl : nl + 1;
    if (atEnd) return { pos, needsFullParser: false };
    if (crAt !== -1 && crAt < pos) crAt = text.indexOf('\r', pos);
    if (quoteAt !== -1 && quoteAt < pos) quoteAt = text.indexOf('"', pos);
  }
}
