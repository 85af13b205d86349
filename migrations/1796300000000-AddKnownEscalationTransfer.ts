import { MigrationInterface, QueryRunner } from 'typeorm';

const CALL_ROLLUPS: Array<{ table: string; keys: string[]; unit: 'day' | 'week' | 'month' }> = [
  { table: 'kpi_call_team_daily', keys: ['team_id', 'queue', 'channel'], unit: 'day' },
  { table: 'kpi_call_agent_monthly', keys: ['agent_id', 'team_id', 'queue', 'channel'], unit: 'month' },
  { table: 'kpi_call_agent_monthly_all', keys: ['agent_id', 'team_id'], unit: 'month' },
  { table: 'kpi_call_agent_weekly_all', keys: ['agent_id', 'team_id'], unit: 'week' },
  { table: 'kpi_call_team_weekly_all', keys: ['team_id'], unit: 'week' },
];

/**
 * Escalated and transferred are unknown when the file had no such column or the cell was blank
 * (kpi-spec section 1): the columns become nullable, and the "no" that an import wrote for a
 * file without the column (its mapping and resolved columns are kept in imports.options) becomes
 * unknown again. Calls written without an import (seeds, direct inserts naming the values) keep
 * theirs — see docs/decisions.md. The rollups gain the known counts that the rates now divide by.
 */
export class AddKnownEscalationTransfer1796300000000 implements MigrationInterface {
  name = 'AddKnownEscalationTransfer1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls ALTER COLUMN escalated DROP NOT NULL, ALTER COLUMN escalated DROP DEFAULT,
                                     ALTER COLUMN transferred DROP NOT NULL, ALTER COLUMN transferred DROP DEFAULT`);
    for (const field of ['escalated', 'transferred']) {
      // "true" can only have come from a cell; a "false" from a file without the column was invented.
      await q.query(
        `UPDATE calls c SET ${field} = NULL
           FROM imports i
          WHERE i.id = c.import_id AND c.${field} = false
            AND NOT (coalesce(i.options -> 'columns', '{}'::jsonb) ? '${field}')`,
      );
    }
    // The row hash includes both values: a re-import of the same file is still "unchanged" only if it hashes the same.
    await q.query(`UPDATE calls SET row_hash = NULL WHERE import_id IS NOT NULL AND (escalated IS NULL OR transferred IS NULL)`);

    for (const table of ['kpi_call_daily', ...CALL_ROLLUPS.map((r) => r.table)]) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN escalated_known integer NOT NULL DEFAULT 0, ADD COLUMN transferred_known integer NOT NULL DEFAULT 0`);
    }
    await q.query(`
      UPDATE kpi_call_daily k SET escalated_known = x.escalated_known, transferred_known = x.transferred_known
        FROM (
          SELECT c.local_date, c.agent_id, m.team_id, c.queue, c.channel,
                 count(*) FILTER (WHERE c.escalated IS NOT NULL) AS escalated_known,
                 count(*) FILTER (WHERE c.transferred IS NOT NULL) AS transferred_known
            FROM (SELECT calls.*, (calls.started_at AT TIME ZONE (SELECT timezone FROM settings WHERE id = 1))::date AS local_date FROM calls
                   WHERE direction = 'inbound' AND answered) c
            LEFT JOIN agent_team_memberships m
              ON m.agent_id = c.agent_id
             AND (m.valid_from IS NULL OR m.valid_from <= c.local_date)
             AND (m.valid_to IS NULL OR m.valid_to > c.local_date)
           GROUP BY 1, 2, 3, 4, 5) x
       WHERE k.local_date = x.local_date AND k.agent_id IS NOT DISTINCT FROM x.agent_id AND k.team_id IS NOT DISTINCT FROM x.team_id
         AND k.queue IS NOT DISTINCT FROM x.queue AND k.channel = x.channel`);
    for (const { table, keys, unit } of CALL_ROLLUPS) {
      const period = unit === 'day' ? 'local_date' : `date_trunc('${unit}', local_date::timestamp)::date`;
      await q.query(`
        UPDATE ${table} k SET escalated_known = x.escalated_known, transferred_known = x.transferred_known
          FROM (SELECT ${period} AS local_date, ${keys.join(', ')}, sum(escalated_known) AS escalated_known, sum(transferred_known) AS transferred_known
                  FROM kpi_call_daily GROUP BY ${['1', ...keys].join(', ')}) x
         WHERE k.local_date = x.local_date AND ${keys.map((c) => `k.${c} IS NOT DISTINCT FROM x.${c}`).join(' AND ')}`);
    }
    await q.query(`UPDATE settings SET data_version = data_version + 1 WHERE id = 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['kpi_call_daily', ...CALL_ROLLUPS.map((r) => r.table)]) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN escalated_known, DROP COLUMN transferred_known`);
    }
    await q.query(`UPDATE calls SET escalated = coalesce(escalated, false), transferred = coalesce(transferred, false) WHERE escalated IS NULL OR transferred IS NULL`);
    await q.query(`ALTER TABLE calls ALTER COLUMN escalated SET DEFAULT false, ALTER COLUMN escalated SET NOT NULL,
                                     ALTER COLUMN transferred SET DEFAULT false, ALTER COLUMN transferred SET NOT NULL`);
  }
}
