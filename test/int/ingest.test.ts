import { readFileSync } from 'node:fs';
import { createTestApp, TestApp } from './support/test-app';

const DATASETS = '/work/shared/datasets';

describe('imports', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
  });
  afterAll(() => t.close());

  const upload = (body: string | Buffer, fields: Record<string, string>, name = 'calls.csv', token = admin) => {
    let req = t.http().post('/api/imports').set('Authorization', `Bearer ${token}`).attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const importCalls = (csv: string | Buffer, extra: Record<string, string> = {}, name?: string) => upload(csv, { kind: 'calls', wait: 'true', ...extra }, name);

  it('imports the PwC dataset without a mapping', async () => {
    const res = await importCalls(readFileSync(`${DATASETS}/pwc-call-centre-2021q1.csv`), {}, 'pwc.csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', rowsTotal: 5000, rowsInserted: 5000, rowsRejected: 0, rowsSkipped: 0 });
    const [c] = await t.db.query(
      `SELECT count(*)::int AS calls, count(*) FILTER (WHERE answered)::int AS answered,
              (SELECT count(*)::int FROM agents) AS agents, (SELECT count(*)::int FROM survey_responses) AS surveys
         FROM calls WHERE external_id LIKE 'ID%'`,
    );
    expect(c).toEqual({ calls: 5000, answered: 4054, agents: 8, surveys: 4054 });
    expect(res.body.newAgents).toHaveLength(8);
  });
});
