import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../server/config/data-source';
import { runMigrations } from '../../server/config/database';
import { UsersService } from '../../server/modules/auth/users.service';
import { createTestApp, TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

describe('migrations', () => {
  it('apply to an empty database and revert cleanly, leaving no table behind', async () => {
    const database = await createTestDatabase({ empty: true });
    try {
      const applied = await runMigrations(database.url);
      expect(applied.length).toBeGreaterThan(0);
      const ds = await new DataSource(dataSourceOptions(database.url)).initialize();
      const tables = async () =>
        (await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations' ORDER BY 1`)).map(
          (r: { tablename: string }) => r.tablename,
        );
      expect(await tables()).toEqual(expect.arrayContaining(['calls', 'agents', 'agent_team_memberships', 'survey_responses', 'qa_evaluations', 'imports', 'settings', 'audit_log', 'users']));
      for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await tables()).toEqual([]);
      // And forward again: down() really undid everything up() did.
      await ds.runMigrations({ transaction: 'each' });
      expect(await tables()).toContain('calls');
      await ds.destroy();
    } finally {
      await database.drop();
    }
  });
});

describe('the running app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports the database on /api/health', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up' });
  });

  it('creates the bootstrap admin once, with a real password hash, and lets it sign in', async () => {
    const users = t.app.get(UsersService);
    expect(await users.ensureBootstrapAdmin('boss@example.com', 'a-long-password')).toBe(true);
    expect(await users.ensureBootstrapAdmin('other@example.com', 'a-long-password')).toBe(false);
    const [row] = await t.db.query(`SELECT role, password_hash FROM users WHERE email = 'boss@example.com'`);
    expect(row.role).toBe('admin');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const res = await t.http().post('/api/auth/login').send({ email: 'BOSS@example.com', password: 'a-long-password' });
    expect(res.status).toBe(200);
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${res.body.token}`);
    expect(me.body).toMatchObject({ email: 'boss@example.com', role: 'admin', agentId: null, teamIds: [] });
  });

  it('answers errors in the docs/api.md "Errors" shape, naming the unknown field', async () => {
    const res = await t.http().post('/api/auth/login').send({ email: 'x@example.com', password: 'y', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('extra'), code: 'invalid_field' });
    const bad = await t.http().post('/api/auth/login').set('content-type', 'application/json').send('{not json');
    expect(bad.status).toBe(400);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toContain('/api/health');
  });
});
