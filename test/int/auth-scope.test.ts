import { RollupService } from '../../server/modules/kpi/rollup.service';
import { createTestApp, TestApp } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * Two teams. Agent M was in team B until 4 November and in team A from then on (valid_to is
 * exclusive), so each supervisor sees the calls M took while in their team, and no others.
 * Calls (times UTC; the org time zone is Asia/Shanghai, UTC+8, so all fall on the dates named):
 *   A1: 2 answered (3 and 5 Nov)      A2: 1 answered (3 Nov)
 *   B1: 1 answered (3 Nov)            M: 1 answered on 3 Nov (team B), 1 on 5 Nov (team A)
 */
async function seed(t: TestApp) {
  const [a, b] = await t.db.query(`INSERT INTO teams (name) VALUES ('Scope A'), ('Scope B') RETURNING id`);
  const agents = await t.db.query(`INSERT INTO agents (code, name) VALUES ('S-A1', '李雷'), ('S-A2', '韩梅梅'), ('S-B1', 'Ho Wing'), ('S-M', '马明') RETURNING id, code`);
  const id = (code: string) => agents.find((r: { code: string }) => r.code === code).id as number;
  await t.db.query(
    `INSERT INTO agent_team_memberships (agent_id, team_id, valid_from, valid_to) VALUES
       ($1, $5, NULL, NULL), ($2, $5, NULL, NULL), ($3, $6, NULL, NULL), ($4, $6, NULL, '2026-11-04'), ($4, $5, '2026-11-04', NULL)`,
    [id('S-A1'), id('S-A2'), id('S-B1'), id('S-M'), a.id, b.id],
  );
  const call = (ext: string, at: string, agent: string) => t.db.query(
    `INSERT INTO calls (external_id, started_at, agent_id, answered, queue_wait_s, talk_s, hold_s, acw_s) VALUES ($1, $2, $3, true, 10, 200, 0, 30)`,
    [ext, at, id(agent)],
  );
  await call('SC-1', '2026-11-03T02:00:00Z', 'S-A1');
  await call('SC-2', '2026-11-05T02:00:00Z', 'S-A1');
  await call('SC-3', '2026-11-03T03:00:00Z', 'S-A2');
  await call('SC-4', '2026-11-03T04:00:00Z', 'S-B1');
  await call('SC-5', '2026-11-03T05:00:00Z', 'S-M');
  await call('SC-6', '2026-11-05T05:00:00Z', 'S-M');
  await t.app.get(RollupService).rebuildAll();
  return { teamA: a.id as number, teamB: b.id as number, id };
}

interface Row {
  group?: { id: number; code?: string; type: string };
  metrics: Record<string, { value: number | null }>;
}
const handledByCode = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.group?.code ?? r.group?.id, r.metrics.handled.value]));

describe('what each role sees of the KPIs and the data', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof seed>>;
  const tokens: Record<string, string> = {};
  const kpis = (who: string, query: string) => t.http().get(`/api/kpis?from=2026-11-01&to=2026-11-07&metrics=handled&${query}`).set(bearer(tokens[who]));

  beforeAll(async () => {
    t = await createTestApp();
    org = await seed(t);
    tokens.admin = await t.userToken('admin');
    tokens.hr = await t.userToken('hr', { email: 'hr.chen@scope.test' });
    tokens.supA = await t.userToken('supervisor', { teamIds: [org.teamA] });
    tokens.supB = await t.userToken('supervisor', { teamIds: [org.teamB] });
    tokens.agentA1 = await t.userToken('agent', { agentId: org.id('S-A1') });
  });
  afterAll(() => t.close());

  it("gives an agent asking for groupBy=agent their own row only", async () => {
    const res = await kpis('agentA1', 'groupBy=agent');
    expect(res.status).toBe(200);
    expect(handledByCode(res.body.rows)).toEqual({ 'S-A1': 2 });
  });

  it("gives an agent their own team's aggregate, and 403 for another agent or team", async () => {
    const team = await kpis('agentA1', 'groupBy=team');
    expect(team.status).toBe(200);
    // Team A over the week: A1 2 + A2 1 + M's call after the move 1 = 4.
    expect(handledByCode(team.body.rows)).toEqual({ [org.teamA]: 4 });
    expect((await kpis('agentA1', `groupBy=agent&agentId=${org.id('S-A2')}`)).status).toBe(403);
    expect((await kpis('agentA1', `groupBy=team&teamId=${org.teamB}`)).status).toBe(403);
  });

  it("gives a supervisor their teams' agents only, with a moved agent's records split by the team of the time", async () => {
    const a = await kpis('supA', 'groupBy=agent');
    expect(a.status).toBe(200);
    expect(handledByCode(a.body.rows)).toEqual({ 'S-A1': 2, 'S-A2': 1, 'S-M': 1 });
    const b = await kpis('supB', 'groupBy=agent');
    expect(handledByCode(b.body.rows)).toEqual({ 'S-B1': 1, 'S-M': 1 });
    expect((await kpis('supA', `groupBy=agent&agentId=${org.id('S-B1')}`)).status).toBe(403);
    expect((await kpis('supA', `groupBy=team&teamId=${org.teamB}`)).status).toBe(403);
    // M was in team B once, so B's supervisor may open M's record.
    expect((await t.http().get(`/api/agents/${org.id('S-M')}`).set(bearer(tokens.supB))).status).toBe(200);
  });

  it('gives hr every agent', async () => {
    const res = await kpis('hr', 'groupBy=agent');
    expect(handledByCode(res.body.rows)).toEqual({ 'S-A1': 2, 'S-A2': 1, 'S-B1': 1, 'S-M': 2 });
  });

  it('filters the agent list to what the caller may see', async () => {
    const codes = async (who: string) => (await t.http().get('/api/agents').set(bearer(tokens[who]))).body.map((a: { code: string }) => a.code).sort();
    expect(await codes('agentA1')).toEqual(['S-A1']);
    expect(await codes('supA')).toEqual(['S-A1', 'S-A2', 'S-M']);
    expect(await codes('supB')).toEqual(['S-B1']);
    expect(await codes('hr')).toEqual(['S-A1', 'S-A2', 'S-B1', 'S-M']);
  });

  it('lets hr read but not import or change settings', async () => {
    const imp = await t.http().post('/api/imports').set(bearer(tokens.hr)).field('kind', 'calls').attach('file', Buffer.from('external_id,started_at\nX,2026-11-03 10:00\n'), 'calls.csv');
    expect(imp.status).toBe(403);
    const settings = await t.http().patch('/api/settings').set(bearer(tokens.hr)).send({ fcrWindowDays: 3 });
    expect(settings.status).toBe(403);
    const [row] = await t.db.query(`SELECT fcr_window_days FROM settings`);
    expect(row.fcr_window_days).toBe(7);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM imports`);
    expect(n).toBe(0);
    expect((await t.http().get('/api/settings').set(bearer(tokens.hr))).status).toBe(200);
  });

  it("records an hr export in the audit log with the user's email", async () => {
    const res = await t.http().get('/api/exports/monthly?month=2026-11').set(bearer(tokens.hr));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const audit = await t.http().get('/api/audit?action=export').set(bearer(tokens.admin));
    expect(audit.status).toBe(200);
    expect(audit.body.total).toBe(1);
    expect(audit.body.items[0]).toMatchObject({ action: 'export', user: { email: 'hr.chen@scope.test' } });
  });
});
