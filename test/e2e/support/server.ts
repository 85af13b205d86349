import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serverNodeFlags } from '../../../server/config/env';

export const PROJECT_ROOT = resolve(__dirname, '..', '..', '..');

export interface RunningServer {
  baseUrl: string;
  child: ChildProcess;
  dataDir: string;
  log: () => string;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

/**
 * The built app as users get it: `node dist/server/main.js` on a fresh data folder, so it starts
 * its embedded PostgreSQL and loads the demo data; resolves once /api/health answers ok.
 */
export async function startServer(timeoutMs = 180_000): Promise<RunningServer> {
  const main = join(PROJECT_ROOT, 'dist', 'server', 'main.js');
  if (!existsSync(main) || !existsSync(join(PROJECT_ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm run test:e2e does).');
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'callscope-e2e-'));
  // Run as root, embedded PostgreSQL drops to its own user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  let output = '';
  // The embedded database, never one the caller's shell points at.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), CALLSCOPE_DATA_DIR: dataDir, CALLSCOPE_DEMO: 'true' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [...serverNodeFlags(), main], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}) during start-up:\n${output.slice(-4000)}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return { baseUrl, child, dataDir, log: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill('SIGINT');
  throw new Error(`The server did not become healthy within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`);
}

/** SIGINT lets the server stop its embedded PostgreSQL cleanly; then the data folder goes. */
export async function stopServer(server: Pick<RunningServer, 'child' | 'dataDir'>): Promise<void> {
  const { child } = server;
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(server.dataDir, { recursive: true, force: true });
}
