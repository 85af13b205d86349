/**
 * Two Callscope servers (two Nest apps, each with its own pool, caches and workers) on one
 * database behave as one behind any load balancer: sessions, logout, sign-in throttling, the
 * KPI answer cache and the import queue (docs/scaling.md "More than one server").
 */
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../server/app.module';
import { configureApp } from '../../server/app.setup';
import { CALLER_CACHE_MS } from '../../server/modules/auth/auth.service';
import { ImportService } from '../../server/modules/ingest/import.service';
import { createTestApp, TEST_PASSWORD, TestApp } from './support/test-app';

async function secondServer(databaseUrl: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ databaseUrl })] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.init();
  return app;
}

describe('two servers on one database', () => {
  let t: TestApp;
  let b: INestApplication;
  const A = () => t.http();
  const B = () => request(b.getHttpServer());
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    b = await secondServer(t.database.url);
    admin = await t.userToken('admin', { email: 'admin@two.test' });
  }, 60_000);
  afterAll(async () => {
    await t.app.get(ImportService).idle();
    await b.get(ImportService).idle();
    await b.close();
    await t.close();
  });

  it('a session made on one server works on the other; a logout on one holds on the other within the caller-cache time', async () => {
    const login = await A().post('/api/auth/login').send({ email: 'admin@two.test', password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    expect((await B().get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    // A second session, never seen by B before its logout: refused there at once.
    const other = (await A().post('/api/auth/login').send({ email: 'admin@two.test', password: TEST_PASSWORD })).body.token as string;
    expect((await A().post('/api/auth/logout').set('Authorization', `Bearer ${other}`)).status).toBeLessThan(300);
    expect((await B().get('/api/auth/me').set('Authorization', `Bearer ${other}`)).status).toBe(401);

    // The first session, which B has checked (and may trust for CALLER_CACHE_MS), logged out on A.
    expect((await A().post('/api/auth/logout').set('Authorization', `Bearer ${token}`)).status).toBeLessThan(300);
    expect((await A().get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    await new Promise((done) => setTimeout(done, CALLER_CACHE_MS + 200));
    expect((await B().get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  }, 30_000);

  it('a sign-in throttle tripped on one server holds on the other', async () => {
    await t.userToken('hr', { email: 'target@two.test' });
    // Five failures of one account from one address (the pair rule: 5 per 15 minutes), spread over both servers.
    for (let i = 0; i < 5; i++) {
      const server = i % 2 ? B : A;
      const res = await server().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.7').send({ email: 'target@two.test', password: `wrong-${i}` });
      expect(res.status).toBe(401);
    }
    for (const server of [A, B]) {
      const blocked = await server().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.7').send({ email: 'target@two.test', password: TEST_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    }
    // The owner, from another address, is not locked out by the stranger's failures, on either server.
    const owner = await B().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.5').send({ email: 'target@two.test', password: TEST_PASSWORD });
    expect(owner.status).toBe(200);
  });

  it("a write on one server invalidates the other's cached KPI answers (the data version is in the database)", async () => {
    const q = '/api/kpis?from=2026-03-01&to=2026-03-31&metrics=offered';
    const before = await B().get(q).set('Authorization', `Bearer ${admin}`);
    expect(before.status).toBe(200);
    const offered = (res: request.Response) => (res.body.rows[0]?.metrics.offered.value ?? 0) as number;
    expect(offered(before)).toBe(0);
    // Cached on B now; the import goes through A.
    const imported = await A()
      .post('/api/imports')
      .set('Authorization', `Bearer ${admin}`)
      .attach('file', Buffer.from('external_id,started_at\nTS-1,2026-03-10T08:00:00+08:00\nTS-2,2026-03-11T08:00:00+08:00\n'), 'calls.csv')
      .field('kind', 'calls')
      .field('wait', 'true');
    expect(imported.status).toBeLessThan(300);
    expect(imported.body.status).toBe('succeeded');
    expect(offered(await B().get(q).set('Authorization', `Bearer ${admin}`))).toBe(2);
  });

  it('imports of one kind queue across both servers: never two running at once', async () => {
    // Hold the calls import lock from outside, start one import on each server, and see both wait.
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`SELECT pg_advisory_xact_lock(hashtext('callscope:import:calls'))`);
    const start = (server: typeof A, id: string) =>
      server()
        .post('/api/imports')
        .set('Authorization', `Bearer ${admin}`)
        .attach('file', Buffer.from('external_id,started_at\n' + Array.from({ length: 5000 }, (_, i) => `${id}-${i},2026-03-12T08:00:00+08:00\n`).join('')), `${id}.csv`)
        .field('kind', 'calls');
    const [ja, jb] = await Promise.all([start(A, 'Q-A'), start(B, 'Q-B')]);
    expect([ja.status, jb.status]).toEqual([202, 202]);
    const statusOf = async (id: string) => (await t.db.query(`SELECT status FROM imports WHERE id = $1`, [id]))[0].status as string;
    await new Promise((done) => setTimeout(done, 1500));
    expect([await statusOf(ja.body.id), await statusOf(jb.body.id)]).toEqual(['queued', 'queued']);
    // Queued imports wait holding no connection: no backend of this database waits on the import lock.
    const waiting = async () =>
      (await t.db.query(
        `SELECT count(*)::int AS n FROM pg_locks l, (SELECT hashtext('callscope:import:calls')::bigint AS k) h
          WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objsubid = 1
            AND l.classid::bigint = (h.k >> 32) & 4294967295 AND l.objid::bigint = h.k & 4294967295`,
      ))[0].n as number;
    expect(await waiting()).toBe(0);
    await runner.commitTransaction();
    await runner.release();

    // Released: they run one after the other, never both at once, whichever server started each.
    const deadline = Date.now() + 30_000;
    while ((await statusOf(ja.body.id)) !== 'succeeded' || (await statusOf(jb.body.id)) !== 'succeeded') {
      if (Date.now() > deadline) throw new Error('imports did not finish');
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM imports WHERE id = ANY($1::uuid[]) AND status = 'running'`, [[ja.body.id, jb.body.id]]);
      expect(n).toBeLessThanOrEqual(1);
      await new Promise((done) => setTimeout(done, 10));
    }
    const spans = (await t.db.query(`SELECT started_at, finished_at FROM imports WHERE id = ANY($1::uuid[]) ORDER BY started_at`, [[ja.body.id, jb.body.id]])) as { started_at: Date; finished_at: Date }[];
    expect(spans[0].finished_at.getTime()).toBeLessThanOrEqual(spans[1].started_at.getTime());
    expect((await t.db.query(`SELECT count(*)::int AS n FROM calls WHERE external_id LIKE 'Q-%'`))[0].n).toBe(10_000);
  }, 40_000);
});
