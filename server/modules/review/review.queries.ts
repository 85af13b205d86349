import { membershipHolds, membershipOverlaps } from '../../common/membership.sql';

/**
 * SQL of the weekly review's evidence lookups (the figures themselves come from KpiService).
 * Every query attributes records to the reviewed team the way the KPI engine does: through the
 * agent's membership holding the record's local date ($tz is the org time zone).
 * Local-date bounds: $from/$to are inclusive local dates.
 */

/** A record's local date falls in a membership of team $1. `alias` is the table, `col` its timestamp. */
const inTeam = (alias: string, col: string) => `
  JOIN agent_team_memberships m ON m.agent_id = ${alias}.agent_id AND m.team_id = $1
   AND ${membershipHolds('m', `(${alias}.${col} AT TIME ZONE $2)::date`)}`;

/** $1 team, $2 tz, $3 from, $4 to: agents with a membership of the team overlapping the range. */
export const teamAgentsSql = `
  SELECT DISTINCT a.id, a.code, a.name
    FROM agents a JOIN agent_team_memberships m ON m.agent_id = a.id
   WHERE m.team_id = $1 AND $2::text IS NOT NULL
     AND ${membershipOverlaps('m', '$3::date', '$4::date')}`;

const evaluationColumns = `
  e.id, e.agent_id, e.score, e.auto_fail, e.status, e.call_id, e.disputed_at,
  to_char((e.submitted_at AT TIME ZONE $2)::date, 'IYYY-"W"IW') AS week`;

/** $1 team, $2 tz, $3 from, $4 to: submitted (non-draft) evaluations of the team's records in the range. */
export const evaluationsSql = `
  SELECT ${evaluationColumns}
    FROM qa_evaluations e ${inTeam('e', 'submitted_at')}
   WHERE e.status <> 'draft' AND e.calibration_id IS NULL
     AND e.submitted_at >= ($3::date)::timestamp AT TIME ZONE $2
     AND e.submitted_at < ($4::date + 1)::timestamp AT TIME ZONE $2`;

/** $1 team, $2 tz: evaluations of the team awaiting a decision on a dispute, whenever submitted. */
export const openDisputesSql = `
  SELECT ${evaluationColumns}
    FROM qa_evaluations e ${inTeam('e', 'submitted_at')}
   WHERE e.status = 'disputed' AND e.calibration_id IS NULL`;

/**
 * $1 team, $2 tz, $3 from, $4 to, $5 limit, $6 FCR method: per agent, the ids of the week's
 * answered inbound calls that explain each figure, worst first.
 */
export const callEvidenceSql = `
  WITH c AS (
    SELECT c.id, c.agent_id, c.started_at, c.escalated, c.transferred, s.csat, s.nps,
           coalesce(c.talk_s, 0) + coalesce(c.hold_s, 0) + coalesce(c.acw_s, 0) AS handle_s,
           CASE WHEN $6 = 'repeat' THEN c.customer_id IS NOT NULL AND rf.repeat IS TRUE ELSE c.resolved IS FALSE END AS not_resolved
      FROM calls c ${inTeam('c', 'started_at')}
      LEFT JOIN survey_responses s ON s.call_id = c.id
      LEFT JOIN call_repeat_flags rf ON rf.call_id = c.id
     WHERE c.direction = 'inbound' AND c.answered
       AND c.started_at >= ($3::date)::timestamp AT TIME ZONE $2
       AND c.started_at < ($4::date + 1)::timestamp AT TIME ZONE $2)
  SELECT agent_id,
         (array_agg(id ORDER BY handle_s DESC, id))[1:$5] AS longest,
         (array_agg(id ORDER BY csat, started_at, id) FILTER (WHERE csat <= 3))[1:$5] AS lowest_csat,
         (array_agg(id ORDER BY nps, started_at, id) FILTER (WHERE nps <= 6))[1:$5] AS detractors,
         (array_agg(id ORDER BY started_at, id) FILTER (WHERE not_resolved))[1:$5] AS unresolved,
         (array_agg(id ORDER BY started_at, id) FILTER (WHERE escalated))[1:$5] AS escalated,
         (array_agg(id ORDER BY started_at, id) FILTER (WHERE transferred))[1:$5] AS transferred
    FROM c GROUP BY agent_id`;

/** $1 agent ids, $2 first and $3 last follow-up date (inclusive): coaching notes on a metric falling due. */
export const dueCoachingNotesSql = `
  SELECT n.id, n.agent_id, n.text, n.metric, n.context, to_char(n.follow_up_date, 'YYYY-MM-DD') AS follow_up_date, n.created_at
    FROM coaching_notes n
   WHERE n.agent_id = ANY($1::int[]) AND n.metric IS NOT NULL
     AND n.follow_up_date BETWEEN $2::date AND $3::date
   ORDER BY n.follow_up_date, n.id`;

/**
 * $1 team, $2 tz, $3 from, $4 to, $5 calls per agent: AutoQA forbidden-phrase uses of the week —
 * calls whose effective forbidden_phrases outcome under the version the figures use is a fail —
 * one row per evidence turn, with the call's external id and the turn's text and match span.
 */
export const forbiddenUsesSql = `
  WITH cur AS (SELECT current_rule_set_id AS id FROM autoqa_state WHERE id = 1),
  hit AS (
    SELECT c.id, c.agent_id, c.external_id, c.started_at,
           dense_rank() OVER (PARTITION BY c.agent_id ORDER BY c.started_at, c.id) AS k
      FROM calls c ${inTeam('c', 'started_at')}
      JOIN cur ON true
      JOIN autoqa_results r ON r.call_id = c.id AND r.rule_set_id = cur.id AND r.forbidden = 'f'
     WHERE c.started_at >= ($3::date)::timestamp AT TIME ZONE $2
       AND c.started_at < ($4::date + 1)::timestamp AT TIME ZONE $2)
  SELECT h.agent_id, h.id::text AS call_id, h.external_id, (e->>0)::int AS seq, (e->>1)::int AS start, (e->>2)::int AS "end", t.text
    FROM hit h JOIN cur ON true
    JOIN autoqa_findings f ON f.call_id = h.id AND f.rule_set_id = cur.id AND f.rule = 'forbidden_phrases'
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(f.evidence, '[]'::jsonb)) e
    JOIN transcript_turns t ON t.call_id = h.id AND t.seq = (e->>0)::int
   WHERE h.k <= $5
   ORDER BY h.agent_id, h.started_at, h.id, seq`;

/** $1 team, $2 tz, $3 from, $4 to, $5 limit: per agent, the calls with the lowest AutoQA scores (version the figures use). */
export const lowestAutoqaSql = `
  SELECT c.agent_id, (array_agg(c.id ORDER BY r.score, c.started_at, c.id))[1:$5] AS lowest
    FROM calls c ${inTeam('c', 'started_at')}
    JOIN autoqa_results r ON r.call_id = c.id AND r.rule_set_id = (SELECT current_rule_set_id FROM autoqa_state WHERE id = 1) AND r.score IS NOT NULL
   WHERE c.started_at >= ($3::date)::timestamp AT TIME ZONE $2
     AND c.started_at < ($4::date + 1)::timestamp AT TIME ZONE $2
   GROUP BY c.agent_id`;

/** $1 call ids: their external ids. */
export const callExternalIdsSql = `SELECT id::text AS id, external_id FROM calls WHERE id = ANY($1::bigint[])`;
