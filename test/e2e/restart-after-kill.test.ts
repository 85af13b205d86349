/**
 * Issue 15, section 3: `npm start` after the server was killed with SIGKILL. The embedded
 * PostgreSQL outlives its Node process; the next start must find it (postmaster.pid in the data
 * folder), stop it, say so, and come up healthy. A failing start says why, never "undefined".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, PROJECT_ROOT } from './support/server';

jest.setTimeout(300_000);

interface Started {
  child: ChildProcess;
  output: () => string;
}

function npmStart(env: NodeJS.ProcessEnv): Started {
  let output = '';
  // Its own process group, so the test can stop everything it started at the end.
  const child = spawn('npm', ['start', '--silent'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function waitHealthy(baseUrl: string, started: Started, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`npm start exited (${started.child.exitCode}):\n${started.output().slice(-3000)}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`not healthy within ${timeoutMs / 1000} s:\n${started.output().slice(-3000)}`);
}

/** Running, not a zombie waiting for a parent that does not reap it. */
const alive = (pid: number) => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};
const parentOf = (pid: number) => Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const exited = (child: ChildProcess) => (child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise<number | null>((r) => child.once('exit', (code) => r(code))));

describe('npm start after kill -9', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'callscope-restart-'));
  chmodSync(dataDir, 0o755);
  const running: Started[] = [];
  let env: NodeJS.ProcessEnv;
  let baseUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = { ...process.env, PORT: String(port), CALLSCOPE_DATA_DIR: dataDir, CALLSCOPE_DEMO: 'false' };
    delete env.DATABASE_URL;
  });

  afterAll(async () => {
    for (const s of running) {
      if (s.child.exitCode !== null || s.child.pid === undefined) continue;
      // SIGINT to the group: the server stops its PostgreSQL cleanly.
      process.kill(-s.child.pid, 'SIGINT');
      const timer = setTimeout(() => s.child.pid && process.kill(-s.child.pid, 'SIGKILL'), 20_000);
      await exited(s.child);
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts again with the same command, stopping the cluster the killed server left, and says so', async () => {
    const first = npmStart(env);
    running.push(first);
    await waitHealthy(baseUrl, first);
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    const postgresPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const serverPid = parentOf(postgresPid);
    expect(readFileSync(`/proc/${serverPid}/cmdline`, 'utf8')).toMatch(/node/);

    process.kill(serverPid, 'SIGKILL');
    await exited(first.child);
    // What the issue saw: the database outlives the server.
    expect(alive(postgresPid)).toBe(true);
    expect(existsSync(pidFile)).toBe(true);

    const second = npmStart(env);
    running.push(second);
    await waitHealthy(baseUrl, second);
    expect(second.output()).toMatch(new RegExp(`The embedded PostgreSQL of a previous run was still running on .*\\(pid ${postgresPid};.*stopped it`));
    expect(second.output()).not.toMatch(/undefined/);
    expect(alive(postgresPid)).toBe(false);
    const login = await fetch(`${baseUrl}/api/health`);
    expect(await login.json()).toEqual({ status: 'ok', db: 'up' });
  });

  it('says clearly why it cannot start, never "undefined"', async () => {
    const bad = npmStart({ ...env, CALLSCOPE_SECRET: 'too-short' });
    running.push(bad);
    expect(await exited(bad.child)).toBe(1);
    expect(bad.output()).toMatch(/Callscope could not start: Invalid environment:\s+CALLSCOPE_SECRET: must be at least 32 characters/);
    expect(bad.output()).not.toMatch(/undefined/);
  });
});
