import { membershipHolds } from '../../common/membership.sql';

/**
 * SQL of complaint cases, kept as readable text. The clock rules are those of
 * domain/complaint-clock.ts (the list answer uses that module); set-based figures use these
 * expressions, and test/int/complaints.test.ts checks that both agree.
 *
 * `d` is a jsonb parameter of deadlines in seconds: { response: { "1": 60, … }, resolution: { … } }.
 */

/** When the response clock of case `c` runs out. */
export const responseDueSql = (c: string, d: string) => `(${c}.opened_at + make_interval(secs => ((${d}::jsonb -> 'response') ->> ${c}.level)::double precision))`;
/** When the resolution clock of case `c` runs out. */
export const resolutionDueSql = (c: string, d: string) => `(${c}.opened_at + make_interval(secs => ((${d}::jsonb -> 'resolution') ->> ${c}.level)::double precision))`;
/** When the response clock stopped: the first response, else the resolution. */
const responseDone = (c: string) => `coalesce(${c}.first_response_at, ${c}.resolved_at)`;

/** The summable columns of kpi_complaint_daily, in table order (independent of the clock). */
export const COMPLAINT_ROLLUP_COLUMNS = ['complaints_opened', 'response_met', 'response_late', 'response_open', 'resolution_met', 'resolution_late', 'resolution_open'] as const;
/** Added at query time: open clocks already past their deadline. */
export const COMPLAINT_CLOCK_COLUMNS = ['response_overdue', 'resolution_overdue'] as const;
export const COMPLAINT_SUM_COLUMNS = [...COMPLAINT_ROLLUP_COLUMNS, ...COMPLAINT_CLOCK_COLUMNS] as const;
export type ComplaintSumColumn = (typeof COMPLAINT_SUM_COLUMNS)[number];

/** Cases with their attribution: local date of opened_at ($tz) and the agent's team on that date. */
const attributed = (tz: string, where = '') => `
    (SELECT c.*, m.team_id FROM (SELECT complaints.*, (opened_at AT TIME ZONE ${tz})::date AS local_date FROM complaints ${where}) c
       LEFT JOIN agent_team_memberships m ON m.agent_id = c.agent_id AND ${membershipHolds('m', 'c.local_date')})`;

/** Every kpi_complaint_daily row from the cases (caller empties the table first). $1 time zone, $2 deadlines. */
export const insertComplaintDailySql = `
    INSERT INTO kpi_complaint_daily (local_date, agent_id, team_id, ${COMPLAINT_ROLLUP_COLUMNS.join(', ')})
    SELECT c.local_date, c.agent_id, c.team_id,
      count(*),
      count(*) FILTER (WHERE ${responseDone('c')} <= ${responseDueSql('c', '$2')}),
      count(*) FILTER (WHERE ${responseDone('c')} > ${responseDueSql('c', '$2')}),
      count(*) FILTER (WHERE ${responseDone('c')} IS NULL),
      count(*) FILTER (WHERE c.resolved_at <= ${resolutionDueSql('c', '$2')}),
      count(*) FILTER (WHERE c.resolved_at > ${resolutionDueSql('c', '$2')}),
      count(*) FILTER (WHERE c.resolved_at IS NULL)
    FROM ${attributed('$1')} c
    GROUP BY c.local_date, c.agent_id, c.team_id`;

/**
 * The time-dependent part, one row per open case (resolved_at IS NULL: a small, indexed set):
 * whether each of its clocks is past its deadline at `now`. Same key columns as the rollup.
 */
