import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, NotFoundError } from '../../common/domain-error';
import { ScopeService } from '../auth/scope.service';
import { isMetricKey, kpiDefinitions } from '../kpi/domain/kpi-definitions';
import { delta } from '../kpi/domain/kpi-math';
import { addDays, isoWeekLabel, localDateOf } from '../kpi/domain/periods';
import { KpiService } from '../kpi/kpi.service';
import type { KpiRow, MetricKey, MetricValue } from '../kpi/kpi.types';
import { SettingsService } from '../org/settings.service';
import { CoachingService, type CoachingNoteView } from '../qa/coaching.service';
import { ComplaintsService } from '../complaints/complaints.service';
import {
  AgentRef,
  AgentReviewData,
  CallEvidence,
  EvaluationFact,
  followedMetricKeys,
  followUpMovement,
  pooled,
  Reason,
  resolveReviewRules,
  reviewAgents,
} from './domain/attention-rules';
import { followUpText, reasonText, ReviewLang } from './domain/review-text';
import { languageOfTag } from '../../common/i18n/product-language';
import { weekRange, weeksEndingWith } from './domain/review-weeks';
import type { ReviewCoachingDto } from './review.dto';
import { callEvidenceSql, callExternalIdsSql, dueCoachingNotesSql, evaluationsSql, forbiddenUsesSql, lowestAutoqaSql, openDisputesSql, teamAgentsSql } from './review.queries';
import type { ReviewFollowUp, ReviewMetric, ReviewReason, WeeklyReview } from './review.types';

/** Weeks of history the rules look at: the longest AHT streak reported, and the 4 weeks before this one. */
const HISTORY_WEEKS = 8;
/** A coaching note shows on the reviews of the 4 weeks its follow-up date falls in or after. */
const FOLLOW_UP_WEEKS = 4;

export interface WeeklyReviewOptions {
  week?: string;
  teamId?: number;
  lang?: ReviewLang;
  /** The language the request's Accept-Language prefers, used when neither `lang` nor the user's locale decides. */
  requestLanguage?: ReviewLang | null;
}

/**
 * The supervisor's Monday view of one team and week: the team's figures, the agents who need
 * attention (with the rule, the words and the evidence), recognition, and coaching follow-ups.
 * Figures come from KpiService (scoped by the caller); the rules are pure (domain/attention-rules.ts).
 */
@Injectable()
export class ReviewService {
  constructor(
    private readonly db: DataSource,
    private readonly kpi: KpiService,
    private readonly settings: SettingsService,
    private readonly scope: ScopeService,
    private readonly coaching: CoachingService,
    private readonly complaints: ComplaintsService,
  ) {}

