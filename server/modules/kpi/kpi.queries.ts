import { membershipHolds } from '../../common/membership.sql';

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
  // escalation_rate and transfer_rate: answered calls whose escalated / transferred is known (blank or no column = unknown).
  'escalated_known',
  'transferred_known',
  // AutoQA (docs/kpi.md "AutoQA figures"), from the results of the current rule-set version: contacts with a
  // score and the sum of their scores, answered inbound calls scored, forbidden_phrases applicable / failed.
  'autoqa_scored',
  'autoqa_score_sum',
  'autoqa_covered',
  'forbidden_known',
  'forbidden_failed',
] as const;
export type CallSumColumn = (typeof CALL_SUM_COLUMNS)[number];
const SUMS = CALL_SUM_COLUMNS.map((c) => `sum(${c})`).join(', ');

export const EVAL_SUM_COLUMNS = ['evaluations', 'score_sum', 'auto_fails'] as const;
export type EvalSumColumn = (typeof EVAL_SUM_COLUMNS)[number];

/**
 * Parameters shared by the call SQL: $1 time zone, $2 service-level seconds, $3 per-channel
 * service-level seconds (jsonb), $4 short-abandon seconds.
 */
const OFFERED = `(c.direction = 'inbound' AND (c.answered OR c.queue_wait_s IS NULL OR c.queue_wait_s >= $4))`;
const ANSWERED = `(c.direction = 'inbound' AND c.answered)`;
/** Call `c` counts in repeat_free with the repeat flag `flag` (a stored flag row's `repeat`, NULL when it has none): true or false, never NULL. */
const repeatFree = (flag: string) => `coalesce(${ANSWERED} AND c.customer_id IS NOT NULL AND ${flag} = false, false)`;

/**
 * Rebuilds kpi_call_daily rows from the raw tables, for the local dates $5..$6 (a run of
 * consecutive dates: an exact started_at range whose size the planner can estimate; $7..$8 the
 * ids of its calls, callIdRangeSql) or every date when `allDates`. Caller deletes the rows of
 * those dates first.
 */
