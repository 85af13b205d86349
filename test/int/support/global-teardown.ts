import { rmSync } from 'node:fs';
import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__callscopeTestPg as { stop(): Promise<void>; dir: string } | undefined;
  if (embedded) {
    await embedded.stop();
    rmSync(embedded.dir, { recursive: true, force: true });
    return;
  }
  // An external server: drop the template this run created.
  const admin = new Client({ connectionString: process.env.CALLSCOPE_TEST_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${process.env.CALLSCOPE_TEST_TEMPLATE}"`);
  await admin.end();
}
