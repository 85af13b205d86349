/**
 * The row hash of an imported call (calls.row_hash): md5 of the call's canonical values incl.
 * its inline csat/nps, written exactly as PostgreSQL writes
 * `md5(ROW(extract(epoch FROM started_at), channel, …, csat, nps)::text)`, the form every stored
 * hash has. Computed while the row is staged, so neither the upsert nor the unchanged-row check
 * of a re-import formats a million records in SQL.
 */
import { hash } from 'node:crypto';
import type { CanonicalRow, CanonicalValue } from './row.parser';

const HASHED = ['channel', 'direction', 'queue', 'agent_code', 'customer_id', 'answered', 'queue_wait_s', 'talk_s', 'hold_s', 'acw_s', 'resolved', 'escalated', 'transferred', 'topic', 'complaint_level', 'csat', 'nps'] as const;

// C isspace(): ASCII white space only (a UTF-8 byte above 0x7f is never space).
const RECORD_SPECIAL = /["\\(),\t\n\v\f\r ]/;

/** A record field as record_out writes it: quoted when empty or holding `"` `\` `(` `)` `,` or white space; null is nothing. */
function recordField(v: CanonicalValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  const text = v instanceof Date ? v.toISOString() : v;
  if (text !== '' && !RECORD_SPECIAL.test(text)) return text;
  return `"${text.replace(/["\\]/g, (c) => c + c)}"`;
}

/** extract(epoch FROM timestamptz) as numeric text: seconds with six decimals. */
export function epochText(at: Date): string {
  const ms = at.getTime();
  const abs = Math.abs(ms);
  return `${ms < 0 ? '-' : ''}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}000`;
}

/** The text PostgreSQL gives for the call's ROW(...) (exported for the test against PostgreSQL itself). */
export function callRecordText(v: CanonicalRow): string {
  let text = '(' + epochText(v.started_at as Date);
  for (const f of HASHED) text += ',' + recordField(v[f]);
  return text + ')';
}

export function callRowHash(v: CanonicalRow): string {
  return hash('md5', callRecordText(v));
}
