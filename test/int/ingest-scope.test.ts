import type { Caller } from '../../server/common/auth/caller';
import { ForbiddenError } from '../../server/common/domain-error';
import { ImportService } from '../../server/modules/ingest/import.service';
import { createTestApp, TestApp } from './support/test-app';

const agentsCsv = (code: string) => Buffer.from(`agent_code,name,team\n${code},Agent ${code},Scope Team\n`);

describe('who sees which import', () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let otherSupervisor: string;
  let hr: string;
  let teamId: number;

  const upload = (token: string, code: string) =>
    t.http().post('/api/imports').set('Authorization', `Bearer ${token}`).field('kind', 'agents').field('wait', 'true').attach('file', agentsCsv(code), `${code}.csv`);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
    [{ id: teamId }] = await t.db.query(`INSERT INTO teams (name) VALUES ('Scope Team') RETURNING id`);
    // Supervisors edit existing agents of their teams only (import-scope.test.ts): the admin adds them.
    await t.db.query(
      `WITH a AS (INSERT INTO agents (code, name) VALUES ('S1', 'S1'), ('S2', 'S2') RETURNING id)
       INSERT INTO agent_team_memberships (agent_id, team_id) SELECT id, $1 FROM a`,
      [teamId],
    );
    supervisor = await t.userToken('supervisor', { teamIds: [teamId] });
    otherSupervisor = await t.userToken('supervisor', { teamIds: [teamId] });
    hr = await t.userToken('hr');
  });
  afterAll(() => t.close());

  it('a supervisor lists and opens only the imports they started; admin and HR see all', async () => {
    const mine = await upload(supervisor, 'S1');
    const theirs = await upload(otherSupervisor, 'S2');
    const admins = await upload(admin, 'S3');
    expect([mine.status, theirs.status, admins.status]).toEqual([200, 200, 200]);

    const list = async (token: string) => (await t.http().get('/api/imports').set('Authorization', `Bearer ${token}`)).body.map((j: { id: string }) => j.id).sort();
    expect(await list(supervisor)).toEqual([mine.body.id]);
    expect(await list(otherSupervisor)).toEqual([theirs.body.id]);
    expect(await list(hr)).toEqual([mine.body.id, theirs.body.id, admins.body.id].sort());
    expect(await list(admin)).toEqual([mine.body.id, theirs.body.id, admins.body.id].sort());

    const open = (token: string, id: string, suffix = '') => t.http().get(`/api/imports/${id}${suffix}`).set('Authorization', `Bearer ${token}`);
    expect((await open(supervisor, mine.body.id)).status).toBe(200);
    const refused = await open(supervisor, theirs.body.id);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('You can only see the imports you started.');
    expect((await open(supervisor, admins.body.id, '/errors.csv')).status).toBe(403);
    expect((await open(hr, theirs.body.id, '/errors.csv')).status).toBe(200);
  });

  it('the service itself refuses errors.csv of an import the caller did not start, before reading any of it', async () => {
    const mine = await upload(supervisor, 'S1');
    const admins = await upload(admin, 'S4');
    const [{ user_id: supervisorId }] = await t.db.query(`SELECT user_id FROM imports WHERE id = $1`, [mine.body.id]);
    const caller: Caller = { userId: supervisorId, email: 'sup@example.test', name: 'Supervisor', role: 'supervisor', agentId: null, teamIds: [teamId], sessionId: 'direct', locale: null };
    const imports = t.app.get(ImportService);

    await expect(imports.errorsCsv(caller, admins.body.id)).rejects.toThrow(ForbiddenError);
    const own = await imports.errorsCsv(caller, mine.body.id);
    const chunks: string[] = [];
    for await (const chunk of own) chunks.push(chunk);
    expect(chunks.join('')).toBe('\uFEFFrow,column,value,message,agent_code,name,team\r\n');
  });
});
