import { MigrationInterface, QueryRunner } from 'typeorm';

const CALL_SUMS = [
  'outbound', 'offered', 'answered', 'abandoned', 'in_sl', 'wait_known', 'wait_sum', 'talk_sum', 'hold_sum', 'acw_sum',
  'resolved_known', 'resolved_true', 'repeat_eligible', 'repeat_free', 'escalated', 'transferred',
  'csat_count', 'csat_sum', 'csat_top2', 'nps_count', 'nps_promoters', 'nps_detractors', 'talk_known', 'handle_sum',
];
const BIGINT = new Set(['wait_sum', 'talk_sum', 'hold_sum', 'acw_sum', 'handle_sum']);
const callSumDdl = CALL_SUMS.map((c) => `${c} ${BIGINT.has(c) ? 'bigint' : 'integer'} NOT NULL DEFAULT 0`).join(',\n        ');
const sums = CALL_SUMS.map((c) => `sum(${c})`).join(', ');

/**
 * Coarser KPI grains so that agent-level reads over weeks, months and a year read few rows:
 * - call grains without the queue/channel split (every queue and channel summed), used when a
 *   request neither filters nor groups by queue or channel: agent × ISO week, team × ISO week,
 *   agent × month (weekly rows keyed by the Monday, monthly by the 1st);
 * - evaluation agent × ISO week and agent × month.
 * Filled here from the existing rollups; RollupService keeps them current.
 */
export class CreateKpiCoarseGrains1795392000000 implements MigrationInterface {
  name = 'CreateKpiCoarseGrains1795392000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, keys] of [
      ['kpi_call_agent_weekly_all', 'agent_id integer, team_id integer'],
      ['kpi_call_team_weekly_all', 'team_id integer'],
      ['kpi_call_agent_monthly_all', 'agent_id integer, team_id integer'],
    ]) {
      await q.query(`CREATE TABLE ${table} (local_date date NOT NULL, ${keys}, ${callSumDdl})`);
    }
    for (const table of ['kpi_eval_weekly', 'kpi_eval_monthly']) {
      await q.query(`CREATE TABLE ${table} (LIKE kpi_eval_daily INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    }
    await q.query(`
      INSERT INTO kpi_call_agent_weekly_all (local_date, agent_id, team_id, ${CALL_SUMS.join(', ')})
      SELECT date_trunc('week', local_date::timestamp)::date, agent_id, team_id, ${sums} FROM kpi_call_daily GROUP BY 1, 2, 3 ORDER BY 1`);
    await q.query(`
      INSERT INTO kpi_call_team_weekly_all (local_date, team_id, ${CALL_SUMS.join(', ')})
      SELECT date_trunc('week', local_date::timestamp)::date, team_id, ${sums} FROM kpi_call_team_daily GROUP BY 1, 2 ORDER BY 1`);
    await q.query(`
      INSERT INTO kpi_call_agent_monthly_all (local_date, agent_id, team_id, ${CALL_SUMS.join(', ')})
      SELECT local_date, agent_id, team_id, ${sums} FROM kpi_call_agent_monthly GROUP BY 1, 2, 3 ORDER BY 1`);
    for (const [table, unit] of [['kpi_eval_weekly', 'week'], ['kpi_eval_monthly', 'month']]) {
      await q.query(`
        INSERT INTO ${table} (local_date, agent_id, team_id, evaluations, score_sum, auto_fails)
        SELECT date_trunc('${unit}', local_date::timestamp)::date, agent_id, team_id, sum(evaluations), sum(score_sum), sum(auto_fails)
          FROM kpi_eval_daily GROUP BY 1, 2, 3 ORDER BY 1`);
    }
    // Reads take a date range (and maybe one agent or team); refreshes delete by period start.
    for (const table of ['kpi_call_agent_weekly_all', 'kpi_call_team_weekly_all', 'kpi_call_agent_monthly_all', 'kpi_eval_weekly', 'kpi_eval_monthly']) {
      await q.query(`CREATE INDEX ${table}_date_idx ON ${table} (local_date)`);
      if (table !== 'kpi_call_team_weekly_all') await q.query(`CREATE INDEX ${table}_agent_idx ON ${table} (agent_id, local_date)`);
    }
    await q.query(`CREATE INDEX kpi_call_team_weekly_all_team_idx ON kpi_call_team_weekly_all (team_id, local_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE kpi_eval_monthly; DROP TABLE kpi_eval_weekly; DROP TABLE kpi_call_agent_monthly_all; DROP TABLE kpi_call_team_weekly_all; DROP TABLE kpi_call_agent_weekly_all`);
  }
}
