import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, ConflictError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { DataChangeService } from '../kpi/data-change.service';
import { membershipHolds } from '../../common/membership.sql';
import type { CallAutoqa, CallDetail, FindingView } from './autoqa-api.types';
import { outcomeOf, SPEAKERS } from './autoqa-codes';
import type { OverruleDto } from './autoqa.dto';
import { AutoqaRuleSetService, itemOf } from './autoqa-rule-set.service';
import { AutoqaScoringService } from './autoqa-scoring.service';
import type { ContactChannel, Outcome, RuleDefinition } from './domain/autoqa.types';

interface CallRow {
  id: string;
  external_id: string;
  started_at: Date;
  channel: ContactChannel;
  direction: 'inbound' | 'outbound';
  queue: string | null;
  agent_id: number | null;
  agent_code: string | null;
  agent_name: string | null;
  team_id: number | null;
  team_name: string | null;
  answered: boolean;
  queue_wait_s: number | null;
  talk_s: number | null;
  hold_s: number | null;
  acw_s: number | null;
  resolved: boolean | null;
  escalated: boolean;
  transferred: boolean;
  complaint_level: string;
  topic: string | null;
  recording_url: string | null;
  local_date: string;
  csat: number | null;
  nps: number | null;
  comment: string | null;
  has_survey: boolean;
}

/** One call with its team at the time of the call (the KPIs' attribution), for scope and the page. */
const CALL_SQL = `
  SELECT c.id::text AS id, c.external_id, c.started_at, c.channel, c.direction, c.queue, c.agent_id, a.code AS agent_code, a.name AS agent_name,
         m.team_id, t.name AS team_name, c.answered, c.queue_wait_s, c.talk_s, c.hold_s, c.acw_s, c.resolved, c.escalated,
         c.transferred, c.complaint_level, c.topic, c.recording_url, to_char(c.local_date, 'YYYY-MM-DD') AS local_date,
         s.csat, s.nps, s.comment, (s.call_id IS NOT NULL) AS has_survey
    FROM (SELECT calls.*, (calls.started_at AT TIME ZONE (SELECT timezone FROM settings WHERE id = 1))::date AS local_date
            FROM calls WHERE external_id = $1) c
    LEFT JOIN agents a ON a.id = c.agent_id
    LEFT JOIN agent_team_memberships m ON m.agent_id = c.agent_id AND ${membershipHolds('m', 'c.local_date')}
    LEFT JOIN teams t ON t.id = m.team_id
    LEFT JOIN survey_responses s ON s.call_id = c.id`;

/**
 * The call page (`GET /api/calls/:externalId`) and overruling one of its AutoQA findings.
 * Access is decided by ScopeService on the call's agent and team at the time of the call.
 */
@Injectable()
export class CallDetailService {
  constructor(
    private readonly db: DataSource,
    private readonly scope: ScopeService,
    private readonly audit: AuditService,
    private readonly ruleSets: AutoqaRuleSetService,
    private readonly scoring: AutoqaScoringService,
    private readonly dataChanges: DataChangeService,
  ) {}

