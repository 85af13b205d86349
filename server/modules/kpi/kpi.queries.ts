import { membershipHolds } from '../org/membership.sql';

/**
 * SQL of the KPI engine, kept as readable text. SQL returns sums and counts; TypeScript divides.
 * Local dates are `(instant AT TIME ZONE tz)::date`; a call's team is the membership whose
 * [valid_from, valid_to) holds the call's local date (valid_from NULL = since always).
 */

/** The summable columns of kpi_call_daily, in table order. */
export const CALL_SUM_COLUMNS = [
  'outbound',
  'offered',
  'answered',
  'abandoned',
  'in_sl',
  'wait_known',
  'wait_sum',
  'talk_sum',
  'hold_sum',
  'acw_sum',
  'resolved_known',
  'resolved_true',
  'repeat_eligible',
  'repeat_free',
  'escalated',
  'transferred',
  'csat_count',
  'csat_sum',
  'csat_top2',
  'nps_count',
  'nps_promoters',
  'nps_detractors',
  // aht and avg_talk: answered calls whose talk time is known, and their talk + hold + wrap-up.
  'talk_known',
  'handle_sum',
] as const;
export type CallSumColumn = (typeof CALL_SUM_COLUMNS)[number];

export const EVAL_SUM_COLUMNS = ['evaluations', 'score_sum', 'auto_fails'] as const;
export type EvalSumColumn = (typeof EVAL_SUM_COLUMNS)[number];

/**
 * Parameters shared by the call SQL: $1 time zone, $2 service-level seconds, $3 per-channel
 * service-level seconds (jsonb), $4 short-abandon seconds.
 */
const OFFERED = `(c.direction = 'inbound' AND (c.answered OR c.queue_wait_s IS NULL OR c.queue_wait_s >= $4))`;
const ANSWERED = `(c.direction = 'inbound' AND c.answered)`;

/**
 * Rebuilds kpi_call_daily rows from the raw tables, for the local dates in $5 (or every date
 * when `allDates`). Caller deletes the rows of those dates first.
 */
export function insertCallDailySql(allDates: boolean): string {
  const dateFilter = allDates
    ? ''
    : `WHERE c.started_at >= ((SELECT min(d) FROM unnest($5::date[]) d)::timestamp AT TIME ZONE $1)
         AND c.started_at < (((SELECT max(d) FROM unnest($5::date[]) d) + 1)::timestamp AT TIME ZONE $1)`;
  return `
    INSERT INTO kpi_call_daily (local_date, agent_id, team_id, queue, channel, ${CALL_SUM_COLUMNS.join(', ')})
    SELECT c.local_date, c.agent_id, m.team_id, c.queue, c.channel,
      count(*) FILTER (WHERE c.direction = 'outbound'),
      count(*) FILTER (WHERE ${OFFERED}),
      count(*) FILTER (WHERE ${ANSWERED}),
      count(*) FILTER (WHERE ${OFFERED} AND NOT c.answered),
      count(*) FILTER (WHERE ${ANSWERED} AND c.queue_wait_s <= coalesce((($3::jsonb) ->> c.channel)::int, $2)),
      count(*) FILTER (WHERE ${ANSWERED} AND c.queue_wait_s IS NOT NULL),
      coalesce(sum(c.queue_wait_s) FILTER (WHERE ${ANSWERED}), 0),
      coalesce(sum(coalesce(c.talk_s, 0)) FILTER (WHERE ${ANSWERED}), 0),
      coalesce(sum(coalesce(c.hold_s, 0)) FILTER (WHERE ${ANSWERED}), 0),
      coalesce(sum(coalesce(c.acw_s, 0)) FILTER (WHERE ${ANSWERED}), 0),
      count(*) FILTER (WHERE ${ANSWERED} AND c.resolved IS NOT NULL),
      count(*) FILTER (WHERE ${ANSWERED} AND c.resolved),
      count(*) FILTER (WHERE ${ANSWERED} AND c.customer_id IS NOT NULL),
      count(*) FILTER (WHERE ${ANSWERED} AND c.customer_id IS NOT NULL AND rf.repeat = false),
      count(*) FILTER (WHERE ${ANSWERED} AND c.escalated),
      count(*) FILTER (WHERE ${ANSWERED} AND c.transferred),
      count(s.csat) FILTER (WHERE c.direction = 'inbound'),
      coalesce(sum(s.csat) FILTER (WHERE c.direction = 'inbound'), 0),
      count(*) FILTER (WHERE c.direction = 'inbound' AND s.csat >= 4),
      count(s.nps) FILTER (WHERE c.direction = 'inbound'),
      count(*) FILTER (WHERE c.direction = 'inbound' AND s.nps >= 9),
      count(*) FILTER (WHERE c.direction = 'inbound' AND s.nps <= 6),
      count(*) FILTER (WHERE ${ANSWERED} AND c.talk_s IS NOT NULL),
      coalesce(sum(c.talk_s + coalesce(c.hold_s, 0) + coalesce(c.acw_s, 0)) FILTER (WHERE ${ANSWERED}), 0)
    FROM (SELECT calls.*, (calls.started_at AT TIME ZONE $1)::date AS local_date FROM calls) c
    LEFT JOIN agent_team_memberships m
      ON m.agent_id = c.agent_id AND ${membershipHolds('m', 'c.local_date')}
    LEFT JOIN survey_responses s ON s.call_id = c.id
    LEFT JOIN call_repeat_flags rf ON rf.call_id = c.id
    ${dateFilter}
    ${allDates ? '' : 'AND c.local_date = ANY($5::date[])'}
    GROUP BY c.local_date, c.agent_id, m.team_id, c.queue, c.channel`;
}