  async weekly(caller: Caller, options: WeeklyReviewOptions): Promise<WeeklyReview> {
    this.scope.assertCanReview(caller);
    const settings = await this.settings.get();
    const week = options.week ?? isoWeekLabel(addDays(localDateOf(new Date(), settings.timezone), -7));
    const range = weekRange(week);
    if (!range) throw new BadInputError(`week: ${week} is not a real ISO week (YYYY-Www, e.g. 2026-W47).`);
    const teamId = options.teamId ?? this.defaultTeam(caller);
    this.scope.assertTeamVisible(caller, teamId);
    const [team] = await this.db.query(`SELECT id, name FROM teams WHERE id = $1`, [teamId]);
    if (!team) throw new NotFoundError(`Team ${teamId}`);
    const lang = options.lang ?? languageOfTag(caller.locale) ?? options.requestLanguage ?? 'en';
    const rules = resolveReviewRules(settings.reviewRules);
    const tz = settings.timezone;

    const weeks = weeksEndingWith(week, HISTORY_WEEKS);
    const from = weekRange(weeks[0])!.from;
    const four = weeks.slice(-4);
    const fourFrom = weekRange(four[0])!.from;

    const [agentAnswer, teamAnswer, agentRows, evalRows, disputeRows, evidenceRows, forbiddenRows, lowestRows, overdue] = await Promise.all([
      this.kpi.query(caller, { from, to: range.to, granularity: 'week', groupBy: 'agent', teamId, metrics: [...followedMetricKeys, 'complaint_rate'] }, { recordScorecardView: false }),
      this.kpi.query(caller, { from, to: range.to, granularity: 'week', groupBy: 'team', teamId }, { recordScorecardView: false }),
      this.db.query(teamAgentsSql, [teamId, tz, fourFrom, range.to]),
      this.db.query(evaluationsSql, [teamId, tz, fourFrom, range.to]),
      this.db.query(openDisputesSql, [teamId, tz]),
      this.db.query(callEvidenceSql, [teamId, tz, range.from, range.to, rules.evidenceLimit, settings.fcrMethod]),
      this.db.query(forbiddenUsesSql, [teamId, tz, range.from, range.to, rules.evidenceLimit]),
      this.db.query(lowestAutoqaSql, [teamId, tz, fourFrom, range.to, rules.evidenceLimit]),
      this.complaints.overdueInTeam(teamId),
    ]);

    const teamByWeek = new Map<string, KpiRow>(teamAnswer.rows.map((r) => [r.period, r]));
    const agents = new Map<number, AgentReviewData>();
    const blank = (ref: AgentRef): AgentReviewData => ({ agent: ref, byWeek: {}, aht: {}, evaluations: [], openDisputes: [], calls: emptyCalls() });
    const data = (ref: AgentRef) => {
      let d = agents.get(ref.id);
      if (!d) agents.set(ref.id, (d = blank(ref)));
      return d;
    };
    for (const a of agentRows) data({ id: a.id, code: a.code, name: a.name });
    for (const row of agentAnswer.rows) {
      if (!row.group) continue;
      const d = data({ id: Number(row.group.id), code: row.group.code ?? '', name: row.group.name });
      d.byWeek[row.period] = row.metrics;
      d.aht[row.period] = { agent: row.metrics.aht, team: teamByWeek.get(row.period)?.metrics.aht, teamId, teamName: team.name };
    }
    for (const [agentId, cases] of overdue) {
      const d = agents.get(agentId);
      if (d) d.overdueComplaints = cases;
    }
    for (const r of evalRows) agents.get(r.agent_id)?.evaluations.push(toEvaluation(r));
    for (const r of disputeRows) agents.get(r.agent_id)?.openDisputes.push(toEvaluation(r));
    for (const r of evidenceRows) {
      const d = agents.get(r.agent_id);
      if (d) d.calls = { longest: ids(r.longest), lowestCsat: ids(r.lowest_csat), detractors: ids(r.detractors), unresolved: ids(r.unresolved), escalated: ids(r.escalated), transferred: ids(r.transferred) };
    }

    for (const r of forbiddenRows) {
      const d = agents.get(r.agent_id);
      if (!d) continue;
      d.autoqa ??= { forbidden: [], lowestScored: [] };
      d.autoqa.forbidden.push({ callId: Number(r.call_id), externalId: r.external_id, seq: r.seq, text: r.text, start: r.start, end: r.end });
    }
    for (const r of lowestRows) {
      const d = agents.get(r.agent_id);
      if (!d) continue;
      d.autoqa ??= { forbidden: [], lowestScored: [] };
      d.autoqa.lowestScored = ids(r.lowest);
    }

    const teamFigures = Object.fromEntries([...teamByWeek].map(([w, r]) => [w, r.metrics]));
    const outcome = reviewAgents({ weeks, agents: [...agents.values()], rules, minSample: settings.minSample, teamByWeek: teamFigures });
    // Evidence names calls by their external id (the call page's address), next to the ids.
    const callIds = [...new Set([...outcome.attention, ...outcome.recognition].flatMap((e) => e.reasons.flatMap((r) => r.evidence.callIds)))];
    const externalIds = new Map<number, string>();
    if (callIds.length) for (const c of await this.db.query(callExternalIdsSql, [callIds])) externalIds.set(Number(c.id), c.external_id);
    const say = (r: Reason): ReviewReason => ({
      rule: r.rule,
      metric: r.metric,
      text: reasonText(r, lang),
      evidence: { ...r.evidence, calls: r.evidence.callIds.map((id) => ({ id, externalId: externalIds.get(id) ?? String(id) })) },
    });

    return {
      week,
      from: range.from,
      to: range.to,
      lang,
      team: { id: team.id, name: team.name },
      metrics: teamMetrics(teamByWeek, weeks),
      attention: outcome.attention.map((e) => ({ agent: e.agent, severity: e.severity, level: e.severity >= 5 ? 'high' : e.severity >= 3 ? 'medium' : 'low', reasons: e.reasons.map(say) })),
      recognition: outcome.recognition.map((e) => ({ agent: e.agent, reasons: e.reasons.map(say) })),
      followUps: await this.followUps([...agents.values()], weeks, range.to, lang),
    };
  }