  async get(caller: Caller, externalId: string): Promise<CallDetail> {
    const call = await this.findCall(this.db.manager, externalId);
    this.scope.assertCanSeeCall(caller, call ? { agentId: call.agent_id, teamId: call.team_id } : null, externalId);
    const c = call!;
    const [turns, autoqa, evaluations] = await Promise.all([
      this.db.query(`SELECT seq, offset_ms, speaker, text FROM transcript_turns WHERE call_id = $1 ORDER BY seq`, [c.id]),
      this.autoqaOf(this.db.manager, c.id),
      this.db.query(
        `SELECT id::int AS id, status, score FROM qa_evaluations
          WHERE call_id = $1 AND calibration_id IS NULL AND ($2::int IS NULL OR (agent_id = $2 AND status <> 'draft'))
          ORDER BY coalesce(submitted_at, created_at), id`,
        [c.id, caller.role === 'agent' ? caller.agentId : null],
      ),
    ]);
    // Personal data: a supervisor or HR (or an admin) opening someone else's contact leaves a trace.
    if (!(caller.role === 'agent' && caller.agentId === c.agent_id)) {
      await this.audit.record({ action: 'call.view', caller, target: `call:${c.external_id}`, detail: { agentId: c.agent_id, teamId: c.team_id, localDate: c.local_date } });
    }
    return {
      id: Number(c.id),
      externalId: c.external_id,
      startedAt: new Date(c.started_at).toISOString(),
      channel: c.channel,
      direction: c.direction,
      queue: c.queue,
      agent: c.agent_id === null ? null : { id: c.agent_id, code: c.agent_code!, name: c.agent_name! },
      team: c.team_id === null ? null : { id: c.team_id, name: c.team_name! },
      answered: c.answered,
      queueWaitS: c.queue_wait_s,
      talkS: c.talk_s,
      holdS: c.hold_s,
      acwS: c.acw_s,
      resolved: c.resolved,
      escalated: c.escalated,
      transferred: c.transferred,
      complaintLevel: c.complaint_level,
      topic: c.topic,
      recordingUrl: c.recording_url,
      survey: c.has_survey ? { csat: c.csat, nps: c.nps, comment: c.comment } : null,
      transcript: turns.map((t: { seq: number; offset_ms: number | null; speaker: number; text: string }) => ({
        seq: t.seq,
        offsetS: t.offset_ms === null ? null : t.offset_ms / 1000,
        speaker: SPEAKERS[t.speaker],
        text: t.text,
      })),
      autoqa,
      evaluations: evaluations.map((e: { id: number; status: string; score: number | null }) => ({ id: e.id, status: e.status, score: e.score === null ? null : Number(e.score) })),
      complaints: await this.complaintsOf(c.id),
      can: { overrule: autoqa !== null && this.scope.canOverrule(caller, { teamId: c.team_id }) },
    };
  }

  /**
   * A supervisor's (or admin's) word on one finding: stored with the reason and audited; the
   * contact's score and the figures use the overruled outcome from this transaction on.
   */
  async overrule(caller: Caller, externalId: string, dto: OverruleDto): Promise<CallAutoqa> {
    return this.db.transaction(async (m) => {
      const call = await this.findCall(m, externalId);
      this.scope.assertCanSeeCall(caller, call ? { agentId: call.agent_id, teamId: call.team_id } : null, externalId);
      const c = call!;
      this.scope.assertCanOverrule(caller, { teamId: c.team_id });
      const versions = await this.scoring.lockVersions(m);
      const [finding] = await m.query(`SELECT outcome FROM autoqa_findings WHERE call_id = $1 AND rule_set_id = $2 AND rule = $3`, [c.id, versions.current.id, dto.rule]);
      if (!finding) {
        const [any] = await m.query(`SELECT 1 FROM autoqa_results WHERE call_id = $1 AND rule_set_id = $2`, [c.id, versions.current.id]);
        if (!any) throw new ConflictError(`Call ${externalId} has no AutoQA result to overrule (no transcript has been imported for it).`, undefined, 'no_autoqa_result');
        throw new BadInputError(`rule: "${dto.rule}" is not a rule of AutoQA rule set version ${versions.current.version} (${versions.current.rules.map((r) => r.key).join(', ')}).`);
      }
      const [before] = await m.query(`SELECT outcome, reason FROM autoqa_overrules WHERE call_id = $1 AND rule = $2`, [c.id, dto.rule]);
      await m.query(
        `INSERT INTO autoqa_overrules (call_id, rule, outcome, reason, user_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (call_id, rule) DO UPDATE SET outcome = EXCLUDED.outcome, reason = EXCLUDED.reason, user_id = EXCLUDED.user_id, at = now()`,
        [c.id, dto.rule, dto.outcome, dto.reason, caller.userId],
      );
      await this.scoring.refreshEffective(m, c.id);
      await this.dataChanges.callsChanged(m, { localDates: [c.local_date], customerIds: [] });
      await this.audit.record(
        {
          action: 'autoqa.overrule',
          caller,
          target: `call:${c.external_id}`,
          detail: { rule: dto.rule, from: outcomeOf(finding.outcome), to: dto.outcome, reason: dto.reason, ruleSetVersion: versions.current.version, previous: before ?? null },
        },
        m,
      );
      return (await this.autoqaOf(m, c.id))!;
    });
  }

