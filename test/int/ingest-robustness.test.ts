/**
 * Files that used to freeze an import kind and then the whole API (issue 15, section 2): each
 * must end within seconds with a clear error, leave nothing behind (no job stuck, no upload
 * file, no lock) and let the next import of the same kind succeed. Queued imports wait without
 * holding connections, so health and sign-in keep answering.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ImportService } from '../../server/modules/ingest/import.service';
import { createTestApp, TEST_PASSWORD, TestApp } from './support/test-app';

const uploadDir = mkdtempSync(join(tmpdir(), 'callscope-robust-'));
process.env.CALLSCOPE_UPLOAD_DIR = uploadDir;
// Small, so the stall test does not wait long; every legitimate step here takes well under a second.
process.env.CALLSCOPE_IMPORT_STALL_SECONDS = '3';

const EVALUATION_HEADER = 'agent_code,evaluated_at,score';

// After every app of this file is closed (each one creates the folder).
afterAll(() => rmSync(uploadDir, { recursive: true, force: true }));

describe('imports that must not hang', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ timeouts: { statementTimeoutMs: 30_000, connectTimeoutMs: 5_000 } });
    admin = await t.userToken('admin', { email: 'robust-admin@test.callscope.dev' });
    await t.db.query(`INSERT INTO agents (code, name) VALUES ('GZ1001', 'Agent GZ1001')`);
  });
  afterAll(async () => {
    await t.app.get(ImportService).idle();
    await t.close();
  });

  const upload = (body: Buffer | string, fields: Record<string, string>, name = 'file.csv') => {
    let req = t.http().post('/api/imports').set('Authorization', `Bearer ${admin}`).attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body), name);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const timed = async <T>(work: Promise<T>): Promise<{ result: T; ms: number }> => {
    const t0 = Date.now();
    const result = await work;
    return { result, ms: Date.now() - t0 };
  };
  let minute = 0;
  /** A valid one-row evaluations import at a fresh time: the kind works again. */
  const nextEvaluationSucceeds = async () => {
    minute++;
    const res = await upload(`${EVALUATION_HEADER}\nGZ1001,2026-11-19 ${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')},87\n`, { kind: 'evaluations', wait: 'true' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1, written: true });
  };
  const stuckImports = async () => (await t.db.query(`SELECT count(*)::int AS n FROM imports WHERE status IN ('queued', 'running')`))[0].n as number;
  const uploadsLeft = () => readdirSync(uploadDir);
  const expectCleanAfter = async () => {
    await t.app.get(ImportService).idle();
    expect(await stuckImports()).toBe(0);
    expect(uploadsLeft()).toEqual([]);
    // No backend of the app is left inside a COPY or holding an import lock.
    const copying = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'COPY stg%' AND state <> 'idle'`);
    expect(copying[0].n).toBe(0);
  };

  it('fails the two-line stray-quote file within seconds, naming the quote, and the next evaluations import succeeds', async () => {
    const { result: res, ms } = await timed(upload(`${EVALUATION_HEADER}\nGZ1001,2026-11-18 10:00,5"0\n`, { kind: 'evaluations', wait: 'true' }).then((r) => r));
    expect(ms).toBeLessThan(3000);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'failed', written: false });
    // The parse error itself, not the stall limit, ended it.
    expect(res.body.failureMessage).toMatch(/record 2.*quote/i);
    expect(res.body.failureMessage).not.toMatch(/no progress/);
    await expectCleanAfter();
    await nextEvaluationSucceeds();
  });

  it('fails a 50 MB single data line within seconds with the record size named', async () => {
    const line = Buffer.alloc(50 * 1024 * 1024, 'x');
    const body = Buffer.concat([Buffer.from(`${EVALUATION_HEADER}\nGZ1001,2026-11-18 10:00,`), line, Buffer.from('\n')]);
    const { result: res, ms } = await timed(upload(body, { kind: 'evaluations', wait: 'true' }).then((r) => r));
    expect(ms).toBeLessThan(15000);
    expect(res.body).toMatchObject({ status: 'failed', written: false });
    expect(res.body.failureMessage).toMatch(/record 2.*max.*record size/i);
    await expectCleanAfter();
    await nextEvaluationSucceeds();
  });

  it('fails a large unclosed quote within seconds', async () => {
    const body = Buffer.concat([Buffer.from(`${EVALUATION_HEADER}\nGZ1001,"2026-11-18 10:00,`), Buffer.alloc(4 * 1024 * 1024, 'a,b\n')]);
    const { result: res, ms } = await timed(upload(body, { kind: 'evaluations', wait: 'true' }).then((r) => r));
    expect(ms).toBeLessThan(5000);
    expect(res.body).toMatchObject({ status: 'failed', written: false });
    expect(res.body.failureMessage).toMatch(/record 2.*max.*record size/i);
    await expectCleanAfter();
    await nextEvaluationSucceeds();
  });

  it('fails a quote left open at the end of the file', async () => {
    const res = await upload(`${EVALUATION_HEADER}\nGZ1001,2026-11-18 10:00,"50\n`, { kind: 'evaluations', wait: 'true' });
    expect(res.body).toMatchObject({ status: 'failed', written: false });
    expect(res.body.failureMessage).toMatch(/quote/i);
    await expectCleanAfter();
    await nextEvaluationSucceeds();
  });

  describe('workbooks', () => {
    let workbook: Buffer;
    beforeAll(async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Evaluations');
      ws.addRow(['agent_code', 'evaluated_at', 'score', 'comment']);
      for (let i = 0; i < 5000; i++) ws.addRow(['GZ1001', `2026-10-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, 50 + (i % 50), `comment ${i} ${'x'.repeat(i % 40)}`]);
      workbook = Buffer.from(await wb.xlsx.writeBuffer());
    });

    it.each([
      ['the first half', 0.5],
      ['all but the last 10 bytes', -10],
    ])('answers 400 naming the problem for a workbook cut to %s, and creates no job', async (_label, cut) => {
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM imports`))[0].n;
      const part = cut > 0 && cut < 1 ? workbook.subarray(0, Math.floor(workbook.length * cut)) : workbook.subarray(0, workbook.length + cut);
      const { result: res, ms } = await timed(upload(part, { kind: 'evaluations', wait: 'true' }, 'evaluations.xlsx').then((r) => r));
      expect(ms).toBeLessThan(5000);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('unreadable_file');
      expect(res.body.message).toMatch(/^file: The workbook is incomplete or damaged/);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM imports`))[0].n).toBe(before);
      expect(uploadsLeft()).toEqual([]);
    });

    it('answers 400 for a workbook whose inside is damaged (intact zip directory, garbage entries), within the reader\'s bound', async () => {
      const damaged = Buffer.from(workbook);
      // Overwrite the middle (compressed sheet data), keep the directory at the end.
      damaged.fill(0x41, Math.floor(damaged.length * 0.1), Math.floor(damaged.length * 0.6));
      const { result: res, ms } = await timed(upload(damaged, { kind: 'evaluations', wait: 'true' }, 'evaluations.xlsx').then((r) => r));
      // The reader has read the whole file and never gives a row: it gets 20 s (a good big workbook's
      // shared strings may take that long to parse on a busy machine), then the upload is refused.
      expect(ms).toBeLessThan(30000);
      // Either the header cannot be read (400) or the rows fail while loading: never a hang, never a 500.
      if (res.status === 400) expect(res.body.message).toMatch(/^file: /);
      else expect(res.body).toMatchObject({ status: 'failed', written: false });
      await expectCleanAfter();
      await nextEvaluationSucceeds();
    });

    it('still reads the whole workbook', async () => {
      const res = await upload(workbook, { kind: 'evaluations', wait: 'true', onError: 'skip' }, 'evaluations.xlsx');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsTotal: 5000 });
      await expectCleanAfter();
    });
  });

  it('fails an import that makes no progress (a table it writes stays locked) after the stall limit, with the reason, and frees its lock', async () => {
    const blocker = new Client({ connectionString: t.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE qa_evaluations IN ACCESS EXCLUSIVE MODE');
      const { result: res, ms } = await timed(upload(`${EVALUATION_HEADER}\nGZ1001,2026-11-20 10:00,70\n`, { kind: 'evaluations', wait: 'true' }).then((r) => r));
      expect(res.body).toMatchObject({ status: 'failed', written: false });
      expect(res.body.failureMessage).toMatch(/no progress for 3 s while writing the rows/);
      expect(ms).toBeGreaterThanOrEqual(2900);
      expect(ms).toBeLessThan(10000);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await expectCleanAfter();
    await nextEvaluationSucceeds();
  });

  it('keeps health and sign-in answering with 30 uploads queued behind another server process, then runs them one by one', async () => {
    // Another server process on the same database running a calls import: it holds the kind's lock.
    const other = new Client({ connectionString: t.database.url });
    await other.connect();
    const ids: string[] = [];
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('callscope:import:calls'))`);
      for (let i = 0; i < 30; i++) {
        const res = await upload(`external_id,started_at,agent_code,talk_s\nQ30-${i},2026-11-03 09:00,GZ1001,${60 + i}\n`, { kind: 'calls' });
        expect(res.status).toBe(202);
        ids.push(res.body.id);
      }
      await new Promise((r) => setTimeout(r, 1000));
      const states = await t.db.query(`SELECT status, count(*)::int AS n FROM imports WHERE id = ANY($1) GROUP BY status`, [ids]);
      expect(states).toEqual([{ status: 'queued', n: 30 }]);
      // Queued imports hold no connection: the app has only a handful open.
      const [{ n: connections }] = await t.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'callscope'`);
      expect(connections).toBeLessThanOrEqual(5);
      for (let i = 0; i < 5; i++) {
        const health = await timed(t.http().get('/api/health').then((r) => r));
        expect(health.result.status).toBe(200);
        expect(health.ms).toBeLessThan(1000);
      }
      const login = await timed(t.http().post('/api/auth/login').send({ email: 'robust-admin@test.callscope.dev', password: TEST_PASSWORD }).then((r) => r));
      expect(login.result.status).toBe(200);
      expect(login.ms).toBeLessThan(2000);
      expect(uploadsLeft()).toHaveLength(30);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    await t.app.get(ImportService).idle();
    const jobs = await t.db.query(`SELECT status, started_at, finished_at FROM imports WHERE id = ANY($1) ORDER BY started_at`, [ids]);
    expect(jobs.map((j: { status: string }) => j.status)).toEqual(Array(30).fill('succeeded'));
    // One after the other: each started after the previous one finished.
    for (let i = 1; i < jobs.length; i++) expect(new Date(jobs[i].started_at).getTime()).toBeGreaterThanOrEqual(new Date(jobs[i - 1].finished_at).getTime());
    expect((await t.db.query(`SELECT count(*)::int AS n FROM calls WHERE external_id LIKE 'Q30-%'`))[0].n).toBe(30);
    await expectCleanAfter();
  });

  it('fails queued imports whose server stopped stamping them, and start-up removes uploads of dead processes', async () => {
    const [orphan] = await t.db.query(`INSERT INTO imports (kind, status, heartbeat_at) VALUES ('calls', 'queued', now() - interval '5 minutes') RETURNING id`);
    const [alive] = await t.db.query(`INSERT INTO imports (kind, status, heartbeat_at) VALUES ('calls', 'queued', now()) RETURNING id`);
    const { writeFileSync } = await import('node:fs');
    // A pid far above any real one: its process is gone.
    writeFileSync(join(uploadDir, 'callscope-upload-4194000-1-abc'), 'left behind');
    writeFileSync(join(uploadDir, `callscope-upload-${process.pid}-1-def`), 'in progress here');
    await t.app.get(ImportService).onApplicationBootstrap();
    const rows = await t.db.query(`SELECT id, status FROM imports WHERE id = ANY($1)`, [[orphan.id, alive.id]]);
    expect(Object.fromEntries(rows.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({ [orphan.id]: 'failed', [alive.id]: 'queued' });
    expect(uploadsLeft()).toEqual([`callscope-upload-${process.pid}-1-def`]);
    rmSync(join(uploadDir, `callscope-upload-${process.pid}-1-def`));
    await t.db.query(`DELETE FROM imports WHERE id = $1`, [alive.id]);
  });
});

/** A TCP relay to PostgreSQL that can stop relaying (holding the bytes back): the database "does not answer". */
class FreezableProxy {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private isFrozen = false;
  port = 0;

  set frozen(value: boolean) {
    this.isFrozen = value;
    for (const s of this.sockets) {
      if (value) s.pause();
      else s.resume();
    }
  }

  async start(target: { host: string; port: number }): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(target.port, target.host);
      client.pipe(upstream);
      upstream.pipe(client);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        if (this.isFrozen) s.pause();
      }
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

describe('health when the database does not answer', () => {
  const proxy = new FreezableProxy();
  let t: TestApp;
  beforeAll(async () => {
    const pg = new URL(process.env.CALLSCOPE_TEST_ADMIN_URL!);
    await proxy.start({ host: pg.hostname, port: Number(pg.port) });
    t = await createTestApp({
      timeouts: { statementTimeoutMs: 30_000, connectTimeoutMs: 2_000 },
      connectVia: (url) => {
        const u = new URL(url);
        u.port = String(proxy.port);
        return u.toString();
      },
    });
  });
  afterAll(async () => {
    proxy.frozen = false;
    await t.close();
    await proxy.stop();
  });

  it('answers 200 while the database answers and 503 within a few seconds once it stops', async () => {
    expect((await t.http().get('/api/health')).status).toBe(200);
    proxy.frozen = true;
    const t0 = Date.now();
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'unavailable', message: 'The database does not answer.' });
    expect(Date.now() - t0).toBeLessThan(5000);
    // A second probe while it is still down: the pool's waiting requests time out too.
    const again = Date.now();
    expect((await t.http().get('/api/health')).status).toBe(503);
    expect(Date.now() - again).toBeLessThan(5000);
  });
});