export function openComplaintClockFactsSql(tz: string, deadlines: string, now: string, from: string, to: string): string {
  return `(
    SELECT c.local_date, c.agent_id, c.team_id, ${COMPLAINT_ROLLUP_COLUMNS.map((col) => `0 AS ${col}`).join(', ')},
           (${responseDone('c')} IS NULL AND ${responseDueSql('c', deadlines)} < ${now}::timestamptz)::int AS response_overdue,
           (c.resolved_at IS NULL AND ${resolutionDueSql('c', deadlines)} < ${now}::timestamptz)::int AS resolution_overdue
      FROM ${attributed(tz, `WHERE resolved_at IS NULL AND opened_at >= (${from}::date::timestamp AT TIME ZONE ${tz}) AND opened_at < ((${to}::date + 1)::timestamp AT TIME ZONE ${tz})`)} c)`;
}

/** The rollup rows of a range with the clock columns as 0, to be UNIONed with the open facts. */
export function complaintRollupSql(from: string, to: string): string {
  return `(SELECT local_date, agent_id, team_id, ${COMPLAINT_ROLLUP_COLUMNS.join(', ')}, 0 AS response_overdue, 0 AS resolution_overdue
      FROM kpi_complaint_daily WHERE local_date >= ${from}::date AND local_date <= ${to}::date)`;
}

/**
 * The same sums straight from the cases (the raw path: equality tests). Params as the open facts.
 */
export function rawComplaintFactsSql(tz: string, deadlines: string, now: string, from: string, to: string): string {
  return `(
    SELECT c.local_date, c.agent_id, c.team_id, 1 AS complaints_opened,
           (${responseDone('c')} <= ${responseDueSql('c', deadlines)})::int AS response_met,
           (${responseDone('c')} > ${responseDueSql('c', deadlines)})::int AS response_late,
           (${responseDone('c')} IS NULL)::int AS response_open,
           (c.resolved_at <= ${resolutionDueSql('c', deadlines)})::int AS resolution_met,
           (c.resolved_at > ${resolutionDueSql('c', deadlines)})::int AS resolution_late,
           (c.resolved_at IS NULL)::int AS resolution_open,
           (${responseDone('c')} IS NULL AND ${responseDueSql('c', deadlines)} < ${now}::timestamptz)::int AS response_overdue,
           (c.resolved_at IS NULL AND ${resolutionDueSql('c', deadlines)} < ${now}::timestamptz)::int AS resolution_overdue
      FROM ${attributed(tz, `WHERE opened_at >= (${from}::date::timestamp AT TIME ZONE ${tz}) AND opened_at < ((${to}::date + 1)::timestamp AT TIME ZONE ${tz})`)} c)`;
}

/**
 * Cases for the list: opened in the local dates $2..$3 ($1 time zone), with agent, team (at
 * opened_at) and call. Optional filters: $4 team ids (scope or filter), $5 agent id.
 */
export const listComplaintsSql = `
    SELECT c.external_id, c.level, c.opened_at, c.first_response_at, c.resolved_at, c.category,
           call.external_id AS call_external_id, a.id AS agent_id, a.code AS agent_code, a.name AS agent_name,
           t.id AS team_id, t.name AS team_name, c.local_date
      FROM ${attributed('$1', `WHERE opened_at >= ($2::date::timestamp AT TIME ZONE $1) AND opened_at < (($3::date + 1)::timestamp AT TIME ZONE $1)`)} c
      LEFT JOIN agents a ON a.id = c.agent_id
      LEFT JOIN teams t ON t.id = c.team_id
      LEFT JOIN calls call ON call.id = c.call_id
     WHERE ($4::int[] IS NULL OR c.team_id = ANY($4::int[]))
       AND ($5::int IS NULL OR c.agent_id = $5::int)
     ORDER BY c.opened_at, c.id`;

/** Open (unresolved) cases attributed to the team $2 ($1 time zone), whenever opened: the review's overdue check. */
export const openCasesOfTeamSql = `
    SELECT c.external_id, c.level, c.opened_at, c.first_response_at, c.resolved_at, c.agent_id, c.call_id
      FROM ${attributed('$1', 'WHERE resolved_at IS NULL')} c
     WHERE c.team_id = $2
     ORDER BY c.opened_at, c.id`;
