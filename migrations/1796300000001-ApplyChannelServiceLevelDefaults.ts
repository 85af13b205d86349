import { MigrationInterface, QueryRunner } from 'typeorm';

const CALL_GRAINS: Array<{ table: string; keys: string[]; unit: 'day' | 'week' | 'month' }> = [
  { table: 'kpi_call_team_daily', keys: ['team_id', 'queue', 'channel'], unit: 'day' },
  { table: 'kpi_call_agent_monthly', keys: ['agent_id', 'team_id', 'queue', 'channel'], unit: 'month' },
  { table: 'kpi_call_agent_monthly_all', keys: ['agent_id', 'team_id'], unit: 'month' },
  { table: 'kpi_call_agent_weekly_all', keys: ['agent_id', 'team_id'], unit: 'week' },
  { table: 'kpi_call_team_weekly_all', keys: ['team_id'], unit: 'week' },
];

/** The default thresholds as of this migration (kpi-targets.ts DEFAULT_SERVICE_LEVEL_SECONDS); frozen here. */
const DEFAULTS = JSON.stringify({ chat: 60, wechat: 60, email: 86400 });

/**
 * Service level now defaults to a threshold per channel (kpi-spec section 5: chat and WeChat
 * 60 s, email 24 h; a channel set in settings keeps its own): the stored in_sl counts are
 * recomputed from the calls with the thresholds in force, and summed again into the grains.
 */
export class ApplyChannelServiceLevelDefaults1796300000001 implements MigrationInterface {
  name = 'ApplyChannelServiceLevelDefaults1796300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE kpi_call_daily SET in_sl = 0 WHERE channel IN ('chat', 'wechat', 'email')`);
    await q.query(
      `UPDATE kpi_call_daily k SET in_sl = x.in_sl
         FROM (
           SELECT c.local_date, c.agent_id, m.team_id, c.queue, c.channel, count(*) AS in_sl
             FROM (SELECT calls.*, (calls.started_at AT TIME ZONE st.timezone)::date AS local_date,
                          coalesce((st.service_level_by_channel ->> calls.channel)::int, ($1::jsonb ->> calls.channel)::int, st.service_level_seconds) AS threshold
                     FROM calls, (SELECT * FROM settings WHERE id = 1) st
                    WHERE calls.direction = 'inbound' AND calls.answered AND calls.channel IN ('chat', 'wechat', 'email')) c
             LEFT JOIN agent_team_memberships m
               ON m.agent_id = c.agent_id
              AND (m.valid_from IS NULL OR m.valid_from <= c.local_date)
              AND (m.valid_to IS NULL OR m.valid_to > c.local_date)
            WHERE c.queue_wait_s <= c.threshold
            GROUP BY 1, 2, 3, 4, 5) x
        WHERE k.local_date = x.local_date AND k.agent_id IS NOT DISTINCT FROM x.agent_id AND k.team_id IS NOT DISTINCT FROM x.team_id
          AND k.queue IS NOT DISTINCT FROM x.queue AND k.channel = x.channel`,
      [DEFAULTS],
    );
    for (const { table, keys, unit } of CALL_GRAINS) {
      const period = unit === 'day' ? 'local_date' : `date_trunc('${unit}', local_date::timestamp)::date`;
      await q.query(`
        UPDATE ${table} k SET in_sl = x.in_sl
          FROM (SELECT ${period} AS local_date, ${keys.join(', ')}, sum(in_sl) AS in_sl FROM kpi_call_daily GROUP BY ${['1', ...keys].join(', ')}) x
         WHERE k.local_date = x.local_date AND ${keys.map((c) => `k.${c} IS NOT DISTINCT FROM x.${c}`).join(' AND ')} AND k.in_sl <> x.in_sl`);
    }
    await q.query(`UPDATE settings SET data_version = data_version + 1 WHERE id = 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The previous rule (one org threshold unless set per channel) is what `rollup rebuild` of the older code gives.
    await q.query(`UPDATE settings SET data_version = data_version + 1 WHERE id = 1`);
  }
}
