import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../../server/config/database';
import { startEmbeddedPostgres } from '../../../server/config/embedded-postgres';

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL when set, else an embedded instance in a
 * throw-away folder. The migrations run once into a template database; each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  let adminUrl: string;
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    const dir = join(__dirname, '..', '..', '..', '.data', `test-postgres-${runId}`);
    const pg = await startEmbeddedPostgres({ dir, persistent: false, database: 'postgres' });
    (globalThis as Record<string, unknown>).__callscopeTestPg = { stop: pg.stop, dir };
    adminUrl = pg.url;
  }
  const template = `callscope_template_${runId}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  await runMigrations(withDatabase(adminUrl, template));
  process.env.CALLSCOPE_TEST_ADMIN_URL = adminUrl;
  process.env.CALLSCOPE_TEST_TEMPLATE = template;
  // Jest's own dir cleanup races PostgreSQL's; keep the folder name for teardown.
  void rmSync;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
