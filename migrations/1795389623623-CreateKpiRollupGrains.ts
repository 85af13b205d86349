import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coarser KPI grains built from kpi_call_daily, so that big ranges read few rows:
 * team × day (no agent) and agent × month (local_date holds the first day of the month).
 */
export class CreateKpiRollupGrains1795389623623 implements MigrationInterface {
  name = 'CreateKpiRollupGrains1795389623623';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE kpi_call_team_daily (LIKE kpi_call_daily INCLUDING DEFAULTS);
      ALTER TABLE kpi_call_team_daily DROP COLUMN agent_id;
      CREATE INDEX kpi_call_team_daily_date_idx ON kpi_call_team_daily (local_date);
      CREATE TABLE kpi_call_agent_monthly (LIKE kpi_call_daily INCLUDING DEFAULTS);
      CREATE INDEX kpi_call_agent_monthly_date_idx ON kpi_call_agent_monthly (local_date);
      CREATE INDEX kpi_call_agent_monthly_agent_idx ON kpi_call_agent_monthly (agent_id, local_date) WHERE agent_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kpi_call_agent_monthly; DROP TABLE kpi_call_team_daily;`);
  }
}
