import type { DataSource, EntityManager } from 'typeorm';
import { RollupService } from '../../../server/modules/kpi/rollup.service';

/** Every rollup table the incremental path keeps. */
export const ROLLUP_TABLES = [
  'kpi_call_daily',
  'kpi_call_team_daily',
  'kpi_call_agent_monthly',
  'kpi_call_agent_monthly_all',
  'kpi_call_agent_weekly_all',
  'kpi_call_team_weekly_all',
  'kpi_eval_daily',
  'kpi_eval_weekly',
  'kpi_eval_monthly',
];

/** Every rollup table, and the repeat flags of eligible calls, row for row in a stable order. */
export async function rollupSnapshot(m: EntityManager): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of ROLLUP_TABLES) out[table] = (await m.query(`SELECT * FROM ${table} x ORDER BY x::text`)) as unknown[];
  out.flags = await m.query(
    `SELECT f.call_id::text, f.repeat FROM call_repeat_flags f JOIN calls c ON c.id = f.call_id WHERE c.direction = 'inbound' AND c.answered AND c.customer_id IS NOT NULL ORDER BY 1`,
  );
  return out;
}

/** Asserts that every rollup table now equals what a full rebuild gives (rebuilt in a transaction that is rolled back). */
export async function expectRollupsAsRebuilt(db: DataSource, rollups: RollupService): Promise<void> {
  const incremental = await rollupSnapshot(db.manager);
  let rebuilt: Record<string, unknown[]> = {};
  await db
    .transaction(async (m) => {
      await rollups.rebuildAll(m);
      rebuilt = await rollupSnapshot(m);
      throw new Error('roll back');
    })
    .catch((e: Error) => expect(e.message).toBe('roll back'));
  for (const table of [...ROLLUP_TABLES, 'flags']) expect([table, incremental[table]]).toEqual([table, rebuilt[table]]);
}
