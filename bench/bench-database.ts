import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { runMigrations } from '../server/config/database';
import { startEmbeddedPostgres } from '../server/config/embedded-postgres';
import { projectRoot } from '../server/config/env';

export interface BenchServer {
  /** URL of a database on the bench server */
  url(database: string): string;
  /** Creates (or recreates) a migrated database. */
  freshDatabase(name: string): Promise<string>;
  /** True when the database exists and has the marker row written by `mark`. */
  hasMarker(name: string, marker: string): Promise<boolean>;
  mark(name: string, marker: string): Promise<void>;
  /** Drops `name` and recreates it as a copy of `template` (a file copy: seconds, not a reload). */
  cloneDatabase(name: string, template: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  /** Runs one statement on the server's maintenance database. */
  admin<T>(fn: (c: Client) => Promise<T>, database?: string): Promise<T>;
  stop(): Promise<void>;
}

/** BENCH_DATABASE_URL's server, or an embedded PostgreSQL kept in `.data/bench-postgres` between runs. */
export async function openBenchServer(): Promise<BenchServer> {
  let adminUrl: string;
  let stop = async () => undefined as void;
  if (process.env.BENCH_DATABASE_URL) {
    adminUrl = process.env.BENCH_DATABASE_URL;
  } else {
    const dir = join(projectRoot(), '.data', 'bench-postgres');
    const running = runningEmbeddedUrl(dir);
    if (running) {
      // Another bench run (or a server started by hand) owns the cluster: share it, leave it running.
      adminUrl = running;
    } else {
      const pg = await startEmbeddedPostgres({ dir, persistent: true, database: 'postgres' });
      adminUrl = pg.url;
      stop = pg.stop;
    }
  }
  const url = (database: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${database}`;
    return u.toString();
  };
  const admin = async <T>(fn: (c: Client) => Promise<T>, database = 'postgres'): Promise<T> => {
    const c = new Client({ connectionString: url(database) });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    url,
    async freshDatabase(name) {
      await admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${name}"`);
      });
      await runMigrations(url(name));
      return url(name);
    },
    async hasMarker(name, marker) {
      const exists = await admin((c) => c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]));
      if (!exists.rowCount) return false;
      return admin(async (c) => {
        const r = await c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'bench_marker'`);
        if (!r.rowCount) return false;
        return ((await c.query(`SELECT 1 FROM bench_marker WHERE marker = $1`, [marker])).rowCount ?? 0) > 0;
      }, name);
    },
    async mark(name, marker) {
      await admin(async (c) => {
        await c.query(`CREATE TABLE IF NOT EXISTS bench_marker (marker text PRIMARY KEY)`);
        await c.query(`INSERT INTO bench_marker VALUES ($1) ON CONFLICT DO NOTHING`, [marker]);
      }, name);
    },
    async cloneDatabase(name, template) {
      await admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      });
      return url(name);
    },
    async dropDatabase(name) {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
    admin,
    stop,
  };
}

/** The URL of the embedded cluster in `dir` when its postmaster is alive (postmaster.pid: pid on line 1, port on line 4). */
function runningEmbeddedUrl(dir: string): string | null {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null;
  }
  const password = readFileSync(`${dir}.password`, 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/postgres`;
}

/** The baseline for ingest: a bare COPY of the CSV into an unindexed table of text columns. */
export async function bareCopy(url: string, csvPath: string, columns: string[]): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP TABLE IF EXISTS bench_bare_copy`);
    await c.query(`CREATE TABLE bench_bare_copy (${columns.map((col) => `"${col}" text`).join(', ')})`);
    await pipeline(createReadStream(csvPath), c.query(copyFrom(`COPY bench_bare_copy FROM STDIN WITH (FORMAT csv, HEADER true)`)));
  } finally {
    await c.end();
  }
}