/** $1 time zone, $2 local dates (unless allDates). Submitted = any status past draft, at submitted_at. */
export function insertEvalDailySql(allDates: boolean): string {
  return `
    INSERT INTO kpi_eval_daily (local_date, agent_id, team_id, evaluations, score_sum, auto_fails)
    SELECT e.local_date, e.agent_id, m.team_id,
      count(*),
      coalesce(sum(CASE WHEN e.auto_fail THEN 0 ELSE coalesce(e.score, 0)::numeric END), 0),
      count(*) FILTER (WHERE e.auto_fail)
    FROM (SELECT qa_evaluations.*, (submitted_at AT TIME ZONE $1)::date AS local_date
            FROM qa_evaluations WHERE status <> 'draft' AND submitted_at IS NOT NULL) e
    LEFT JOIN agent_team_memberships m
      ON m.agent_id = e.agent_id AND ${membershipHolds('m', 'e.local_date')}
    ${allDates ? '' : 'WHERE e.local_date = ANY($2::date[])'}
    GROUP BY e.local_date, e.agent_id, m.team_id`;
}

/**
 * fcr_repeat flags live in call_repeat_flags (one row per eligible call: answered inbound with a
 * customer id). A call is a repeat when another inbound call of the same customer (answered or
 * not, any agent/queue/channel) starts within (started_at, started_at + W × 24 h]; a call at the
 * same instant is not. $1 window hours.
 */
const REPEAT_WINDOW = `count(*) FILTER (WHERE c.direction = 'inbound') OVER (
            PARTITION BY c.customer_id ORDER BY c.started_at
            RANGE BETWEEN '1 microsecond'::interval FOLLOWING AND make_interval(hours => $1::int) FOLLOWING) > 0`;

/** Every flag from scratch (caller truncates call_repeat_flags first). $1 window hours. */
export const rebuildRepeatFlagsSql = `
    INSERT INTO call_repeat_flags (call_id, repeat)
    SELECT id, repeat FROM (
      SELECT c.id, c.direction, c.answered, ${REPEAT_WINDOW} AS repeat
        FROM calls c WHERE c.customer_id IS NOT NULL) x
     WHERE direction = 'inbound' AND answered
     ORDER BY id`; // in key order the primary key index is appended to, not split at random: 4x faster

/**
 * Incremental refresh after calls of the customers $4 changed on the local dates $3 ($1 window
 * hours, $2 time zone). A change at instant t can only alter the flags of that customer's calls
 * in [t − W, t], so only calls in [first date − W, last date + 1 day) are recomputed (their
 * look-ahead reads calls up to W later), compared with the stored flags, and only the
 * differences written. Returns the local dates of the calls whose flag changed.
 */
export const refreshRepeatFlagsSql = `
    WITH span AS (
      SELECT (min(d)::timestamp AT TIME ZONE $2) - make_interval(hours => $1::int) AS lo,
             ((max(d) + 1)::timestamp AT TIME ZONE $2) AS hi
        FROM unnest($3::date[]) d),
    fresh AS (
      SELECT x.id, x.repeat FROM (
        SELECT c.id, c.started_at, c.direction, c.answered, ${REPEAT_WINDOW} AS repeat
          FROM calls c, span
         WHERE c.customer_id = ANY($4::text[]) AND c.started_at >= span.lo AND c.started_at < span.hi + make_interval(hours => $1::int)) x, span
       WHERE x.direction = 'inbound' AND x.answered AND x.started_at < span.hi),
    stored AS (
      SELECT f.call_id, f.repeat FROM calls c JOIN call_repeat_flags f ON f.call_id = c.id, span
       WHERE c.customer_id = ANY($4::text[]) AND c.started_at >= span.lo AND c.started_at < span.hi),
    changed AS (
      SELECT coalesce(fr.id, st.call_id) AS id, fr.repeat
        FROM fresh fr FULL JOIN stored st ON st.call_id = fr.id
       WHERE fr.repeat IS DISTINCT FROM st.repeat),
    ins AS (
      INSERT INTO call_repeat_flags (call_id, repeat) SELECT id, repeat FROM changed WHERE repeat IS NOT NULL
      ON CONFLICT (call_id) DO UPDATE SET repeat = EXCLUDED.repeat
      RETURNING call_id),
    del AS (
      DELETE FROM call_repeat_flags f USING changed ch WHERE f.call_id = ch.id AND ch.repeat IS NULL
      RETURNING f.call_id)
    SELECT DISTINCT to_char((c.started_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS local_date
      FROM calls c WHERE c.id IN (SELECT call_id FROM ins UNION ALL SELECT call_id FROM del)`;

