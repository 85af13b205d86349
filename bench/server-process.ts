import { ChildProcess, spawn } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import type { ImportJob } from '../server/modules/ingest/import.service';
import { DEMO_LOGINS } from '../seeds/demo';
import { freePort } from '../server/config/embedded-postgres';
import { projectRoot, serverNodeFlags } from '../server/config/env';
import { peakRssMb, rssMb, sampleRss } from './harness';

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  token: string;
  stop(): Promise<void>;
}

const ADMIN = { email: 'bench-admin@callscope.local', password: 'bench-admin-password' };

/** Starts `node dist/server/main.js` on `databaseUrl` (no demo data), waits for it, and logs in as the bootstrap admin. */
export async function startServer(databaseUrl: string): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...serverNodeFlags(), join(projectRoot(), 'dist', 'server', 'main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      CALLSCOPE_DEMO: 'false',
      // Load generators are one client sending as fast as the server answers: no API-wide limit here.
      CALLSCOPE_RATE_LIMIT_PER_MINUTE: '0',
      CALLSCOPE_ADMIN_EMAIL: ADMIN.email,
      CALLSCOPE_ADMIN_PASSWORD: ADMIN.password,
      CALLSCOPE_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited (${child.exitCode}):\n${output}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // The bootstrap admin is only created in a database without users; a seeded set has the demo admin.
  const demoAdmin = DEMO_LOGINS.find((l) => l.role === 'admin')!;
  let login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  // Each run's refused bench-admin sign-in counts as a failure: from the sixth run within 15 minutes it is throttled (429), not refused.
  if (login.status === 401 || login.status === 429) login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: demoAdmin.email, password: demoAdmin.password }) });
  if (!login.ok) throw new Error(`Login failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return {
    baseUrl,
    pid: child.pid!,
    token,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Uploads a file to POST /api/imports of a started server and waits for the job, with the
 * server's RSS before the upload and its peak during upload and import (max of VmHWM and 100 ms samples).
 */
export async function importOverHttp(app: ServerProcess, filePath: string, fileName: string, kind: string): Promise<{ job: ImportJob; seconds: number; idleMb: number; peakMb: number }> {
  const idleMb = rssMb(app.pid);
  const sampler = sampleRss(app.pid, 100);
  const t0 = Date.now();
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', await openAsBlob(filePath), fileName);
  const res = await fetch(`${app.baseUrl}/api/imports`, { method: 'POST', headers: { authorization: `Bearer ${app.token}` }, body: form });
  if (res.status !== 202) throw new Error(`Upload answered ${res.status}: ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  let job: ImportJob;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    job = (await (await fetch(`${app.baseUrl}/api/imports/${id}`, { headers: { authorization: `Bearer ${app.token}` } })).json()) as ImportJob;
    if (job.status === 'succeeded' || job.status === 'failed') break;
  }
  const seconds = (Date.now() - t0) / 1000;
  return { job, seconds, idleMb, peakMb: Math.max(sampler.stop(), peakRssMb(app.pid)) };
}
