/**
 * The KPI figures straight from the raw tables, one row per call or evaluation with the same
 * column names as the rollups. Written independently of the rollup SQL (repeat contacts by a
 * direct EXISTS rather than the stored flag) so that the equality test compares two honest
 * paths; also the baseline of the benchmark. Slow by design: never used to answer the API.
 */
import type { SqlParams } from './sql-params';
import { membershipHolds } from '../../common/membership.sql';
import { serviceLevelSecondsByChannel } from './domain/kpi-targets';

export interface RawSettings {
  timezone: string;
  serviceLevelSeconds: number;
  serviceLevelByChannel: Record<string, number | undefined>;
  shortAbandonSeconds: number;
  fcrWindowDays: number;
}

/** Calls (with their survey) whose local date is within from..to, one row each. */
export function rawCallFactsSql(p: SqlParams, s: RawSettings, from: string, to: string): string {
  const tz = p.add(s.timezone);
  const short = p.add(s.shortAbandonSeconds);
  const sl = p.add(s.serviceLevelSeconds);
  const slByChannel = p.add(JSON.stringify(serviceLevelSecondsByChannel(s)));
  const windowHours = p.add(s.fcrWindowDays * 24);
  const fromDate = p.add(from);
  const toDate = p.add(to);
  const inbound = `c.direction = 'inbound'`;
  const answered = `(${inbound} AND c.answered)`;
  const offered = `(${inbound} AND NOT (NOT c.answered AND c.queue_wait_s IS NOT NULL AND c.queue_wait_s < ${short}))`;
  const eligible = `(${answered} AND c.customer_id IS NOT NULL)`;
  const repeated = `EXISTS (SELECT 1 FROM calls o WHERE o.customer_id = c.customer_id AND o.direction = 'inbound'
                      AND o.started_at > c.started_at AND o.started_at <= c.started_at + make_interval(hours => ${windowHours}::int))`;
  const flag = (cond: string) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
  const ifAnswered = (expr: string) => `CASE WHEN ${answered} THEN ${expr} ELSE 0 END`;
  const localDate = `(c.started_at AT TIME ZONE ${tz})::date`;
  // AutoQA from the findings and overrules themselves, not the per-contact summary the rollups read.
  const forbidden = `(CASE WHEN fp.call_id IS NULL THEN NULL ELSE coalesce(ov.outcome, CASE fp.outcome WHEN 'p' THEN 'pass' WHEN 'f' THEN 'fail' ELSE 'na' END) END)`;
  return `
    SELECT ${localDate} AS local_date, c.agent_id,
      (SELECT m.team_id FROM agent_team_memberships m
        WHERE m.agent_id = c.agent_id AND ${membershipHolds('m', localDate)} LIMIT 1) AS team_id,
      c.queue, c.channel, c.started_at,
      ${flag(`c.direction = 'outbound'`)} AS outbound,
      ${flag(offered)} AS offered,
      ${flag(answered)} AS answered,
      ${flag(`${offered} AND NOT c.answered`)} AS abandoned,
      ${flag(`${answered} AND c.queue_wait_s <= coalesce((${slByChannel}::jsonb ->> c.channel)::int, ${sl})`)} AS in_sl,
      ${flag(`${answered} AND c.queue_wait_s IS NOT NULL`)} AS wait_known,
      ${ifAnswered('coalesce(c.queue_wait_s, 0)')} AS wait_sum,
      ${ifAnswered('coalesce(c.talk_s, 0)')} AS talk_sum,
      ${ifAnswered('coalesce(c.hold_s, 0)')} AS hold_sum,
      ${ifAnswered('coalesce(c.acw_s, 0)')} AS acw_sum,
      ${flag(`${answered} AND c.resolved IS NOT NULL`)} AS resolved_known,
      ${flag(`${answered} AND c.resolved IS TRUE`)} AS resolved_true,
      ${flag(eligible)} AS repeat_eligible,
      ${flag(`${eligible} AND NOT ${repeated}`)} AS repeat_free,
      ${flag(`${eligible} AND c.started_at + make_interval(hours => ${windowHours}::int) > now()`)} AS repeat_provisional,
      ${flag(`${answered} AND c.escalated IS TRUE`)} AS escalated,
      ${flag(`${answered} AND c.transferred IS TRUE`)} AS transferred,
      ${flag(`${inbound} AND s.csat IS NOT NULL`)} AS csat_count,
      CASE WHEN ${inbound} THEN coalesce(s.csat, 0) ELSE 0 END AS csat_sum,
      ${flag(`${inbound} AND s.csat >= 4`)} AS csat_top2,
      ${flag(`${inbound} AND s.nps IS NOT NULL`)} AS nps_count,
      ${flag(`${inbound} AND s.nps >= 9`)} AS nps_promoters,
      ${flag(`${inbound} AND s.nps <= 6`)} AS nps_detractors,
      ${flag(`${answered} AND c.talk_s IS NOT NULL`)} AS talk_known,
      CASE WHEN ${answered} AND c.talk_s IS NOT NULL THEN c.talk_s + coalesce(c.hold_s, 0) + coalesce(c.acw_s, 0) ELSE 0 END AS handle_sum,
      ${flag(`${answered} AND c.escalated IS NOT NULL`)} AS escalated_known,
      ${flag(`${answered} AND c.transferred IS NOT NULL`)} AS transferred_known,
      ${flag('aq.score IS NOT NULL')} AS autoqa_scored,
      coalesce(round(aq.score::numeric, 10), 0) AS autoqa_score_sum,
      ${flag(`${answered} AND EXISTS (SELECT 1 FROM transcripts tr WHERE tr.call_id = c.id) AND aq.call_id IS NOT NULL`)} AS autoqa_covered,
      ${flag(`${forbidden} IN ('pass', 'fail')`)} AS forbidden_known,
      ${flag(`${forbidden} = 'fail'`)} AS forbidden_failed
    FROM calls c
    LEFT JOIN survey_responses s ON s.call_id = c.id
    LEFT JOIN autoqa_results aq ON aq.call_id = c.id AND aq.rule_set_id = (SELECT current_rule_set_id FROM autoqa_state WHERE id = 1)
    LEFT JOIN autoqa_findings fp ON fp.call_id = c.id AND fp.rule_set_id = aq.rule_set_id AND fp.rule = 'forbidden_phrases'
    LEFT JOIN autoqa_overrules ov ON ov.call_id = c.id AND ov.rule = 'forbidden_phrases'
    WHERE c.started_at >= (${fromDate}::date::timestamp AT TIME ZONE ${tz})
      AND c.started_at < ((${toDate}::date + 1)::timestamp AT TIME ZONE ${tz})`;
}

/** Submitted evaluations whose local submission date is within from..to, one row each. */
export function rawEvalFactsSql(p: SqlParams, s: RawSettings, from: string, to: string): string {
  const tz = p.add(s.timezone);
  const fromDate = p.add(from);
  const toDate = p.add(to);
  const localDate = `(e.submitted_at AT TIME ZONE ${tz})::date`;
  return `
    SELECT ${localDate} AS local_date, e.agent_id,
      (SELECT m.team_id FROM agent_team_memberships m
        WHERE m.agent_id = e.agent_id AND ${membershipHolds('m', localDate)} LIMIT 1) AS team_id,
      1 AS evaluations,
      CASE WHEN e.auto_fail THEN 0 ELSE coalesce(e.score, 0)::numeric END AS score_sum,
      CASE WHEN e.auto_fail THEN 1 ELSE 0 END AS auto_fails
    FROM qa_evaluations e
    WHERE e.status <> 'draft' AND e.submitted_at IS NOT NULL
      AND e.submitted_at >= (${fromDate}::date::timestamp AT TIME ZONE ${tz})
      AND e.submitted_at < ((${toDate}::date + 1)::timestamp AT TIME ZONE ${tz})`;
}