  /**
   * Turns an attention entry into a coaching note with a follow-up date. The figure the note
   * starts from is read here (not taken from the client) and stored in the note's context, so a
   * later review can say whether it moved.
   */
  async createCoachingNote(caller: Caller, dto: ReviewCoachingDto): Promise<CoachingNoteView> {
    const range = weekRange(dto.week);
    if (!range) throw new BadInputError(`week: ${dto.week} is not a real ISO week (YYYY-Www, e.g. 2026-W47).`);
    const metric = dto.metric ?? defaultMetricOf(dto.rule);
    if (metric !== null && (!isMetricKey(metric) || !followedMetricKeys.includes(metric))) {
      throw new BadInputError(`metric: "${metric}" is not one the weekly review follows (${followedMetricKeys.join(', ')}).`);
    }
    if (dto.followUpDate <= range.to) throw new BadInputError(`followUpDate: must be after the reviewed week (after ${range.to}).`);
    let context: Record<string, unknown> = { source: 'weekly_review', week: dto.week, rule: dto.rule, ...(dto.reasons?.length ? { reasons: dto.reasons } : {}) };
    // The starting figure is read only for a note the caller may write (CoachingService enforces it).
    if (metric !== null) {
      const [m] = await this.db.query(`SELECT team_id FROM agent_team_memberships WHERE agent_id = $1 AND valid_to IS NULL`, [dto.agentId]);
      if (m && this.scope.canCoachInTeam(caller, m.team_id)) {
        const basisWeeks = metric === 'qa_score' ? weeksEndingWith(dto.week, 4) : [dto.week];
        const answer = await this.kpi.query(caller, {
          from: weekRange(basisWeeks[0])!.from,
          to: range.to,
          granularity: 'week',
          groupBy: 'agent',
          teamId: m.team_id,
          metrics: [metric],
        }, { recordScorecardView: false });
        const byWeek = Object.fromEntries(answer.rows.filter((r) => Number(r.group?.id) === dto.agentId).map((r) => [r.period, r.metrics]));
        const figure = pooled(byWeek, basisWeeks, metric);
        context = { ...context, teamId: m.team_id, basis: metric === 'qa_score' ? '4w' : 'week', valueAtNote: figure.value, nAtNote: figure.den };
      }
    }
    return this.coaching.create(caller, { agentId: dto.agentId, text: dto.text, followUpDate: dto.followUpDate, metric, context });
  }

  private defaultTeam(caller: Caller): number {
    const own = this.scope.visibleTeamIds(caller);
    if (own?.length === 1) return own[0];
    throw new BadInputError('teamId: say which team to review (e.g. teamId=3).');
  }

