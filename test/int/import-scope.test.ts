/**
 * Issue 15 §1: an import writes exactly what the equivalent API calls may write. Signed in as the
 * supervisor of one team (Mandarin), every row of another team's agent — at the time of the
 * record — is a row error naming the agent and the reason; reject mode writes nothing, skip mode
 * writes only the in-scope rows; the other team's data stays byte-for-byte the same. An admin's
 * identical import succeeds.
 *
 * Fixture (org zone Asia/Shanghai): team Mandarin (site Guangzhou) with MA1, MA2, MA3; team
 * Cantonese (site Hong Kong) with CA1, CA2; MV was in Cantonese and moved to Mandarin on
 * 2026-11-10. Calls M-1 (MA1), C-1 and C-2 (CA1), V-OLD (MV, 11-05, Cantonese then), V-NEW (MV,
 * 11-12, Mandarin).
 */
import { createTestApp, TestApp } from './support/test-app';
import { ImportService } from '../../server/modules/ingest/import.service';

describe('imports obey the scope of the API (issue 15)', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let mandarin: number;
  let cantonese: number;

  const upload = (token: string, kind: string, csv: string, onError: 'reject' | 'skip' = 'reject') =>
    t.http().post('/api/imports').set('Authorization', `Bearer ${token}`).field('kind', kind).field('onError', onError).field('wait', 'true').attach('file', Buffer.from(csv), `${kind}.csv`);

  const ok = async (token: string, kind: string, csv: string) => {
    const res = await upload(token, kind, csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', rowsRejected: 0, written: true });
    return res.body;
  };

  /** Every row of the tables an import writes, as text, in a stable order. */
  const everything = async () => {
    const out: Record<string, string[]> = {};
    for (const [table, order] of Object.entries({
      sites: 'id', teams: 'id', agents: 'id', agent_team_memberships: 'id', calls: 'id', survey_responses: 'call_id', qa_evaluations: 'id',
      kpi_call_daily: 'x::text', kpi_eval_daily: 'x::text',
    })) {
      out[table] = (await t.db.query(`SELECT x::text AS r FROM ${table} x ORDER BY ${order}`)).map((r: { r: string }) => r.r);
    }
    return out;
  };

  /** The other team's records: its agents and memberships, and every record attributed to Cantonese at its time. */
  const otherTeam = async () => {
    const q = async (sql: string) => (await t.db.query(sql, [cantonese])).map((r: { r: string }) => r.r);
    const atTime = (alias: string, ts: string) =>
      `EXISTS (SELECT 1 FROM agent_team_memberships m WHERE m.agent_id = ${alias}.agent_id AND m.team_id = $1
                  AND (m.valid_from IS NULL OR m.valid_from <= (${ts} AT TIME ZONE 'Asia/Shanghai')::date)
                  AND (m.valid_to IS NULL OR m.valid_to > (${ts} AT TIME ZONE 'Asia/Shanghai')::date))`;
    return {
      teams: await q(`SELECT x::text AS r FROM teams x WHERE id = $1`),
      agents: await q(`SELECT x::text AS r FROM agents x WHERE EXISTS (SELECT 1 FROM agent_team_memberships m WHERE m.agent_id = x.id AND m.team_id = $1) ORDER BY id`),
      memberships: await q(`SELECT x::text AS r FROM agent_team_memberships x WHERE agent_id IN (SELECT agent_id FROM agent_team_memberships WHERE team_id = $1) ORDER BY id`),
      calls: await q(`SELECT x::text AS r FROM calls x WHERE ${atTime('x', 'x.started_at')} ORDER BY id`),
      surveys: await q(`SELECT x::text AS r FROM survey_responses x JOIN calls c ON c.id = x.call_id WHERE ${atTime('c', 'c.started_at')} ORDER BY x.call_id`),
      evaluations: await q(`SELECT x::text AS r FROM qa_evaluations x WHERE ${atTime('x', 'x.submitted_at')} ORDER BY id`),
      callRollup: await q(`SELECT x::text AS r FROM kpi_call_daily x WHERE team_id = $1 ORDER BY 1`),
      evalRollup: await q(`SELECT x::text AS r FROM kpi_eval_daily x WHERE team_id = $1 ORDER BY 1`),
    };
  };

  const CALLS_HEADER = 'external_id,started_at,agent_code,answered,talk_s,csat';
  const EVALS_HEADER = 'agent_code,evaluated_at,score,auto_fail,evaluator,form';

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
    await ok(admin, 'agents', [
      'agent_code,name,team,site',
      'MA1,Ma One,Mandarin,Guangzhou', 'MA2,Ma Two,Mandarin,Guangzhou', 'MA3,Ma Three,Mandarin,Guangzhou', 'MA4,Ma Four,Mandarin,Guangzhou',
      'CA1,Ca One,Cantonese,Hong Kong', 'CA2,Ca Two,Cantonese,Hong Kong', 'CA3,Ca Three,Cantonese,Hong Kong', 'MV,Mover,Cantonese,Hong Kong',
    ].join('\n'));
    await ok(admin, 'agents', 'agent_code,name,team,team_since\nMV,Mover,Mandarin,2026-11-10');
    [{ id: mandarin }] = await t.db.query(`SELECT id FROM teams WHERE name = 'Mandarin'`);
    [{ id: cantonese }] = await t.db.query(`SELECT id FROM teams WHERE name = 'Cantonese'`);
    supervisor = await t.userToken('supervisor', { teamIds: [mandarin] });
    await ok(admin, 'calls', [
      CALLS_HEADER,
      'M-1,2026-11-05 10:00,MA1,true,300,4', 'C-1,2026-11-05 10:00,CA1,true,464,5', 'C-2,2026-11-06 10:00,CA1,true,200,5',
      'V-OLD,2026-11-05 11:00,MV,true,100,3', 'V-NEW,2026-11-12 11:00,MV,true,120,4',
    ].join('\n'));
    await ok(admin, 'evaluations', [EVALS_HEADER, 'CA1,2026-11-18 10:00,80,false,QA,base', 'MA1,2026-11-18 10:00,90,false,QA,base'].join('\n'));
  });
  afterAll(async () => {
    await t.app.get(ImportService).idle();
    await t.close();
  });

  const errorsOf = (body: { errors: Array<{ row: number; column: string; value: string; message: string }> }) =>
    body.errors.map((e) => [e.row, e.column, e.value, e.message] as const);

  /** The shared scenario: reject writes nothing; skip writes the in-scope rows only; the admin's identical file succeeds. */
  const scenario = (
    kind: string,
    csv: string,
    expected: { rejectedRows: number[]; messages: RegExp[]; inScope: () => Promise<void>; adminWrote: () => Promise<void> },
  ) => {
    it(`${kind}: reject mode refuses the out-of-scope rows and writes nothing at all`, async () => {
      const before = await everything();
      const res = await upload(supervisor, kind, csv, 'reject');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'failed', written: false, rowsRejected: expected.rejectedRows.length });
      const errors = errorsOf(res.body);
      expect(errors.map((e) => e[0])).toEqual(expected.rejectedRows);
      expected.messages.forEach((m, i) => expect(errors[i][3]).toMatch(m));
      expect(await everything()).toEqual(before);
    });

    it(`${kind}: skip mode writes only the in-scope rows; the other team's data is unchanged`, async () => {
      const before = await otherTeam();
      const res = await upload(supervisor, kind, csv, 'skip');
      expect(res.body).toMatchObject({ status: 'succeeded', written: true, rowsRejected: expected.rejectedRows.length });
      const b = res.body;
      expect(b.rowsInserted + b.rowsUpdated + b.rowsUnchanged + b.rowsSkipped + b.rowsRejected).toBe(b.rowsTotal);
      await expected.inScope();
      expect(await otherTeam()).toEqual(before);
    });

    it(`${kind}: the admin's identical import succeeds`, async () => {
      const res = await upload(admin, kind, csv, 'reject');
      expect(res.body).toMatchObject({ status: 'succeeded', written: true, rowsRejected: 0 });
      await expected.adminWrote();
    });
  };

  const callRow = async (id: string) =>
    (await t.db.query(`SELECT a.code, c.talk_s, r.csat FROM calls c LEFT JOIN agents a ON a.id = c.agent_id LEFT JOIN survey_responses r ON r.call_id = c.id WHERE c.external_id = $1`, [id]))[0];

  describe('calls', () => {
    scenario(
      'calls',
      [
        CALLS_HEADER,
        'M-1,2026-11-05 10:00,MA1,true,310,4', // own agent, own team: in scope
        'C-1,2026-11-05 10:00,CA1,true,3600,1', // issue 15: a Cantonese call's talk time and CSAT
        'C-2,2026-11-06 10:00,MA1,true,200,5', // another team's stored call claimed for an own agent
        'V-OLD,2026-11-05 11:00,MV,true,999,1', // MV was in Cantonese on 11-05
        'V-NEW2,2026-11-13 09:00,MV,true,130,5', // MV is in Mandarin since 11-10: in scope
        'N-1,2026-11-13 09:30,ZZ9,true,50,', // unknown agent: would be created in Unassigned
        'N-2,2026-11-13 09:40,,false,,', // no agent: belongs to no team
      ].join('\n'),
      {
        rejectedRows: [3, 4, 5, 7, 8],
        messages: [
          /^Agent CA1 was in team Cantonese on 2026-11-05: not a team you supervise/,
          /^Call C-2 belongs to agent CA1, who was in team Cantonese on 2026-11-06: not a team you supervise/,
          /^Agent MV was in team Cantonese on 2026-11-05/,
          /^No agent has the code "ZZ9"; ask an admin to add agent ZZ9/,
          /^The row names no agent/,
        ],
        inScope: async () => {
          expect(await callRow('M-1')).toEqual({ code: 'MA1', talk_s: 310, csat: 4 });
          expect(await callRow('V-NEW2')).toEqual({ code: 'MV', talk_s: 130, csat: 5 });
          expect(await callRow('N-1')).toBeUndefined();
          expect((await t.db.query(`SELECT 1 FROM agents WHERE code = 'ZZ9'`)).length).toBe(0);
        },
        adminWrote: async () => {
          expect(await callRow('C-1')).toEqual({ code: 'CA1', talk_s: 3600, csat: 1 });
          expect(await callRow('C-2')).toMatchObject({ code: 'MA1' });
          expect(await callRow('N-1')).toMatchObject({ code: 'ZZ9' });
        },
      },
    );
  });

  describe('surveys', () => {
    scenario(
      'surveys',
      ['call_external_id,responded_at,csat,nps', 'M-1,2026-11-05 12:00,2,3', 'V-OLD,2026-11-05 12:00,1,0', 'V-NEW,2026-11-12 12:00,5,10', 'C-1,2026-11-05 12:00,1,0'].join('\n'),
      {
        rejectedRows: [3, 5],
        messages: [
          /^Call V-OLD belongs to agent MV, who was in team Cantonese on 2026-11-05: not a team you supervise/,
          /^Call C-1 belongs to agent CA1, who was in team Cantonese on 2026-11-05/,
        ],
        inScope: async () => {
          expect(await callRow('M-1')).toMatchObject({ csat: 2 });
          expect(await callRow('V-NEW')).toMatchObject({ csat: 5 });
        },
        adminWrote: async () => expect(await callRow('V-OLD')).toMatchObject({ csat: 1 }),
      },
    );
  });

  describe('evaluations', () => {
    const evaluation = async (code: string, at: string) =>
      (await t.db.query(`SELECT e.score::float AS score, e.auto_fail FROM qa_evaluations e JOIN agents a ON a.id = e.agent_id WHERE a.code = $1 AND e.submitted_at = $2::timestamptz`, [code, at]))[0];
    scenario(
      'evaluations',
      [
        EVALS_HEADER,
        'MA1,2026-11-20 10:00,88,false,QA,imported', // in scope
        'CA2,2026-11-21 10:00,50,false,QA,imported', // another team's agent
        'CA1,2026-11-20 10:00,3,true,QA,imported', // issue 15: an auto-fail on another team's agent
        'MV,2026-11-05 10:00,40,false,QA,imported', // before MV's move
        'MV,2026-11-20 10:00,70,false,QA,imported', // after it: in scope
      ].join('\n'),
      {
        rejectedRows: [3, 4, 5],
        messages: [/^Agent CA2 was in team Cantonese on 2026-11-21/, /^Agent CA1 was in team Cantonese on 2026-11-20/, /^Agent MV was in team Cantonese on 2026-11-05/],
        inScope: async () => {
          expect(await evaluation('MA1', '2026-11-20T02:00:00Z')).toEqual({ score: 88, auto_fail: false });
          expect(await evaluation('MV', '2026-11-20T02:00:00Z')).toEqual({ score: 70, auto_fail: false });
          expect(await evaluation('CA1', '2026-11-20T02:00:00Z')).toBeUndefined();
        },
        adminWrote: async () => expect(await evaluation('CA1', '2026-11-20T02:00:00Z')).toEqual({ score: 3, auto_fail: true }),
      },
    );
  });

  describe('agents', () => {
    const agent = async (code: string) =>
      (await t.db.query(
        `SELECT a.name, a.active, t.name AS team FROM agents a LEFT JOIN agent_team_memberships m ON m.agent_id = a.id AND m.valid_to IS NULL LEFT JOIN teams t ON t.id = m.team_id WHERE a.code = $1`,
        [code],
      ))[0];
    scenario(
      'agents',
      [
        'agent_code,name,team,site,active',
        'MA1,Ma One Renamed,Mandarin,Guangzhou,true', // own agent: in scope
        'CA2,林志強,Mandarin,Guangzhou,true', // issue 15: another team's agent moved into the supervisor's team
        'CA1,Ca One,Cantonese,Hong Kong,false', // another team's agent deactivated
        'MA2,Ma Two,Cantonese,Hong Kong,true', // own agent moved out to a team not supervised
        'NEW1,New Agent,Mandarin,Guangzhou,true', // supervisors create no agents
        'MA3,Ma Three,Mandarin,Hong Kong,true', // a site other than the team's
        'MA4,Ma Four,,,false', // deactivating an own agent: in scope
      ].join('\n'),
      {
        rejectedRows: [3, 4, 5, 6, 7],
        messages: [
          /^Agent CA2 is in team Cantonese, which you do not supervise/,
          /^Agent CA1 is in team Cantonese, which you do not supervise/,
          /^Agent MA2 cannot be moved to team Cantonese: you do not supervise it/,
          /^No agent has the code "NEW1"; ask an admin to add agent NEW1/,
          /^Agent MA3: site Hong Kong is not the site of their team \(Guangzhou\)/,
        ],
        inScope: async () => {
          expect(await agent('MA1')).toEqual({ name: 'Ma One Renamed', active: true, team: 'Mandarin' });
          expect(await agent('MA4')).toEqual({ name: 'Ma Four', active: false, team: 'Mandarin' });
          expect(await agent('CA2')).toEqual({ name: 'Ca Two', active: true, team: 'Cantonese' });
          expect(await agent('MA2')).toEqual({ name: 'Ma Two', active: true, team: 'Mandarin' });
          expect(await agent('NEW1')).toBeUndefined();
        },
        adminWrote: async () => {
          expect(await agent('CA2')).toEqual({ name: '林志強', active: true, team: 'Mandarin' });
          expect(await agent('CA1')).toMatchObject({ active: false });
          expect(await agent('NEW1')).toEqual({ name: 'New Agent', active: true, team: 'Mandarin' });
        },
      },
    );
  });

  it('an unknown agent code is a row error asking a supervisor to have an admin add the agent', async () => {
    const csv = `${EVALS_HEADER}\nHK2004,2026-11-20 10:00,3,true,QA,imported\n`;
    const mine = await upload(supervisor, 'evaluations', csv);
    expect(errorsOf(mine.body)).toEqual([[2, 'agent_code', 'HK2004', expect.stringMatching(/^No agent has the code "HK2004"; ask an admin to add agent HK2004/)]]);
    const admins = await upload(admin, 'evaluations', csv);
    expect(errorsOf(admins.body)).toEqual([[2, 'agent_code', 'HK2004', expect.stringMatching(/^No agent has the code "HK2004"; import the agent list/)]]);
  });

  it('a survey of a call not stored is a row error for a supervisor too', async () => {
    const res = await upload(supervisor, 'surveys', 'call_external_id,responded_at,csat\nNOPE,2026-11-05 12:00,1\n');
    expect(errorsOf(res.body)).toEqual([[2, 'call_external_id', 'NOPE', expect.stringMatching(/^No call with id "NOPE"/)]]);
  });

  it('a supervisor of two teams may move an agent between them (and nowhere else)', async () => {
    const [{ id: second }] = await t.db.query(`INSERT INTO teams (name, site_id) SELECT 'Mandarin Night', site_id FROM teams WHERE id = $1 RETURNING id`, [mandarin]);
    const both = await t.userToken('supervisor', { teamIds: [mandarin, second] });
    const res = await upload(both, 'agents', 'agent_code,name,team,team_since\nMA3,Ma Three,Mandarin Night,2026-12-01');
    expect(res.body).toMatchObject({ status: 'succeeded', rowsRejected: 0, rowsUpdated: 1 });
    const [m] = await t.db.query(`SELECT t.name FROM agents a JOIN agent_team_memberships m ON m.agent_id = a.id AND m.valid_to IS NULL JOIN teams t ON t.id = m.team_id WHERE a.code = 'MA3'`);
    expect(m.name).toBe('Mandarin Night');
  });

  it('a dry run reports the same row errors and writes nothing', async () => {
    const before = await everything();
    const res = await t.http().post('/api/imports').set('Authorization', `Bearer ${supervisor}`).field('kind', 'agents').field('dryRun', 'true').field('wait', 'true')
      .attach('file', Buffer.from('agent_code,name,active\nCA3,Ca Three,false\n'), 'a.csv');
    expect(res.body).toMatchObject({ rowsRejected: 1, written: false });
    expect(res.body.errors[0].message).toMatch(/^Agent CA3 is in team Cantonese, which you do not supervise/);
    expect(await everything()).toEqual(before);
  });
});
