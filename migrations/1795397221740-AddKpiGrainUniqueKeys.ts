import { MigrationInterface, QueryRunner } from 'typeorm';

/** The key columns of each coarse call grain (after local_date, the period's first day). */
const GRAIN_KEYS: [table: string, keys: string][] = [
  ['kpi_call_team_daily', 'team_id, queue, channel'],
  ['kpi_call_agent_monthly', 'agent_id, team_id, queue, channel'],
  ['kpi_call_agent_monthly_all', 'agent_id, team_id'],
  ['kpi_call_agent_weekly_all', 'agent_id, team_id'],
  ['kpi_call_team_weekly_all', 'team_id'],
];

/**
 * One row per key in each coarse call grain, so that RollupService can add a day's change to
 * them (`INSERT … ON CONFLICT DO UPDATE SET col = col + EXCLUDED.col`) instead of recomputing
 * whole weeks and months. NULLS NOT DISTINCT: a call without agent, team or queue has a NULL
 * key column and still one row. The rows are already unique (each grain is a GROUP BY).
 */
export class AddKpiGrainUniqueKeys1795397221740 implements MigrationInterface {
  name = 'AddKpiGrainUniqueKeys1795397221740';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, keys] of GRAIN_KEYS) {
      await q.query(`CREATE UNIQUE INDEX ${table}_key_idx ON ${table} (local_date, ${keys}) NULLS NOT DISTINCT`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of GRAIN_KEYS) await q.query(`DROP INDEX ${table}_key_idx`);
  }
}
