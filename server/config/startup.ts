import { INestApplication, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEMO_LOGINS, seedDemo } from '../../seeds/demo';
import { ensureDefaultQaForm } from '../../seeds/default-qa-form';
import { UsersService } from '../modules/auth/users.service';
import { RollupService } from '../modules/kpi/rollup.service';
import { localDateDaysAgo } from '../../seeds/demo-calendar';
import type { Env } from './env';

/**
 * What runs once the app is built and before it listens: the bootstrap admin, the default QA
 * form, and on the embedded database (or CALLSCOPE_DEMO=true) the demo data when the database
 * is empty. Returns lines to print (the demo logins).
 */
export async function runStartupTasks(app: INestApplication, env: Env, options: { embedded: boolean }): Promise<string[]> {
  const logger = new Logger('Startup');
  const db = app.get(DataSource);
  await app.get(UsersService).ensureBootstrapAdmin(env.CALLSCOPE_ADMIN_EMAIL, env.CALLSCOPE_ADMIN_PASSWORD);
  await ensureDefaultQaForm(db);

  const demoWanted = env.CALLSCOPE_DEMO ?? options.embedded;
  if (!demoWanted) return [];
  const [{ agents }] = await db.query(`SELECT count(*)::int AS agents FROM agents`);
  if (agents === 0) {
    const t0 = Date.now();
    const today = localDateDaysAgo(0, 'Asia/Shanghai');
    const summary = await seedDemo(db, { today });
    await afterBulkLoad(app);
    logger.log(`Loaded the demo data (${summary.calls} calls, ${summary.agents} agents, ${summary.evaluations} evaluations) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const [demo] = await db.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [DEMO_LOGINS[0].email]);
  if (!demo) return [];
  return ['Demo logins (password for all: ' + DEMO_LOGINS[0].password + '):', ...DEMO_LOGINS.map((l) => `  ${l.role.padEnd(10)} ${l.email.padEnd(40)} ${l.description}`)];
}

/** Brings derived data (KPI rollups) up to date after a bulk load that bypassed the import path. */
export async function afterBulkLoad(app: INestApplication): Promise<void> {
  await app.get(RollupService).rebuildAll();
}