  private async findCall(m: EntityManager, externalId: string): Promise<CallRow | null> {
    const [row] = await m.query(CALL_SQL, [externalId]);
    return row ?? null;
  }

  /** The call's result under the version the figures use, findings with overrules and evidence (turn text verbatim). */
  private async autoqaOf(m: EntityManager, callId: string): Promise<CallAutoqa | null> {
    const [result] = await m.query(
      `SELECT r.score, r.auto_fail, rs.version, rs.rules FROM autoqa_state s
         JOIN autoqa_results r ON r.rule_set_id = s.current_rule_set_id AND r.call_id = $1
         JOIN autoqa_rule_sets rs ON rs.id = r.rule_set_id`,
      [callId],
    );
    if (!result) return null;
    const rows: { rule: string; outcome: string; evidence: [number, number, number][] | null; o_outcome: Outcome | null; reason: string | null; at: Date | null; user_id: number | null; user_name: string | null }[] = await m.query(
      `SELECT f.rule, f.outcome, f.evidence, o.outcome AS o_outcome, o.reason, o.at, u.id AS user_id, u.name AS user_name
         FROM autoqa_state s JOIN autoqa_findings f ON f.rule_set_id = s.current_rule_set_id AND f.call_id = $1
         LEFT JOIN autoqa_overrules o ON o.call_id = f.call_id AND o.rule = f.rule
         LEFT JOIN users u ON u.id = o.user_id`,
      [callId],
    );
    const seqs = [...new Set(rows.flatMap((r) => (r.evidence ?? []).map((e) => e[0])))];
    const texts = new Map<number, string>();
    if (seqs.length) {
      const t: { seq: number; text: string }[] = await m.query(`SELECT seq, text FROM transcript_turns WHERE call_id = $1 AND seq = ANY($2::int[])`, [callId, seqs]);
      for (const x of t) texts.set(x.seq, x.text);
    }
    const rules = result.rules as RuleDefinition[];
    const order = new Map(rules.map((r, i) => [r.key, i]));
    const items = await this.ruleSets.formItems(m);
    const findings: FindingView[] = rows
      .sort((a, b) => (order.get(a.rule) ?? 99) - (order.get(b.rule) ?? 99))
      .map((r) => {
        const original = outcomeOf(r.outcome);
        const rule = rules.find((x) => x.key === r.rule);
        return {
          rule: r.rule,
          outcome: r.o_outcome ?? original,
          overruled: r.o_outcome !== null,
          originalOutcome: original,
          overrule: r.o_outcome === null ? null : { outcome: r.o_outcome, reason: r.reason!, by: r.user_id ? { id: r.user_id, name: r.user_name! } : null, at: new Date(r.at!).toISOString() },
          formItemId: itemOf(items, rule?.formItem)?.itemId ?? null,
          evidence: (r.evidence ?? []).map(([seq, start, end]) => ({ seq, text: texts.get(seq) ?? '', start, end })),
        };
      });
    return { ruleSetVersion: result.version, score: result.score === null ? null : Number(result.score), autoFail: result.auto_fail, findings };
  }

  /**
   * Complaints of the call (docs/complaints.md), once the complaints table exists (it comes with
   * the complaints module). Status here is `closed` when resolved, else `open`; whether an open
   * one is overdue is the complaints list's (`GET /api/complaints`).
   */
  private async complaintsOf(callId: string): Promise<CallDetail['complaints']> {
    const [t] = await this.db.query(`SELECT to_regclass('complaints') IS NOT NULL AS present`);
    if (!t.present) return [];
    const rows = await this.db.query(
      `SELECT external_id, level, CASE WHEN resolved_at IS NULL THEN 'open' ELSE 'closed' END AS status FROM complaints WHERE call_id = $1 ORDER BY opened_at, id`,
      [callId],
    );
    return rows.map((r: { external_id: string; level: string; status: string }) => ({ externalId: r.external_id, level: r.level, status: r.status }));
  }
}
