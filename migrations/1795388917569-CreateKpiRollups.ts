import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KPI pre-aggregates (kpi-spec section 3): sums and counts per local date (org time zone) ×
 * agent × team at the time × queue × channel for calls and their surveys, and per local date
 * × agent × team for submitted evaluations. Derived data: RollupService rebuilds them at will.
 */
export class CreateKpiRollups1795388917569 implements MigrationInterface {
  name = 'CreateKpiRollups1795388917569';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE kpi_call_daily (
        local_date date NOT NULL,
        agent_id integer,
        team_id integer,
        queue text,
        channel text NOT NULL,
        outbound integer NOT NULL DEFAULT 0,
        offered integer NOT NULL DEFAULT 0,
        answered integer NOT NULL DEFAULT 0,
        abandoned integer NOT NULL DEFAULT 0,
        in_sl integer NOT NULL DEFAULT 0,
        wait_known integer NOT NULL DEFAULT 0,
        wait_sum bigint NOT NULL DEFAULT 0,
        talk_sum bigint NOT NULL DEFAULT 0,
        hold_sum bigint NOT NULL DEFAULT 0,
        acw_sum bigint NOT NULL DEFAULT 0,
        resolved_known integer NOT NULL DEFAULT 0,
        resolved_true integer NOT NULL DEFAULT 0,
        repeat_eligible integer NOT NULL DEFAULT 0,
        repeat_free integer NOT NULL DEFAULT 0,
        escalated integer NOT NULL DEFAULT 0,
        transferred integer NOT NULL DEFAULT 0,
        csat_count integer NOT NULL DEFAULT 0,
        csat_sum integer NOT NULL DEFAULT 0,
        csat_top2 integer NOT NULL DEFAULT 0,
        nps_count integer NOT NULL DEFAULT 0,
        nps_promoters integer NOT NULL DEFAULT 0,
        nps_detractors integer NOT NULL DEFAULT 0
      );
      CREATE INDEX kpi_call_daily_date_idx ON kpi_call_daily (local_date);
      CREATE INDEX kpi_call_daily_agent_date_idx ON kpi_call_daily (agent_id, local_date) WHERE agent_id IS NOT NULL;
      CREATE INDEX kpi_call_daily_team_date_idx ON kpi_call_daily (team_id, local_date) WHERE team_id IS NOT NULL;

      CREATE TABLE kpi_eval_daily (
        local_date date NOT NULL,
        agent_id integer NOT NULL,
        team_id integer,
        evaluations integer NOT NULL DEFAULT 0,
        score_sum numeric NOT NULL DEFAULT 0, -- exact: the same total whatever the order of summation
        auto_fails integer NOT NULL DEFAULT 0
      );
      CREATE INDEX kpi_eval_daily_date_idx ON kpi_eval_daily (local_date);
      CREATE INDEX kpi_eval_daily_agent_date_idx ON kpi_eval_daily (agent_id, local_date);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kpi_eval_daily; DROP TABLE kpi_call_daily;`);
  }
}