const SUMS = CALL_SUM_COLUMNS.map((c) => `sum(${c})`).join(', ');

/** Team × day grain from the daily rollup, for local dates $1 (or all). */
export function insertTeamDailySql(allDates: boolean): string {
  return `
    INSERT INTO kpi_call_team_daily (local_date, team_id, queue, channel, ${CALL_SUM_COLUMNS.join(', ')})
    SELECT local_date, team_id, queue, channel, ${SUMS}
      FROM kpi_call_daily ${allDates ? '' : 'WHERE local_date = ANY($1::date[])'}
     GROUP BY local_date, team_id, queue, channel`;
}

/** Restricts a daily-keyed source to the periods starting on the dates $1 (an index range first, then the exact periods). */
function periodsFilter(unit: 'week' | 'month'): string {
  const span = unit === 'week' ? `interval '7 days'` : `interval '1 month'`;
  return `WHERE local_date >= (SELECT min(d) FROM unnest($1::date[]) d)
       AND local_date < (SELECT max(d) FROM unnest($1::date[]) d) + ${span}
       AND date_trunc('${unit}', local_date::timestamp)::date = ANY($1::date[])`;
}

/** Agent × month grain from the daily rollup, for the months starting on the dates $1 (or all). */
export function insertAgentMonthlySql(allMonths: boolean): string {
  return `
    INSERT INTO kpi_call_agent_monthly (local_date, agent_id, team_id, queue, channel, ${CALL_SUM_COLUMNS.join(', ')})
    SELECT date_trunc('month', local_date::timestamp)::date, agent_id, team_id, queue, channel, ${SUMS}
      FROM kpi_call_daily
     ${allMonths ? '' : periodsFilter('month')}
     GROUP BY 1, agent_id, team_id, queue, channel`;
}

/**
 * The grains without the queue/channel split (every queue and channel summed), for the periods
 * starting on the dates $1 (or all): agent × ISO week and team × ISO week from the daily grains,
 * agent × month from the split monthly grain. Caller refreshes their sources first.
 */
export function insertAllQueuesSql(table: 'kpi_call_agent_weekly_all' | 'kpi_call_team_weekly_all' | 'kpi_call_agent_monthly_all', all: boolean): string {
  const cols = `${CALL_SUM_COLUMNS.join(', ')}`;
  if (table === 'kpi_call_agent_monthly_all') {
    return `
    INSERT INTO ${table} (local_date, agent_id, team_id, ${cols})
    SELECT local_date, agent_id, team_id, ${SUMS} FROM kpi_call_agent_monthly
     ${all ? '' : 'WHERE local_date = ANY($1::date[])'}
     GROUP BY local_date, agent_id, team_id`;
  }
  const agent = table === 'kpi_call_agent_weekly_all';
  return `
    INSERT INTO ${table} (local_date, ${agent ? 'agent_id, ' : ''}team_id, ${cols})
    SELECT date_trunc('week', local_date::timestamp)::date, ${agent ? 'agent_id, ' : ''}team_id, ${SUMS}
      FROM ${agent ? 'kpi_call_daily' : 'kpi_call_team_daily'}
     ${all ? '' : periodsFilter('week')}
     GROUP BY 1, ${agent ? 'agent_id, ' : ''}team_id`;
}

/** Evaluation agent × ISO week or × month from kpi_eval_daily, for the periods starting on the dates $1 (or all). score_sum is numeric: exact in any order. */
export function insertEvalPeriodSql(unit: 'week' | 'month', all: boolean): string {
  return `
    INSERT INTO ${unit === 'week' ? 'kpi_eval_weekly' : 'kpi_eval_monthly'} (local_date, agent_id, team_id, ${EVAL_SUM_COLUMNS.join(', ')})
    SELECT date_trunc('${unit}', local_date::timestamp)::date, agent_id, team_id, ${EVAL_SUM_COLUMNS.map((c) => `sum(${c})`).join(', ')}
      FROM kpi_eval_daily
     ${all ? '' : periodsFilter(unit)}
     GROUP BY 1, agent_id, team_id`;
}

/**
 * fcr_repeat calls whose window is still open (started within the last W × 24 h), one row
 * each with the rollup's key columns: the `provisional` count cannot live in a rollup because
 * it changes with the clock. Params: tz, window hours (placeholders given).
 */
export function openRepeatWindowFactsSql(tz: string, windowHours: string): string {
  return `(
    SELECT c.local_date, c.agent_id, m.team_id, c.queue, c.channel, 1 AS repeat_provisional
      FROM (SELECT calls.*, (calls.started_at AT TIME ZONE ${tz})::date AS local_date FROM calls
             WHERE started_at > now() - make_interval(hours => ${windowHours}::int)
               AND direction = 'inbound' AND answered AND customer_id IS NOT NULL) c
      LEFT JOIN agent_team_memberships m
        ON m.agent_id = c.agent_id AND ${membershipHolds('m', 'c.local_date')})`;
}
