import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null;

const SPECIAL = /[\\\t\n\r]/;

/** One row in COPY text format: tab-separated, \N for NULL, backslash escapes. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += '\t';
    if (v === null) line += '\\N';
    else if (typeof v === 'boolean') line += v ? 't' : 'f';
    else if (typeof v === 'number') line += String(v);
    else if (!SPECIAL.test(v)) line += v;
    else line += v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
  }
  return `${line}\n`;
}

/**
 * Streams text chunks (each a run of whole lines) into `COPY table (columns) FROM STDIN`
 * with back-pressure, so large loads never sit in memory at once.
 */
export async function copyInto(client: PoolClient, table: string, columns: readonly string[], chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  const target = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks, { objectMode: false }), target);
}

/** Batches row lines into chunks of about `size` rows. */
export function* chunked<T>(rows: Iterable<T>, toLine: (row: T) => string, size = 2000): Generator<string> {
  let buffer = '';
  let n = 0;
  for (const row of rows) {
    buffer += toLine(row);
    if (++n === size) {
      yield buffer;
      buffer = '';
      n = 0;
    }
  }
  if (buffer) yield buffer;
}
