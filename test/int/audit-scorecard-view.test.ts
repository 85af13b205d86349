import { createTestApp, TestApp } from './support/test-app';

/**
 * One user action, one `scorecard.view` row: reading another person's scorecard is traced once
 * per request, however many KPI queries the request runs inside (an agent workbook runs four).
 *
 * Fixture: team T1 with agents A1 and A2 (one call each in October 2026), team T2 with B1;
 * a supervisor of T1, an HR user, and A1's own login.
 */
describe('scorecard.view audit rows', () => {
  let t: TestApp;
  const id: Record<string, number> = {};
  let sup: string;
  let hr: string;
  let agentA1: string;
  const range = { from: '2026-10-01', to: '2026-10-31' };

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** The audit rows written while `act` ran, as `action target` strings in order. */
  async function rowsDuring(act: () => Promise<unknown>): Promise<string[]> {
    const [{ max }] = await t.db.query(`SELECT coalesce(max(id), 0) AS max FROM audit_log`);
    await act();
    const rows: { action: string; target: string }[] = await t.db.query(`SELECT action, target FROM audit_log WHERE id > $1 ORDER BY id`, [max]);
    return rows.map((r) => `${r.action} ${r.target}`);
  }

  beforeAll(async () => {
    t = await createTestApp();
    const [t1] = await t.db.query(`INSERT INTO teams (name) VALUES ('T1') RETURNING id`);
    const [t2] = await t.db.query(`INSERT INTO teams (name) VALUES ('T2') RETURNING id`);
    id.T1 = t1.id;
    id.T2 = t2.id;
    for (const [code, team] of [
      ['A1', id.T1],
      ['A2', id.T1],
      ['B1', id.T2],
    ] as const) {
      const [a] = await t.db.query(`INSERT INTO agents (code, name) VALUES ($1, $1) RETURNING id`, [code]);
      id[code] = a.id;
      await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id) VALUES ($1, $2)`, [a.id, team]);
      await t.db.query(
        `INSERT INTO calls (external_id, started_at, agent_id, answered, queue_wait_s, talk_s, acw_s, resolved, queue)
         VALUES ($1, '2026-10-05T10:00:00+08:00', $2, true, 10, 300, 20, true, 'Q')`,
        [`SV-${code}`, a.id],
      );
    }
    sup = await t.userToken('supervisor', { teamIds: [id.T1] });
    hr = await t.userToken('hr');
    agentA1 = await t.userToken('agent', { agentId: id.A1 });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('writes one scorecard.view and one export row for a supervisor exporting an agent workbook', async () => {
    const rows = await rowsDuring(async () => {
      const res = await t.http().get(`/api/exports/agent/${id.A1}`).query(range).set(bearer(sup)).buffer(true);
      expect(res.status).toBe(200);
    });
    expect(rows).toEqual([`export agent:${id.A1}`, `scorecard.view agent:${id.A1}`]);
  });

  it('writes exactly one scorecard.view row for HR asking for an agent summary', async () => {
    const rows = await rowsDuring(async () => {
      const res = await t.http().get('/api/kpis/summary').query({ ...range, agentId: id.A2 }).set(bearer(hr));
      expect(res.status).toBe(200);
    });
    expect(rows).toEqual([`scorecard.view agent:${id.A2}`]);
  });

  it('writes exactly one scorecard.view row for a supervisor asking for one agent’s KPIs', async () => {
    const rows = await rowsDuring(async () => {
      const res = await t.http().get('/api/kpis').query({ ...range, groupBy: 'agent', granularity: 'week', agentId: id.A2 }).set(bearer(sup));
      expect(res.status).toBe(200);
    });
    expect(rows).toEqual([`scorecard.view agent:${id.A2}`]);
  });

  it('writes no scorecard.view when an agent reads or exports their own scorecard', async () => {
    const rows = await rowsDuring(async () => {
      expect((await t.http().get('/api/kpis/summary').query({ ...range, agentId: id.A1 }).set(bearer(agentA1))).status).toBe(200);
      expect((await t.http().get(`/api/exports/agent/${id.A1}`).query(range).set(bearer(agentA1)).buffer(true)).status).toBe(200);
    });
    expect(rows).toEqual([`export agent:${id.A1}`]);
  });

  it('writes no scorecard.view for a refused request (nothing was seen)', async () => {
    const rows = await rowsDuring(async () => {
      expect((await t.http().get('/api/kpis/summary').query({ ...range, agentId: id.B1 }).set(bearer(sup))).status).toBe(403);
      expect((await t.http().get(`/api/exports/agent/${id.B1}`).query(range).set(bearer(sup)).buffer(true)).status).toBe(403);
    });
    expect(rows).toEqual([]);
  });

  it('writes no scorecard.view for team-level figures', async () => {
    const rows = await rowsDuring(async () => {
      expect((await t.http().get('/api/kpis').query({ ...range, groupBy: 'agent', granularity: 'total', teamId: id.T1 }).set(bearer(sup))).status).toBe(200);
      expect((await t.http().get('/api/exports/weekly').query({ week: '2026-W41', teamId: id.T1 }).set(bearer(sup)).buffer(true)).status).toBe(200);
    });
    expect(rows).toEqual([`export weekly:2026-W41:team:${id.T1}`]);
  });
});
