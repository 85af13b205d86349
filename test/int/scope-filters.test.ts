/**
 * Issue 15, the scope findings under "Lower": a filter naming something outside the caller's
 * scope is a 403 (never an empty 200); evaluation ids the caller may not see are the same 404 as
 * ids that do not exist; an agent who moved teams sees each team's figures only for the days they
 * were in it; `/api/settings` gives each caller the targets of their own teams only.
 *
 * Fixture (org zone Asia/Shanghai): site North with team A (A1, and MV until 2026-11-10), site
 * South with team B (B1, and MV from 2026-11-10).
 */
import { ImportService } from '../../server/modules/ingest/import.service';
import { createTestApp, TestApp } from './support/test-app';

describe('scope of filters, ids and team figures (issue 15)', () => {
  let t: TestApp;
  let admin: string;
  let supervisorA: string;
  let agentA1: string;
  let mover: string;
  const ids = {} as Record<'siteNorth' | 'siteSouth' | 'teamA' | 'teamB' | 'a1' | 'b1' | 'mv', number>;

  const get = (token: string, path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`);
  const post = (token: string, path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${token}`).send(body);
  const importAs = async (kind: string, csv: string) => {
    const res = await t.http().post('/api/imports').set('Authorization', `Bearer ${admin}`).field('kind', kind).field('wait', 'true').attach('file', Buffer.from(csv), `${kind}.csv`);
    expect(res.body).toMatchObject({ status: 'succeeded', rowsRejected: 0 });
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
    await importAs('agents', 'agent_code,name,team,site\nA1,A One,Team A,North\nB1,B One,Team B,South\nMV,Mover,Team A,North\n');
    await importAs('agents', 'agent_code,name,team,team_since\nMV,Mover,Team B,2026-11-10\n');
    for (const [k, sql] of Object.entries({
      siteNorth: `SELECT id FROM sites WHERE name = 'North'`, siteSouth: `SELECT id FROM sites WHERE name = 'South'`,
      teamA: `SELECT id FROM teams WHERE name = 'Team A'`, teamB: `SELECT id FROM teams WHERE name = 'Team B'`,
      a1: `SELECT id FROM agents WHERE code = 'A1'`, b1: `SELECT id FROM agents WHERE code = 'B1'`, mv: `SELECT id FROM agents WHERE code = 'MV'`,
    })) ids[k as keyof typeof ids] = (await t.db.query(sql))[0].id;
    // Talk times chosen so every mix of days and teams gives a different average.
    await importAs('calls', [
      'external_id,started_at,agent_code,answered,talk_s,hold_s,acw_s',
      'A-05,2026-11-05 10:00,A1,true,100,0,0', 'MV-05,2026-11-05 11:00,MV,true,200,0,0', 'A-12,2026-11-12 10:00,A1,true,1000,0,0',
      'B-05,2026-11-05 10:00,B1,true,3000,0,0', 'B-12,2026-11-12 10:00,B1,true,400,0,0', 'MV-12,2026-11-12 11:00,MV,true,600,0,0',
    ].join('\n'));
    await importAs('evaluations', 'agent_code,evaluated_at,score\nB1,2026-11-20 10:00,70\nA1,2026-11-20 10:00,80\n');
    supervisorA = await t.userToken('supervisor', { teamIds: [ids.teamA] });
    agentA1 = await t.userToken('agent', { agentId: ids.a1 });
    mover = await t.userToken('agent', { agentId: ids.mv });
  });
  afterAll(async () => {
    await t.app.get(ImportService).idle();
    await t.close();
  });

  describe('a filter outside the scope is a 403, not an empty 200', () => {
    const month = 'from=2026-11-01&to=2026-11-30';
    it('agent: /api/kpis?siteId= of another site; their own site answers', async () => {
      const other = await get(agentA1, `/api/kpis?${month}&siteId=${ids.siteSouth}`);
      expect([other.status, other.body.code]).toEqual([403, 'forbidden_scope']);
      expect((await get(agentA1, `/api/kpis?${month}&siteId=${ids.siteNorth}`)).status).toBe(200);
      expect((await get(agentA1, `/api/kpis/summary?${month}&siteId=${ids.siteSouth}`)).status).toBe(403);
    });

    it('supervisor: /api/agents?siteId= of a site without their teams; their own site lists their agents', async () => {
      const other = await get(supervisorA, `/api/agents?siteId=${ids.siteSouth}`);
      expect([other.status, other.body.code]).toEqual([403, 'forbidden_scope']);
      const own = await get(supervisorA, `/api/agents?siteId=${ids.siteNorth}`);
      expect(own.body.map((a: { code: string }) => a.code)).toEqual(['A1']);
      expect((await get(agentA1, `/api/agents?siteId=${ids.siteSouth}`)).status).toBe(403);
      expect((await get(admin, `/api/agents?siteId=${ids.siteSouth}`)).body.map((a: { code: string }) => a.code)).toEqual(['B1', 'MV']);
    });

    it("POST /api/qa/samples with another team's agentIds; the own team's draw", async () => {
      const body = { from: '2026-11-01', to: '2026-11-30', perAgent: 5 };
      const other = await post(supervisorA, '/api/qa/samples', { ...body, agentIds: [ids.a1, ids.b1] });
      expect([other.status, other.body.code]).toEqual([403, 'forbidden_scope']);
      expect(other.body.message).toContain(`agent ${ids.b1}`);
      const own = await post(supervisorA, '/api/qa/samples', { ...body, agentIds: [ids.a1] });
      expect(own.status).toBe(201);
      expect(own.body.calls.map((c: { externalId: string }) => c.externalId).sort()).toEqual(['A-05', 'A-12']);
    });

    it('GET /api/qa/evaluations?callExternalId= of another team\'s call', async () => {
      expect((await get(supervisorA, '/api/qa/evaluations?callExternalId=B-05')).status).toBe(403);
      expect((await get(agentA1, '/api/qa/evaluations?callExternalId=MV-05')).status).toBe(403);
      expect((await get(supervisorA, '/api/qa/evaluations?callExternalId=A-05')).status).toBe(200);
      expect((await get(admin, '/api/qa/evaluations?callExternalId=B-05')).status).toBe(200);
    });

    it('GET /api/qa/samples?agentId= of another team', async () => {
      expect((await get(supervisorA, `/api/qa/samples?agentId=${ids.b1}&status=all`)).status).toBe(403);
      expect((await get(supervisorA, `/api/qa/samples?agentId=${ids.a1}&status=all`)).body).toHaveLength(2);
      expect((await get(admin, `/api/qa/samples?agentId=${ids.b1}&status=all`)).status).toBe(200);
    });
  });

  describe('evaluation ids', () => {
    it('an evaluation the caller may not see answers exactly like one that does not exist', async () => {
      const [{ id: other }] = await t.db.query(`SELECT e.id FROM qa_evaluations e JOIN agents a ON a.id = e.agent_id WHERE a.code = 'B1'`);
      const [{ id: own }] = await t.db.query(`SELECT e.id FROM qa_evaluations e JOIN agents a ON a.id = e.agent_id WHERE a.code = 'A1'`);
      const missing = 999999;
      const shape = (r: { status: number; body: { code: string; message: string } }, id: number) => [r.status, r.body.code, r.body.message.replace(String(id), 'N')];
      for (const token of [supervisorA, agentA1]) {
        for (const [method, suffix, body] of [['get', '', undefined], ['post', '/acknowledge', {}], ['post', '/dispute', { reason: 'Not me.' }]] as const) {
          const call = (id: number) => (method === 'get' ? get(token, `/api/qa/evaluations/${id}${suffix}`) : post(token, `/api/qa/evaluations/${id}${suffix}`, body ?? {}));
          const [a, b] = [await call(Number(other)), await call(missing)];
          expect(shape(a, Number(other))).toEqual(shape(b, missing));
          expect(shape(a, Number(other))).toEqual([404, 'not_found', 'Evaluation N was not found.']);
        }
      }
      expect((await get(supervisorA, `/api/qa/evaluations/${own}`)).status).toBe(200);
      // A coaching-note filter naming it: the same 404.
      expect((await get(supervisorA, `/api/coaching-notes?evaluationId=${other}`)).status).toBe(404);
      expect((await get(supervisorA, `/api/coaching-notes?evaluationId=${missing}`)).status).toBe(404);
      // Linking a note to it: one answer whether it exists or is another agent's.
      const link = async (id: number) => (await post(supervisorA, '/api/coaching-notes', { agentId: ids.a1, text: 'Closing', evaluationId: id })).body.message.replace(String(id), 'N');
      expect(await link(Number(other))).toBe(await link(missing));
    });
  });

  describe('an agent who moved teams', () => {
    const byTeam = async (token: string, granularity: string) => {
      const res = await get(token, `/api/kpis?from=2026-11-01&to=2026-11-30&groupBy=team&granularity=${granularity}&metrics=avg_talk`);
      expect(res.status).toBe(200);
      return res.body.rows.map((r: { period: string; group: { name: string }; metrics: { avg_talk: { num: number; den: number } } }) => [r.period, r.group.name, r.metrics.avg_talk.num, r.metrics.avg_talk.den]);
    };

    it("sees team A's figures only up to the move and team B's only from it", async () => {
      // Team A on 11-01..11-09: A-05 (100) + MV-05 (200); team B on 11-10..11-30: B-12 (400) + MV-12 (600).
      // A-12 (team A after the move) and B-05 (team B before it) are not the mover's team figures.
      expect(await byTeam(mover, 'total')).toEqual([
        ['total', 'Team A', 300, 2],
        ['total', 'Team B', 1000, 2],
      ]);
      expect(await byTeam(mover, 'week')).toEqual([
        ['2026-W45', 'Team A', 300, 2],
        ['2026-W46', 'Team B', 1000, 2],
      ]);
    });

    it('an agent who never moved sees their whole team; supervisors and admins are unchanged', async () => {
      // Team A all month: A-05, MV-05, A-12.
      expect(await byTeam(agentA1, 'total')).toEqual([['total', 'Team A', 1300, 3]]);
      expect(await byTeam(supervisorA, 'total')).toEqual([['total', 'Team A', 1300, 3]]);
      expect(await byTeam(admin, 'total')).toEqual([
        ['total', 'Team A', 1300, 3],
        ['total', 'Team B', 4000, 3],
      ]);
    });
  });

  describe('/api/settings targets', () => {
    it('an agent reads their own team targets only; a supervisor theirs; admin and hr all', async () => {
      const teams = { [String(ids.teamA)]: { aht: { target: 300 } }, [String(ids.teamB)]: { aht: { target: 400 } } };
      const patch = await t.http().patch('/api/settings').set('Authorization', `Bearer ${admin}`).send({ targets: { teams } });
      expect(patch.status).toBe(200);
      const teamsOf = async (token: string) => (await get(token, '/api/settings')).body.targets.teams;
      expect(await teamsOf(agentA1)).toEqual({ [String(ids.teamA)]: { aht: { target: 300 } } });
      expect(await teamsOf(mover)).toEqual({ [String(ids.teamB)]: { aht: { target: 400 } } });
      expect(await teamsOf(supervisorA)).toEqual({ [String(ids.teamA)]: { aht: { target: 300 } } });
      expect(await teamsOf(admin)).toEqual(teams);
      expect(await teamsOf(await t.userToken('hr'))).toEqual(teams);
      expect((await get(agentA1, '/api/settings')).body.targets.org).toEqual((await get(admin, '/api/settings')).body.targets.org);
    });
  });
});
