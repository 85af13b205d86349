import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One kpi_call_daily row per (local date, agent, team, queue, channel), NULLs included, so that
 * a repeat-contact flag that changed on a day whose calls did not change is added to that day's
 * row (`INSERT … ON CONFLICT DO UPDATE`) instead of the whole day being summed again. The rows
 * are already unique (the daily rollup is a GROUP BY over those columns).
 */
export class AddKpiCallDailyUniqueKey1795398192397 implements MigrationInterface {
  name = 'AddKpiCallDailyUniqueKey1795398192397';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX kpi_call_daily_key_idx ON kpi_call_daily (local_date, agent_id, team_id, queue, channel) NULLS NOT DISTINCT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX kpi_call_daily_key_idx`);
  }
}
