import { callRecordText, callRowHash } from '../../server/modules/ingest/domain/call-row-hash';
import type { CanonicalRow } from '../../server/modules/ingest/domain/row.parser';
import { createTestApp, TestApp } from './support/test-app';

/** The formula every stored calls.row_hash was written with, evaluated by PostgreSQL itself. */
const SQL_RECORD = `ROW(extract(epoch FROM $1::timestamptz), $2::text, $3::text, $4::text, $5::text, $6::text, $7::boolean,
                      $8::integer, $9::integer, $10::integer, $11::integer, $12::boolean, $13::boolean, $14::boolean, $15::text,
                      $16::text, $17::smallint, $18::smallint)::text`;
const FIELDS = ['started_at', 'channel', 'direction', 'queue', 'agent_code', 'customer_id', 'answered', 'queue_wait_s', 'talk_s', 'hold_s', 'acw_s', 'resolved', 'escalated', 'transferred', 'topic', 'complaint_level', 'csat', 'nps'];

describe('call row hash computed while staging', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const base: CanonicalRow = {
    started_at: new Date('2026-11-03T01:15:00.000Z'), channel: 'phone', direction: 'inbound', queue: 'VIP', agent_code: 'A001', customer_id: 'C1',
    answered: true, queue_wait_s: 12, talk_s: 300, hold_s: 0, acw_s: null, resolved: true, escalated: false, transferred: false, topic: 'billing',
    complaint_level: 'none', csat: 4, nps: null,
  };
  const texts = ['', ' ', 'a b', 'a,b', 'say "hi"', 'back\\slash', '(x)', 'tab\there', 'line\nbreak', 'cr\rx', 'v\u000bf\u000c', '中文 客服', 'ideographic\u3000space', 'nbsp\u00a0x', 'emoji 😀', 'NULL', '""'];
  const rows: CanonicalRow[] = [
    base,
    ...['1969-12-31T23:59:59.500Z', '1970-01-01T00:00:00.000Z', '1900-02-28T12:00:00.001Z', '2026-01-05T08:00:00.999Z', '9999-12-31T23:59:59.999Z'].map((d) => ({ ...base, started_at: new Date(d) })),
    ...texts.flatMap((s) => [{ ...base, queue: s }, { ...base, topic: s, agent_code: s, customer_id: s }]),
    { ...base, answered: false, agent_code: null, customer_id: null, queue: null, topic: null, talk_s: null, hold_s: null, resolved: null, csat: null, nps: 0 },
    { ...base, queue_wait_s: 0, talk_s: 2147483647, csat: 5, nps: 10, escalated: true, transferred: true, channel: 'wechat', direction: 'outbound', complaint_level: 'urgent' },
  ];

  it(`gives, for ${rows.length} rows with every kind of awkward value, the text and md5 PostgreSQL gives`, async () => {
    const differing: string[] = [];
    for (const row of rows) {
      const params = FIELDS.map((f) => (row[f] instanceof Date ? (row[f] as Date).toISOString() : row[f]));
      const [{ text, hash }] = await t.db.query(`SELECT ${SQL_RECORD} AS text, md5(${SQL_RECORD}) AS hash`, params);
      if (text !== callRecordText(row) || hash !== callRowHash(row)) differing.push(`${JSON.stringify(text)} vs ${JSON.stringify(callRecordText(row))}`);
    }
    expect(differing).toEqual([]);
  });
});
