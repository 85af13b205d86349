import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { ScopeService } from '../auth/scope.service';
import { membershipHolds } from '../../common/membership.sql';
import type { AgentFindingView } from './autoqa-api.types';
import { outcomeOf } from './autoqa-codes';
import type { AgentFindingsQuery } from './agent-findings.dto';

/** The newest findings first; an agent's scorecard shows a period, not an archive. */
export const AGENT_FINDINGS_LIMIT = 200;

/**
 * One agent's findings under the version the figures use, overrules applied, on calls of local
 * dates [from, to]; a supervisor only those attributed to their teams at the time of the call
 * ($5, NULL = every team). $4 = the effective outcome wanted (NULL = all).
 */
const FINDINGS_SQL = `
  WITH tz AS (SELECT timezone FROM settings WHERE id = 1),
  c AS (
    SELECT calls.id, calls.external_id, calls.started_at, calls.agent_id, (calls.started_at AT TIME ZONE tz.timezone)::date AS local_date
      FROM calls, tz
     WHERE calls.agent_id = $1
       AND calls.started_at >= ($2::date::timestamp AT TIME ZONE tz.timezone)
       AND calls.started_at < (($3::date + 1)::timestamp AT TIME ZONE tz.timezone)
  )
  SELECT c.id::text AS call_id, c.external_id, c.started_at, f.rule, f.outcome, o.outcome AS o_outcome, f.evidence
    FROM autoqa_state s
    JOIN autoqa_findings f ON f.rule_set_id = s.current_rule_set_id
    JOIN c ON c.id = f.call_id
    LEFT JOIN autoqa_overrules o ON o.call_id = f.call_id AND o.rule = f.rule
   WHERE ($4::text IS NULL OR coalesce(o.outcome, CASE f.outcome WHEN 'p' THEN 'pass' WHEN 'f' THEN 'fail' ELSE 'na' END) = $4)
     AND ($5::int[] IS NULL OR EXISTS (
           SELECT 1 FROM agent_team_memberships m
            WHERE m.agent_id = c.agent_id AND m.team_id = ANY($5::int[]) AND ${membershipHolds('m', 'c.local_date')}))
   ORDER BY c.started_at DESC, c.id, f.rule
   LIMIT ${AGENT_FINDINGS_LIMIT}`;

@Injectable()
export class AgentFindingsService {
  constructor(
    private readonly db: DataSource,
    private readonly scope: ScopeService,
  ) {}

  /** An agent sees their own; a supervisor an agent of their teams (calls of those teams only); HR and admins all. */
  async list(caller: Caller, q: AgentFindingsQuery): Promise<AgentFindingView[]> {
    await this.scope.assertAgentVisible(caller, q.agentId);
    const teams = caller.role === 'supervisor' ? caller.teamIds : null;
    const rows: { call_id: string; external_id: string; started_at: Date; rule: string; outcome: string; o_outcome: string | null; evidence: [number, number, number][] | null }[] = await this.db.query(
      FINDINGS_SQL,
      [q.agentId, q.from, q.to, q.outcome ?? null, teams],
    );
    const wanted = rows.flatMap((r) => (r.evidence ?? []).map((e) => [r.call_id, e[0]] as const));
    const texts = new Map<string, string>();
    if (wanted.length) {
      const turns: { call_id: string; seq: number; text: string }[] = await this.db.query(
        `SELECT t.call_id::text AS call_id, t.seq, t.text FROM transcript_turns t
           JOIN unnest($1::bigint[], $2::int[]) AS w(call_id, seq) ON w.call_id = t.call_id AND w.seq = t.seq`,
        [wanted.map((w) => w[0]), wanted.map((w) => w[1])],
      );
      for (const t of turns) texts.set(`${t.call_id}:${t.seq}`, t.text);
    }
    return rows.map((r) => ({
      callExternalId: r.external_id,
      startedAt: new Date(r.started_at).toISOString(),
      rule: r.rule,
      outcome: (r.o_outcome as AgentFindingView['outcome'] | null) ?? outcomeOf(r.outcome),
      overruled: r.o_outcome !== null,
      evidence: (r.evidence ?? []).map(([seq, start, end]) => ({ seq, text: texts.get(`${r.call_id}:${seq}`) ?? '', start, end })),
    }));
  }
}
