import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handle-time figures (aht, avg_talk) count only answered calls whose talk time is known
 * (kpi-spec section 1: a blank is unknown, never invented; only a missing hold or wrap-up counts
 * as 0). talk_known = those calls, handle_sum = their talk + hold + wrap-up. Existing rollup rows
 * are filled in from the calls with the same attribution as the rollup SQL.
 */
export class AddKpiHandleTimeKnown1795390000000 implements MigrationInterface {
  name = 'AddKpiHandleTimeKnown1795390000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['kpi_call_daily', 'kpi_call_team_daily', 'kpi_call_agent_monthly']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN talk_known integer NOT NULL DEFAULT 0, ADD COLUMN handle_sum bigint NOT NULL DEFAULT 0`);
    }
    await q.query(`
      UPDATE kpi_call_daily k SET talk_known = x.talk_known, handle_sum = x.handle_sum
        FROM (
          SELECT c.local_date, c.agent_id, m.team_id, c.queue, c.channel,
                 count(*) AS talk_known, sum(c.talk_s + coalesce(c.hold_s, 0) + coalesce(c.acw_s, 0)) AS handle_sum
            FROM (SELECT calls.*, (calls.started_at AT TIME ZONE (SELECT timezone FROM settings WHERE id = 1))::date AS local_date FROM calls
                   WHERE direction = 'inbound' AND answered AND talk_s IS NOT NULL) c
            LEFT JOIN agent_team_memberships m
              ON m.agent_id = c.agent_id
             AND (m.valid_from IS NULL OR m.valid_from <= c.local_date)
             AND (m.valid_to IS NULL OR m.valid_to > c.local_date)
           GROUP BY 1, 2, 3, 4, 5) x
       WHERE k.local_date = x.local_date AND k.agent_id IS NOT DISTINCT FROM x.agent_id AND k.team_id IS NOT DISTINCT FROM x.team_id
         AND k.queue IS NOT DISTINCT FROM x.queue AND k.channel = x.channel`);
    await q.query(`
      UPDATE kpi_call_team_daily k SET talk_known = x.talk_known, handle_sum = x.handle_sum
        FROM (SELECT local_date, team_id, queue, channel, sum(talk_known) AS talk_known, sum(handle_sum) AS handle_sum
                FROM kpi_call_daily GROUP BY 1, 2, 3, 4) x
       WHERE k.local_date = x.local_date AND k.team_id IS NOT DISTINCT FROM x.team_id AND k.queue IS NOT DISTINCT FROM x.queue AND k.channel = x.channel`);
    await q.query(`
      UPDATE kpi_call_agent_monthly k SET talk_known = x.talk_known, handle_sum = x.handle_sum
        FROM (SELECT date_trunc('month', local_date::timestamp)::date AS local_date, agent_id, team_id, queue, channel,
                     sum(talk_known) AS talk_known, sum(handle_sum) AS handle_sum
                FROM kpi_call_daily GROUP BY 1, 2, 3, 4, 5) x
       WHERE k.local_date = x.local_date AND k.agent_id IS NOT DISTINCT FROM x.agent_id AND k.team_id IS NOT DISTINCT FROM x.team_id
         AND k.queue IS NOT DISTINCT FROM x.queue AND k.channel = x.channel`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['kpi_call_daily', 'kpi_call_team_daily', 'kpi_call_agent_monthly']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN talk_known, DROP COLUMN handle_sum`);
    }
  }
}
