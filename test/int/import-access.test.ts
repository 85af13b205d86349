/**
 * The access matrix for the rows an import writes (issue 15): every import kind × role × own and
 * other team. "Own" is a file about agent A1 of team A (the supervisor's team, the agent user's
 * own record), "other" one about agent B1 of team B. Scope is a property of the data touched, not
 * of the door it came through: what the API would refuse, an import refuses row by row.
 * Every request is a dry run, so the matrix leaves the data as it found it (checked at the end).
 */
import { importKinds, type ImportKind } from '../../server/modules/ingest/domain/import-fields';
import { ImportService } from '../../server/modules/ingest/import.service';
import { createTestApp, TestApp } from './support/test-app';

type Role = 'admin' | 'supervisor' | 'hr' | 'agent';
type Scope = 'own' | 'other';
/** `ok`: accepted without a row error; `row`: the row is refused as out of scope; 403: the route refuses the role (`forbidden_role`). */
type Outcome = 'ok' | 'row' | 403;

const roles: Role[] = ['admin', 'supervisor', 'hr', 'agent'];
const expected: Record<Role, Record<Scope, Outcome>> = {
  admin: { own: 'ok', other: 'ok' },
  supervisor: { own: 'ok', other: 'row' },
  hr: { own: 403, other: 403 },
  agent: { own: 403, other: 403 },
};

/** One file per kind and scope; a new import kind fails to compile until it has its line here. */
const files: Record<ImportKind, (agent: 'A1' | 'B1', call: 'CA' | 'CB') => string> = {
  calls: (agent, call) => `external_id,started_at,agent_code,talk_s\n${call},2026-11-05 10:00,${agent},99\n`,
  surveys: (_agent, call) => `call_external_id,responded_at,csat\n${call},2026-11-05 12:00,1\n`,
  agents: (agent) => `agent_code,name,active\n${agent},Renamed ${agent},false\n`,
  evaluations: (agent) => `agent_code,evaluated_at,score,auto_fail\n${agent},2026-11-20 10:00,3,true\n`,
  transcripts: (_agent, call) => `call_external_id,seq,speaker,text\n${call},0,agent,您好\n`,
  // The agent from the call alone (no agent_code): the call's agent at opened_at decides.
  complaints: (_agent, call) => `external_id,opened_at,level,call_external_id\nK-${call},2026-11-05 10:30,urgent,${call}\n`,
};

describe('import access matrix: kind × role × own/other team', () => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  let before: string[];

  const snapshot = async () =>
    (await t.db.query(`SELECT (SELECT json_agg(x ORDER BY id) FROM agents x)::text || (SELECT json_agg(x ORDER BY id) FROM calls x)::text
                              || coalesce((SELECT json_agg(x ORDER BY id) FROM qa_evaluations x)::text, '') || coalesce((SELECT json_agg(x ORDER BY call_id) FROM survey_responses x)::text, '')
                              || coalesce((SELECT json_agg(x ORDER BY call_id, seq) FROM transcript_turns x)::text, '')
                              || coalesce((SELECT json_agg(x ORDER BY id) FROM complaints x)::text, '') AS s`)).map((r: { s: string }) => r.s);

  beforeAll(async () => {
    t = await createTestApp();
    const teams = await t.db.query(`INSERT INTO teams (name) VALUES ('Team A'), ('Team B') RETURNING id`);
    const [a1, b1] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('A1', 'A one'), ('B1', 'B one') RETURNING id`);
    await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id) VALUES ($1, $2), ($3, $4)`, [a1.id, teams[0].id, b1.id, teams[1].id]);
    await t.db.query(
      `INSERT INTO calls (external_id, started_at, channel, direction, agent_id, answered, talk_s)
       VALUES ('CA', '2026-11-05T02:00:00Z', 'phone', 'inbound', $1, true, 60), ('CB', '2026-11-05T02:00:00Z', 'phone', 'inbound', $2, true, 60)`,
      [a1.id, b1.id],
    );
    tokens.admin = await t.userToken('admin');
    tokens.supervisor = await t.userToken('supervisor', { teamIds: [teams[0].id] });
    tokens.hr = await t.userToken('hr');
    tokens.agent = await t.userToken('agent', { agentId: a1.id });
    before = await snapshot();
  });
  afterAll(async () => {
    await t.app.get(ImportService).idle();
    await t.close();
  });

  it('has a file for every import kind', () => {
    expect(Object.keys(files).sort()).toEqual([...importKinds].sort());
  });

  const cases = importKinds.flatMap((kind) => roles.flatMap((role) => (['own', 'other'] as Scope[]).map((scope) => [kind, role, scope, expected[role][scope]] as const)));

  it.each(cases)('%s × %s × %s team → %s', async (kind, role, scope, outcome) => {
    const file = scope === 'own' ? files[kind]('A1', 'CA') : files[kind]('B1', 'CB');
    const res = await t.http().post('/api/imports').set('Authorization', `Bearer ${tokens[role]}`)
      .field('kind', kind).field('dryRun', 'true').field('wait', 'true').attach('file', Buffer.from(file), `${kind}.csv`);
    if (outcome === 403) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden_role');
      return;
    }
    expect(res.status).toBe(200);
    if (outcome === 'ok') {
      expect(res.body).toMatchObject({ status: 'succeeded', rowsTotal: 1, rowsRejected: 0 });
    } else {
      expect(res.body).toMatchObject({ status: 'failed', rowsTotal: 1, rowsRejected: 1, written: false });
      expect(res.body.errors[0].message).toMatch(/(Agent B1|agent B1)[^:]*(Team B|team Team B)/);
    }
  });

  it('left every table as it was (all dry runs)', async () => {
    expect(await snapshot()).toEqual(before);
  });
});
