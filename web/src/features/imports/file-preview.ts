import type { ImportKind } from './api/import-keys';

/** Canonical fields per import kind (kpi-spec section 1), required ones first. */
export const FIELDS: Record<ImportKind, { required: string[]; optional: string[] }> = {
  calls: {
    required: ['external_id', 'started_at'],
    optional: ['channel', 'direction', 'queue', 'agent_code', 'customer_id', 'answered', 'queue_wait_s', 'talk_s', 'hold_s', 'acw_s', 'resolved', 'escalated', 'transferred', 'topic', 'complaint_level', 'recording_url', 'csat', 'nps'],
  },
  surveys: { required: ['call_external_id'], optional: ['responded_at', 'csat', 'nps', 'ces', 'comment'] },
  agents: { required: ['agent_code', 'name'], optional: ['team', 'site', 'email', 'team_since', 'active'] },
  evaluations: { required: ['agent_code', 'evaluated_at', 'score'], optional: ['auto_fail', 'call_external_id', 'evaluator', 'form', 'comment'] },
  transcripts: { required: ['call_external_id', 'seq', 'speaker', 'text'], optional: ['offset_s'] },
  complaints: { required: ['external_id', 'opened_at', 'level'], optional: ['call_external_id', 'agent_code', 'first_response_at', 'resolved_at', 'category'] },
};

export interface Preview {
  columns: string[];
  rows: string[][];
}

/** Splits the head of a delimited text into records, honouring quotes (a quoted field may hold newlines). */
export function parseDelimited(text: string, maxRows = 6): Preview {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t', '|'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0].d;
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < src.length && records.length <= maxRows; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  // A final record without a newline counts only if the whole text was read.
  if ((field !== '' || record.length > 0) && records.length <= maxRows) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...rows] = records.filter((r) => r.length > 1 || r[0] !== '');
  return { columns: header.map((h) => h.trim()), rows: rows.slice(0, maxRows - 1) };
}

/** JSON Lines: the keys of the first records become the columns. */
export function parseJsonLines(text: string, maxRows = 5): Preview {
  const objs = text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(0, maxRows)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const columns = [...new Set(objs.flatMap((o) => Object.keys(o)))];
  return { columns, rows: objs.map((o) => columns.map((c) => (o[c] === undefined || o[c] === null ? '' : String(o[c])))) };
}

/** Source column matched to each canonical field by name, case-insensitively. */
export function autoMapping(kind: ImportKind, columns: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const lower = new Map(columns.map((c) => [c.toLowerCase().replace(/[\s-]+/g, '_'), c]));
  for (const f of [...FIELDS[kind].required, ...FIELDS[kind].optional]) {
    const hit = lower.get(f);
    if (hit) out[f] = hit;
  }
  return out;
}

/** The mapping to send: none when every mapped column already carries its canonical name. */
export function mappingToSend(map: Record<string, string>): Record<string, string> | undefined {
  const entries = Object.entries(map).filter(([, src]) => src);
  if (entries.every(([field, src]) => field === src.toLowerCase())) return undefined;
  return Object.fromEntries(entries);
}

export async function previewFile(file: File): Promise<Preview | null> {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx') || name.endsWith('.xls')) return null;
  const head = await readHead(file, 64 * 1024);
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return parseJsonLines(head);
  return parseDelimited(head);
}

async function readHead(file: File, bytes: number): Promise<string> {
  const blob = file.slice(0, bytes);
  const buf = await new Promise<ArrayBuffer>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
  try {
    // stream: a character cut at the end of the slice is held back, not an error.
    return new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: true });
  } catch {
    // Not UTF-8: GB18030 is the other encoding the importer accepts.
    try {
      return new TextDecoder('gb18030').decode(buf);
    } catch {
      return new TextDecoder('utf-8').decode(buf);
    }
  }
}