export function insertCallDailySql(allDates: boolean): string {
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
      count(*) FILTER (WHERE ${repeatFree('rf.repeat')}),
      count(*) FILTER (WHERE ${ANSWERED} AND c.escalated),
      count(*) FILTER (WHERE ${ANSWERED} AND c.transferred),
      count(s.csat) FILTER (WHERE c.direction = 'inbound'),
      coalesce(sum(s.csat) FILTER (WHERE c.direction = 'inbound'), 0),
      count(*) FILTER (WHERE c.direction = 'inbound' AND s.csat >= 4),
      count(s.nps) FILTER (WHERE c.direction = 'inbound'),
      count(*) FILTER (WHERE c.direction = 'inbound' AND s.nps >= 9),
      count(*) FILTER (WHERE c.direction = 'inbound' AND s.nps <= 6),
      count(*) FILTER (WHERE ${ANSWERED} AND c.talk_s IS NOT NULL),
      coalesce(sum(c.talk_s + coalesce(c.hold_s, 0) + coalesce(c.acw_s, 0)) FILTER (WHERE ${ANSWERED}), 0),
      count(*) FILTER (WHERE ${ANSWERED} AND c.escalated IS NOT NULL),
      count(*) FILTER (WHERE ${ANSWERED} AND c.transferred IS NOT NULL),
      count(aq.score),
      coalesce(sum(round(aq.score::numeric, 10)), 0),
      count(aq.call_id) FILTER (WHERE ${ANSWERED}),
      count(*) FILTER (WHERE aq.forbidden IN ('p', 'f')),
      count(*) FILTER (WHERE aq.forbidden = 'f')
    FROM (SELECT calls.*, (calls.started_at AT TIME ZONE $1)::date AS local_date FROM calls
           ${allDates ? '' : `WHERE calls.started_at >= ($5::date::timestamp AT TIME ZONE $1) AND calls.started_at < (($6::date + 1)::timestamp AT TIME ZONE $1)`}) c
    LEFT JOIN agent_team_memberships m
      ON m.agent_id = c.agent_id AND ${membershipHolds('m', 'c.local_date')}
    LEFT JOIN ${allDates ? 'survey_responses' : '(SELECT * FROM survey_responses WHERE call_id BETWEEN $7 AND $8)'} s ON s.call_id = c.id
    LEFT JOIN ${allDates ? 'call_repeat_flags' : '(SELECT * FROM call_repeat_flags WHERE call_id BETWEEN $7 AND $8)'} rf ON rf.call_id = c.id
    LEFT JOIN (SELECT * FROM autoqa_results WHERE rule_set_id = (SELECT current_rule_set_id FROM autoqa_state WHERE id = 1)
               ${allDates ? '' : 'AND call_id BETWEEN $7 AND $8'}) aq ON aq.call_id = c.id
    GROUP BY c.local_date, c.agent_id, m.team_id, c.queue, c.channel`;
}

/**
 * The first and last id, and the number, of the calls started on the local dates $2..$3 ($1
 * time zone). Ids follow insertion, so a day's calls usually hold a dense range: given as
 * constants, it lets the survey responses and repeat flags of those calls be read as one index
 * range each and hash-joined (measured ~10x faster for a day of 31k calls than 62k single-row
 * index probes).
 */
export const callIdRangeSql = `
    SELECT min(id)::text AS first_id, max(id)::text AS last_id, count(*)::int AS calls
      FROM (SELECT id FROM calls
             WHERE started_at >= ($2::date::timestamp AT TIME ZONE $1) AND started_at < (($3::date + 1)::timestamp AT TIME ZONE $1)
            OFFSET 0) c`; // OFFSET 0: not min/max along the primary key, filtering every call older than the range

const DAILY_KEYS = ['local_date', 'agent_id', 'team_id', 'queue', 'channel'] as const;

/**
 * The transaction's scratch table of changes to kpi_call_daily: rows removed (sums negated,
 * `presence` −1), rows added (+1), and changes to rows that stay (0). Dropped at commit.
 */
export const createCallDailyDeltaSql = `
    CREATE TEMP TABLE call_daily_delta ON COMMIT DROP AS
    SELECT ${DAILY_KEYS.join(', ')}, 0 AS presence, ${CALL_SUM_COLUMNS.join(', ')} FROM kpi_call_daily WITH NO DATA`;

/**
 * Deletes the kpi_call_daily rows of the local dates $1..$2, recording them in call_daily_delta.
 * (Not in one statement with the insert below: the sub-statements of a WITH run in no set
 * order, so the insert could meet a row of the same key not yet deleted.)
 */
export const deleteCallDailySql = `
    WITH old AS (DELETE FROM kpi_call_daily WHERE local_date BETWEEN $1::date AND $2::date RETURNING *)
    INSERT INTO call_daily_delta (${DAILY_KEYS.join(', ')}, presence, ${CALL_SUM_COLUMNS.join(', ')})
    SELECT ${DAILY_KEYS.join(', ')}, -1, ${CALL_SUM_COLUMNS.map((c) => `-${c}`).join(', ')} FROM old`;

/** Inserts the kpi_call_daily rows of the local dates $5..$6 (params of insertCallDailySql), recording them in call_daily_delta. */
export const insertCallDailyRecordedSql = `
    WITH new AS (${insertCallDailySql(false)}
      RETURNING *)
    INSERT INTO call_daily_delta (${DAILY_KEYS.join(', ')}, presence, ${CALL_SUM_COLUMNS.join(', ')})
    SELECT ${DAILY_KEYS.join(', ')}, 1, ${CALL_SUM_COLUMNS.join(', ')} FROM new`;

/**
 * The coarser call grains, each a sum of kpi_call_daily rows: the period its local_date starts
 * (day, ISO week, month) and the key columns it keeps (unique with local_date: see migration
 * AddKpiGrainUniqueKeys).
 */
export interface CallGrain {
  table: string;
  unit: 'day' | 'week' | 'month';
  keys: readonly string[];
}
export const CALL_GRAINS: readonly CallGrain[] = [
  { table: 'kpi_call_team_daily', unit: 'day', keys: ['team_id', 'queue', 'channel'] },
  { table: 'kpi_call_agent_monthly', unit: 'month', keys: ['agent_id', 'team_id', 'queue', 'channel'] },
  { table: 'kpi_call_agent_monthly_all', unit: 'month', keys: ['agent_id', 'team_id'] },
  { table: 'kpi_call_agent_weekly_all', unit: 'week', keys: ['agent_id', 'team_id'] },
  { table: 'kpi_call_team_weekly_all', unit: 'week', keys: ['team_id'] },
];
/** kpi_call_daily itself as a target of call_daily_delta (repeat flags that changed on days not recomputed; see migration AddKpiCallDailyUniqueKey). */
export const CALL_DAILY_GRAIN: CallGrain = { table: 'kpi_call_daily', unit: 'day', keys: DAILY_KEYS.slice(1) };

const periodOf = (unit: CallGrain['unit'], date: string) => (unit === 'day' ? date : `date_trunc('${unit}', ${date}::timestamp)::date`);
const periodLength = { day: `interval '1 day'`, week: `interval '7 days'`, month: `interval '1 month'` } as const;

/** A grain's rows summed from `source` (kpi_call_daily, or call_daily_delta: then only keys whose sums or presence changed). */
function sumIntoGrain(grain: CallGrain, source: 'kpi_call_daily' | 'call_daily_delta'): string {
  return `
    INSERT INTO ${grain.table} (local_date, ${grain.keys.join(', ')}, ${CALL_SUM_COLUMNS.join(', ')})
    SELECT ${periodOf(grain.unit, 'local_date')}, ${grain.keys.join(', ')}, ${SUMS}
      FROM ${source}
     GROUP BY 1, ${grain.keys.join(', ')}
    ${source === 'call_daily_delta' ? `HAVING sum(presence) <> 0 OR ${CALL_SUM_COLUMNS.map((c) => `sum(${c}) <> 0`).join(' OR ')}` : ''}`;
}

/** Every row of a grain from kpi_call_daily (caller empties the grain first). */
export function insertCallGrainSql(grain: CallGrain): string {
  return sumIntoGrain(grain, 'kpi_call_daily');
}

/**
 * Adds call_daily_delta to a grain (a key not there yet is inserted). Returns the periods
 * (YYYY-MM-DD) where a touched row now sums to zero everywhere: such a row may have lost its
 * last daily row (deleteSourcelessGrainRowsSql), or still count calls whose sums are all 0
 * (e.g. only short abandons), which the raw path shows as a row of zeros.
 */
export function applyCallGrainDeltaSql(grain: CallGrain): string {
  return `
    WITH applied AS (${sumIntoGrain(grain, 'call_daily_delta')}
      ON CONFLICT (local_date, ${grain.keys.join(', ')})
      DO UPDATE SET ${CALL_SUM_COLUMNS.map((c) => `${c} = ${grain.table}.${c} + EXCLUDED.${c}`).join(', ')}
      RETURNING local_date, ${CALL_SUM_COLUMNS.map((c) => `${c} = 0`).join(' AND ')} AS all_zero)
    SELECT coalesce(array_agg(DISTINCT to_char(local_date, 'YYYY-MM-DD')) FILTER (WHERE all_zero), '{}') AS zero_periods FROM applied`;
}

/** Deletes the all-zero rows of a grain, in the periods starting on the dates $1, that no kpi_call_daily row sums into any more. */
export function deleteSourcelessGrainRowsSql(grain: CallGrain): string {
  return `
    DELETE FROM ${grain.table} g
     WHERE g.local_date = ANY($1::date[]) AND ${CALL_SUM_COLUMNS.map((c) => `g.${c} = 0`).join(' AND ')}
       AND NOT EXISTS (
         SELECT 1 FROM kpi_call_daily d
          WHERE d.local_date >= g.local_date AND d.local_date < g.local_date + ${periodLength[grain.unit]}
            AND ${grain.keys.map((k) => `d.${k} IS NOT DISTINCT FROM g.${k}`).join(' AND ')})`;
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
 * Incremental refresh after calls of the customers $5 changed on the local dates $3 (first) ..
 * $4 (last), all listed in $6 ($1 window hours, $2 time zone). A change at instant t can only
 * alter the flags of that customer's calls in [t − W, t], so only calls in [first date − W,
 * last date + 1 day) are recomputed (their look-ahead reads calls up to W later), compared with
 * the stored flags in the same pass, and only the differences written (a call no longer
 * eligible loses its row). The dates in $6 are summed again afterwards; for a changed flag on
 * another date (an earlier call that a new call made a repeat) the change of repeat_free is
 * added to call_daily_delta instead. Returns how many such delta rows were added.
 */
export const refreshRepeatFlagsSql = `
    WITH changed AS (
      SELECT x.*, f.repeat AS stored_repeat, f.call_id IS NOT NULL AS stored,
             CASE WHEN x.direction = 'inbound' AND x.answered THEN x.fresh_repeat END AS repeat
        FROM (
          SELECT c.id, c.started_at, (c.started_at AT TIME ZONE $2)::date AS local_date, c.agent_id, c.queue, c.channel,
                 c.customer_id, c.direction, c.answered, ${REPEAT_WINDOW} AS fresh_repeat
            FROM calls c
           WHERE c.customer_id = ANY($5::text[])
             AND c.started_at >= ($3::date::timestamp AT TIME ZONE $2) - make_interval(hours => $1::int)
             AND c.started_at < (($4::date + 1)::timestamp AT TIME ZONE $2) + make_interval(hours => $1::int)) x
        LEFT JOIN call_repeat_flags f ON f.call_id = x.id
       WHERE x.started_at < (($4::date + 1)::timestamp AT TIME ZONE $2)
         AND (CASE WHEN x.direction = 'inbound' AND x.answered THEN x.fresh_repeat END) IS DISTINCT FROM f.repeat),
    -- Writers hold the rollup lock, so no other transaction adds a flag meanwhile: a plain insert, in key order.
    ins AS (
      INSERT INTO call_repeat_flags (call_id, repeat) SELECT id, repeat FROM changed WHERE repeat IS NOT NULL AND NOT stored ORDER BY id),
    upd AS (
      UPDATE call_repeat_flags f SET repeat = ch.repeat FROM changed ch WHERE f.call_id = ch.id AND ch.repeat IS NOT NULL AND ch.stored),
    del AS (
      DELETE FROM call_repeat_flags f USING changed ch WHERE f.call_id = ch.id AND ch.repeat IS NULL),
    repeat_free_delta AS (
      INSERT INTO call_daily_delta (${DAILY_KEYS.join(', ')}, presence, ${CALL_SUM_COLUMNS.join(', ')})
      SELECT c.local_date, c.agent_id, m.team_id, c.queue, c.channel, 0,
             ${CALL_SUM_COLUMNS.map((col) => (col === 'repeat_free' ? `sum(${repeatFree('c.repeat')}::int - ${repeatFree('c.stored_repeat')}::int)` : '0')).join(', ')}
        FROM changed c
        LEFT JOIN agent_team_memberships m ON m.agent_id = c.agent_id AND ${membershipHolds('m', 'c.local_date')}
       WHERE c.local_date <> ALL($6::date[])
       GROUP BY c.local_date, c.agent_id, m.team_id, c.queue, c.channel
      HAVING sum(${repeatFree('c.repeat')}::int - ${repeatFree('c.stored_repeat')}::int) <> 0
      RETURNING 1)
    SELECT count(*)::int AS delta_rows FROM repeat_free_delta`;

/** Restricts a daily-keyed source to the periods starting on the dates $1 (an index range first, then the exact periods). */
function periodsFilter(unit: 'week' | 'month'): string {
  const span = unit === 'week' ? `interval '7 days'` : `interval '1 month'`;
  return `WHERE local_date >= (SELECT min(d) FROM unnest($1::date[]) d)
       AND local_date < (SELECT max(d) FROM unnest($1::date[]) d) + ${span}
       AND date_trunc('${unit}', local_date::timestamp)::date = ANY($1::date[])`;
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
