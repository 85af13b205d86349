import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';

const DATASETS = resolve(__dirname, '..', 'fixtures', 'datasets');
const uploadsLeft = () => readdirSync(tmpdir()).filter((f) => f.startsWith('callscope-upload-')).length;

describe('POST /api/imports/preview', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
  });
  afterAll(async () => {
    await t.close();
  });

  const preview = (body: string | Buffer, fields: Record<string, string>, name: string, token = admin) => {
    let req = t.http().post('/api/imports/preview').set('Authorization', `Bearer ${token}`).attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const importCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM imports`))[0].n;

  it('shows the PwC file as the server reads it: its preset, no required field missing, 20 parsed rows, nothing written', async () => {
    const before = { imports: await importCount(), uploads: uploadsLeft() };
    const res = await preview(readFileSync(`${DATASETS}/pwc-call-centre-2021q1.csv`), { kind: 'calls' }, 'pwc.csv');
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p).toMatchObject({ kind: 'calls', format: 'csv', encoding: 'utf8', delimiter: ',', presets: ['pwc-call-centre'], mappingApplied: false, missingRequired: [] });
    expect(p.header[0]).toBe('Call Id');
    const source = Object.fromEntries(p.fields.map((f: { field: string; source: unknown }) => [f.field, f.source]));
    expect(source).toMatchObject({ external_id: 'Call Id', started_at: ['Date', 'Time'], agent_code: 'Agent', talk_s: 'AvgTalkDuration', csat: 'Satisfaction rating', channel: null, customer_id: null });
    expect(p.fields.filter((f: { required: boolean }) => f.required).map((f: { field: string }) => f.field)).toEqual(['external_id', 'started_at']);
    // The file has no channel, customer, hold, wrap-up, escalation or transfer column (issue 17's consequences).
    expect(p.missingFields.map((m: { field: string }) => m.field)).toEqual(['channel', 'customer_id', 'hold_s', 'acw_s', 'escalated', 'transferred']);
    expect(p.rows).toHaveLength(20);
    // ID0001,Diane,2021-01-01,9:12:58,Contract related,Y,Y,109,0:02:23,3 — Shanghai is UTC+8; 0:02:23 is 143 s.
    expect(p.rows[0]).toEqual({
      row: 2,
      status: 'ok',
      errors: [],
      values: expect.objectContaining({ external_id: 'ID0001', agent_code: 'Diane', started_at: '2021-01-01T01:12:58.000Z', answered: true, resolved: true, queue_wait_s: 109, talk_s: 143, csat: 3, topic: 'Contract related' }),
    });
    // ID0006 was not answered: no speed of answer, talk time or rating.
    expect(p.rows[5].values).toMatchObject({ external_id: 'ID0006', answered: false, queue_wait_s: null, talk_s: null, csat: null });
    expect(await importCount()).toBe(before.imports);
    expect(uploadsLeft()).toBe(before.uploads);
  });

  it('applies the documented bank mapping: tab-separated, the composite id, translated values and PHANTOM rules', async () => {
    const mapping = readFileSync('docs/mappings/anonymous-bank.json', 'utf8');
    const res = await preview(readFileSync(`${DATASETS}/anonymous-bank-1999-02.tsv`), { kind: 'calls', mapping }, 'bank.tsv');
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p).toMatchObject({ format: 'csv', delimiter: '\t', mappingApplied: true, missingRequired: [] });
    const source = Object.fromEntries(p.fields.map((f: { field: string; source: unknown }) => [f.field, f.source]));
    expect(source).toMatchObject({ external_id: ['vru+line', 'call_id'], started_at: ['date', 'vru_entry'], answered: 'outcome', agent_code: 'server', talk_s: 'ser_time' });
    expect(p.missingFields.map((m: { field: string }) => m.field)).toEqual(['channel', 'hold_s', 'acw_s', 'resolved', 'escalated', 'transferred']);
    expect(p.rows).toHaveLength(20);
    // AA0101 34536 990201 7:02:47 AGENT ser_time 166 DORIT; Israel is UTC+2 in February.
    expect(p.rows[0].values).toMatchObject({ external_id: 'AA0101-34536', started_at: '1999-02-01T05:02:47.000Z', answered: true, agent_code: 'DORIT', talk_s: 166, customer_id: null });
    // 34537 answered by NO_SERVER: no agent; 34539 HANG from customer 23317894.
    expect(p.rows[1].values).toMatchObject({ external_id: 'AA0101-34537', agent_code: null });
    expect(p.rows[3].values).toMatchObject({ external_id: 'AA0101-34539', answered: false, customer_id: '23317894' });
  });

  it('tells the dates a dry run covered (local dates, Shanghai) and labels it a dry run', async () => {
    const res = await t.http().post('/api/imports').set('Authorization', `Bearer ${admin}`).field('kind', 'calls').field('dryRun', 'true').field('wait', 'true').attach('file', readFileSync(`${DATASETS}/pwc-call-centre-2021q1.csv`), 'pwc.csv');
    expect(res.status).toBe(200);
    // The file's Date column runs from 2021-01-01 to 2021-03-31 (times 9:00-18:00 local).
    expect(res.body).toMatchObject({ dryRun: true, written: false, dateRange: { from: '2021-01-01', to: '2021-03-31' } });
    const listed = await t.http().get('/api/imports').set('Authorization', `Bearer ${admin}`);
    expect(listed.body.find((j: { id: string }) => j.id === res.body.id)).toMatchObject({ dryRun: true, dateRange: { from: '2021-01-01', to: '2021-03-31' } });
  });

  it('names each source column as the file spells it, whatever the preset says', async () => {
    // The PwC preset names "Call Id"; this file says "CALL ID".
    const res = await preview('CALL ID,Agent,Date,Time\nX1,Ann,2021-01-04,9:00:00\n', { kind: 'calls' }, 'c.csv');
    expect(res.status).toBe(200);
    const source = Object.fromEntries(res.body.fields.map((f: { field: string; source: unknown }) => [f.field, f.source]));
    expect(source).toMatchObject({ external_id: 'CALL ID', agent_code: 'Agent', started_at: ['Date', 'Time'] });
    expect(res.body.rows[0].values).toMatchObject({ external_id: 'X1', agent_code: 'Ann', started_at: '2021-01-04T01:00:00.000Z' });
  });

  it('names the required fields a file lacks instead of refusing it, and shows the rows failing for it', async () => {
    const res = await preview('call_ref;when;agent\nX1;2024-03-04 09:00;A1\n', { kind: 'calls' }, 'calls.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ delimiter: ';', missingRequired: ['external_id', 'started_at'] });
    expect(res.body.rows).toEqual([{ row: 2, status: 'error', values: null, errors: [
      expect.objectContaining({ message: 'external_id: a value is required (external_id).' }),
      expect.objectContaining({ message: 'started_at: a value is required (started_at).' }),
    ] }]);
  });

  it('refuses what an import refuses, with the field named', async () => {
    const noFile = await t.http().post('/api/imports/preview').set('Authorization', `Bearer ${admin}`).field('kind', 'calls');
    expect(noFile.status).toBe(400);
    expect(noFile.body.message).toMatch(/^file:/);
    const badKind = await preview('a,b\n1,2\n', { kind: 'tickets' }, 'x.csv');
    expect(badKind.status).toBe(400);
    expect(badKind.body.message).toMatch(/^kind:/);
    const badMapping = await preview('a,b\n1,2\n', { kind: 'calls', mapping: '{"columns":{"external_id":"nope"}}' }, 'x.csv');
    expect(badMapping.status).toBe(400);
    expect(badMapping.body.message).toMatch(/mapping\.columns\.external_id: the file has no column "nope"/);
  });

  // Every role: access-matrix.test.ts.
  it('is for those who import: hr, read-only, is refused', async () => {
    const res = await preview('agent_code,name\nZ1,Z\n', { kind: 'agents' }, 'a.csv', await t.userToken('hr'));
    expect(res.status).toBe(403);
  });
});
