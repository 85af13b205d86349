import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * Writes a call-log CSV in the canonical column names (docs/ingest.md "Columns"): `rows` rows, or until
 * the file reaches `bytes`. Deterministic (a fixed linear congruential stream), so two runs
 * measure the same file. Returns the number of data rows written.
 */
export async function writeCallCsv(path: string, options: { rows?: number; bytes?: number; agents?: number; startDate?: string; seed?: number }): Promise<number> {
  const { agents = 1000, startDate = '2026-01-05', seed = 7 } = options;
  const maxRows = options.rows ?? Number.MAX_SAFE_INTEGER;
  const maxBytes = options.bytes ?? Number.MAX_SAFE_INTEGER;
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const out = createWriteStream(path);
  const header = 'external_id,started_at,channel,direction,queue,agent_code,customer_id,answered,queue_wait_s,talk_s,hold_s,acw_s,resolved,escalated,transferred,topic,complaint_level,csat,nps\n';
  out.write(header);
  let bytes = header.length;
  const start = Date.parse(`${startDate}T00:00:00+08:00`);
  const queues = ['Mandarin', 'Cantonese', 'VIP', 'English'];
  const topics = ['billing', 'delivery', 'refund', 'account', 'complaint'];
  let rows = 0;
  let chunk = '';
  while (rows < maxRows && bytes < maxBytes) {
    const answered = rand() > 0.06;
    const at = new Date(start + Math.floor(rows / 40) * 1000 * 37 + Math.floor(rand() * 36000) * 1000);
    const agent = answered ? `B${String(Math.floor(rand() * agents)).padStart(5, '0')}` : '';
    const csat = answered && rand() < 0.2 ? String(1 + Math.floor(rand() * 5)) : '';
    const line = [
      `BENCH-${rows}`,
      at.toISOString(),
      rand() < 0.8 ? 'phone' : 'wechat',
      'inbound',
      queues[Math.floor(rand() * queues.length)],
      agent,
      `C${Math.floor(rand() * 200000)}`,
      answered ? 'true' : 'false',
      String(Math.floor(rand() * 90)),
      answered ? String(60 + Math.floor(rand() * 600)) : '',
      answered ? String(Math.floor(rand() * 60)) : '',
      answered ? String(Math.floor(rand() * 90)) : '',
      answered ? (rand() < 0.85 ? 'true' : 'false') : '',
      rand() < 0.08 ? 'true' : 'false',
      rand() < 0.1 ? 'true' : 'false',
      topics[Math.floor(rand() * topics.length)],
      'none',
      csat,
      '',
    ].join(',');
    chunk += line + '\n';
    rows++;
    if (chunk.length > 1 << 20) {
      bytes += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  if (chunk) out.write(chunk);
  out.end();
  await once(out, 'finish');
  return rows;
}