  private async followUps(agents: AgentReviewData[], weeks: string[], to: string, lang: ReviewLang): Promise<ReviewFollowUp[]> {
    if (agents.length === 0) return [];
    const rows = await this.db.query(dueCoachingNotesSql, [agents.map((a) => a.agent.id), addDays(to, -7 * FOLLOW_UP_WEEKS + 1), to]);
    const byId = new Map(agents.map((a) => [a.agent.id, a]));
    const out: ReviewFollowUp[] = [];
    for (const r of rows) {
      if (!isMetricKey(r.metric)) continue;
      const metric: MetricKey = r.metric;
      const d = byId.get(r.agent_id)!;
      const ctx = (r.context ?? {}) as Record<string, unknown>;
      const basisWeeks = ctx.basis === '4w' ? weeks.slice(-4) : weeks.slice(-1);
      const now = pooled(d.byWeek, basisWeeks, metric);
      const minN = kpiDefinitions[metric].sampleKey;
      const nowLowSample = basisWeeks.length === 1 ? (d.byWeek[basisWeeks[0]]?.[metric]?.lowSample ?? true) : now.den < ((await this.settings.get()).minSample[minN] ?? 0);
      const before = typeof ctx.valueAtNote === 'number' ? ctx.valueAtNote : null;
      const moved = followUpMovement(metric, before, now.value, nowLowSample);
      out.push({
        noteId: Number(r.id),
        agent: d.agent,
        metric,
        rule: typeof ctx.rule === 'string' ? ctx.rule : null,
        noteText: r.text,
        followUpDate: r.follow_up_date,
        before,
        now: now.value,
        nowN: now.den,
        nowLowSample,
        moved,
        text: followUpText({ metric, followUpDate: r.follow_up_date, before, now: now.value, moved }, lang),
      });
    }
    return out;
  }
}

function teamMetrics(teamByWeek: Map<string, KpiRow>, weeks: string[]): Partial<Record<MetricKey, ReviewMetric>> {
  const week = weeks[weeks.length - 1];
  const current = teamByWeek.get(week)?.metrics ?? {};
  const previous = teamByWeek.get(weeks[weeks.length - 2])?.metrics ?? {};
  const byWeek = Object.fromEntries([...teamByWeek].map(([w, r]) => [w, r.metrics]));
  const out: Partial<Record<MetricKey, ReviewMetric>> = {};
  const keys = new Set([...Object.keys(current), ...Object.keys(previous)] as MetricKey[]);
  for (const key of keys) {
    const m: MetricValue | undefined = current[key];
    const prev = previous[key]?.value ?? null;
    const four = pooled(byWeek, weeks.slice(-4), key);
    const value = m?.value ?? null;
    out[key] = {
      value,
      num: m?.num ?? 0,
      den: m?.den ?? 0,
      n: m?.n ?? 0,
      lowSample: m?.lowSample ?? true,
      target: m?.target ?? null,
      status: m?.status ?? null,
      previous: prev,
      delta: delta(value, prev),
      avg4w: kpiDefinitions[key].kind === 'count' ? four.num / 4 : four.value,
    };
  }
  return out;
}

/** The metric a coaching note on a rule follows when the client names none. */
function defaultMetricOf(rule: string): MetricKey | null {
  switch (rule) {
    case 'aht_above_team':
      return 'aht';
    case 'csat_drop':
      return 'csat_pct';
    case 'auto_fail':
    case 'qa_below_target_4w':
      return 'qa_score';
    default:
      return null;
  }
}

function emptyCalls(): CallEvidence {
  return { longest: [], lowestCsat: [], detractors: [], unresolved: [], escalated: [], transferred: [] };
}

function ids(v: (string | number)[] | null): number[] {
  return (v ?? []).map(Number);
}

function toEvaluation(r: Record<string, any>): EvaluationFact {
  return {
    id: Number(r.id),
    week: r.week,
    score: r.score === null ? null : Number(r.score),
    autoFail: r.auto_fail,
    status: r.status,
    callId: r.call_id === null ? null : Number(r.call_id),
    disputedAt: r.disputed_at ? new Date(r.disputed_at).toISOString() : null,
  };
}

