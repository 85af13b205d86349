/**
 * The weekly review's rules, in one place and pure: given each agent's weekly figures (from the
 * KPI engine, ratios of sums with n, Wilson interval and status), their evaluations and a few
 * call lists, decide who needs attention (and why, with the numbers behind it) and who earns
 * recognition. Thresholds come from `settings.reviewRules` over the defaults below. Words are
 * added later (review-text.ts): a reason here is a rule id plus the figures it rests on.
 */
import { AHT_RELATIVE, kpiDefinition, type MetricDirection, type SampleKey } from '../../kpi/domain/kpi-definitions';
import type { MetricKey, MetricValue } from '../../kpi/kpi.types';
import type { MinSample } from '../../org/settings.types';

/** Every threshold a supervisor may tune (PATCH /api/settings `reviewRules`). */
export const DEFAULT_REVIEW_RULES = {
  /** "below target on 2 or more metrics this week" */
  belowTargetMinMetrics: 2,
  /** "AHT above the team's AHT for 3 or more consecutive weeks" */
  ahtAboveTeamWeeks: 3,
  /** How far above the team's AHT counts as above, in percent (the standard says any amount). */
  ahtAboveTeamMinPct: 0,
  /** "a metric worsening 3 weeks in a row": 3 week-on-week steps, each worse than the one before. */
  worseningWeeks: 3,
  /** The total worsening over those weeks must reach this many of the metric's tolerances (noise guard). */
  worseningMinTolerances: 1,
  /** "CSAT top-2-box down by more than 10 points vs their 4-week figure ..." */
  csatDropPoints: 10,
  /** "... with n >= 10" (surveys this week). */
  csatDropMinN: 10,
  /** "QA score below target over a rolling 4 weeks" */
  qaRollingWeeks: 4,
  /** Recognition "meets every target" needs at least this many metrics with enough sample. */
  recognitionMinMetrics: 3,
  /** Most improved: improvement vs the previous 4 weeks, in tolerances summed over metrics. */
  mostImprovedMinScore: 2,
  mostImprovedCount: 1,
  /** Severity: each fired rule adds its weight; below-target adds 1 per metric beyond the minimum. */
  weightAutoFail: 5,
  weightBelowTarget: 3,
  weightCsatDrop: 3,
  weightQaBelowTarget: 3,
  weightAhtAboveTeam: 2,
  weightWorsening: 2,
  weightOpenDispute: 1,
  /** A forbidden phrase used this week (AutoQA, critical rule forbidden_phrases). */
  weightForbiddenPhrase: 5,
  /** "AutoQA score below the team over 4 weeks": by at least this many points ... */
  autoqaBelowTeamPoints: 5,
  /** ... with at least this many scored contacts over those weeks. */
  autoqaMinContacts: 20,
  weightAutoqaBelowTeam: 2,
  /** How many call/evaluation ids each reason carries as evidence. */
  evidenceLimit: 5,
  /** An overdue complaint (now): urgent and level 3 weigh as a high priority on their own (severity ≥ 5), levels 1 and 2 less. */
  weightComplaintOverdueHigh: 5,
  weightComplaintOverdue: 2,
  /** Complaint rate above the team's this week, judged only with at least this many handled calls (a per-mille rate needs volume) ... */
  complaintRateMinHandled: 100,
  /** ... and at least this many complaints (one complaint is not a pattern). */
  complaintRateMinComplaints: 2,
  weightComplaintRate: 2,
};
export type ReviewRules = typeof DEFAULT_REVIEW_RULES;

/** The defaults overridden by the known keys of `settings.reviewRules` (unknown keys are ignored). */
export function resolveReviewRules(overrides: Record<string, number> | null | undefined): ReviewRules {
  const rules = { ...DEFAULT_REVIEW_RULES };
  for (const key of Object.keys(rules) as (keyof ReviewRules)[]) {
    const v = overrides?.[key];
    if (typeof v === 'number' && Number.isFinite(v)) rules[key] = v;
  }
  return rules;
}

type Direction = MetricDirection;

interface ReviewedMetric {
  direction: Direction;
  proportion: boolean;
  sample: SampleKey;
  /** The size of a change that matters (the metric's tolerance); for AHT a fraction of its value. */
  unit: number;
  relativeUnit: boolean;
}

/**
 * The agent metrics the review judges. Queue-driven figures (offered, abandon_rate,
 * service_level, asa) have no target for agents (docs/kpi.md "Metrics") and are left out;
 * fcr_flag/fcr_repeat are represented by fcr. Directions, kinds and tolerances come from the registry.
 */
export const reviewedMetricKeys: MetricKey[] = ['aht', 'fcr', 'escalation_rate', 'transfer_rate', 'csat_avg', 'csat_pct', 'nps', 'qa_score'];

/** Metrics a coaching note from the review may follow: the judged ones and the AutoQA ones of the AutoQA rules. */
export const followedMetricKeys: MetricKey[] = [...reviewedMetricKeys, 'autoqa_score', 'forbidden_phrase_rate'];

const REVIEWED_METRICS: Partial<Record<MetricKey, ReviewedMetric>> = Object.fromEntries(
  followedMetricKeys.map((key) => {
    const def = kpiDefinition(key);
    const proportion = def.kind === 'proportion';
    const relativeUnit = def.targetMode === 'team_relative';
    // AHT: the width of the green band (10% of the team's AHT); proportions without a default tolerance: 2 points.
    const unit = relativeUnit ? AHT_RELATIVE.green - 1 : (def.defaultTolerance ?? (proportion ? 0.02 : 1));
    return [key, { direction: def.direction as Direction, proportion, sample: def.sampleKey, unit, relativeUnit }];
  }),
);

export type Figures = Partial<Record<MetricKey, MetricValue>>;

export interface AgentRef {
  id: number;
  code: string;
  name: string;
}

export interface EvaluationFact {
  id: number;
  /** ISO week of its submission (local). */
  week: string;
  score: number | null;
  autoFail: boolean;
  status: 'submitted' | 'acknowledged' | 'disputed' | 'resolved';
  callId: number | null;
  disputedAt?: string | null;
}

/** Ids of the review week's calls that explain each kind of figure, worst first. */
export interface CallEvidence {
  longest: number[];
  lowestCsat: number[];
  detractors: number[];
  unresolved: number[];
  escalated: number[];
  transferred: number[];
}

export interface AhtComparison {
  agent: MetricValue | undefined;
  team: MetricValue | undefined;
  /** The team of most of the agent's calls that week. */
  teamId: number;
  teamName: string;
}

/** One use of a forbidden phrase found by AutoQA: the call (by external id) and the words in the turn. */
export interface ForbiddenUse {
  callId: number;
  externalId: string;
  seq: number;
  text: string;
  start: number;
  end: number;
}

/** A complaint case charged to the agent that is past a deadline now (complaints/domain/complaint-clock.ts). */
export interface OverdueComplaintFact {
  externalId: string;
  level: '1' | '2' | '3' | 'urgent';
  overdueBy: number;
  callId: number | null;
}

export interface AgentReviewData {
  agent: AgentRef;
  /** Complaint cases charged to the agent in the reviewed team that are overdue now (absent: none). */
  overdueComplaints?: OverdueComplaintFact[];
  /** Figures per week label (the team's records of this agent); a week without records is absent. */
  byWeek: Record<string, Figures>;
  /** AHT vs the team of comparison, per week label. */
  aht: Record<string, AhtComparison>;
  /** Submitted evaluations in the window (drafts excluded). */
  evaluations: EvaluationFact[];
  /** Evaluations currently disputed, whenever submitted. */
  openDisputes: EvaluationFact[];
  calls: CallEvidence;
  /** AutoQA: this week's uses of forbidden phrases (effective outcome fail), and the 4 weeks' lowest-scored calls. */
  autoqa?: { forbidden: ForbiddenUse[]; lowestScored: number[] };
}

export interface ReviewInput {
  /** Consecutive ISO weeks, oldest first, ending with the week under review. */
  weeks: string[];
  agents: AgentReviewData[];
  rules: ReviewRules;
  minSample: MinSample;
  /** The reviewed team's own figures per week label (complaint rate and AutoQA comparisons). */
  teamByWeek?: Record<string, Figures>;
}

export type RuleId =
  | 'below_target'
  | 'aht_above_team'
  | 'worsening'
  | 'auto_fail'
  | 'open_dispute'
  | 'csat_drop'
  | 'qa_below_target_4w'
  | 'forbidden_phrase'
  | 'autoqa_below_team_4w'
  | 'meets_all_targets'
  | 'most_improved'
  | 'complaint_overdue'
  | 'complaint_rate_above_team';

export interface Evidence {
  /** The numbers behind the reason, by name. */
  metrics: Record<string, unknown>;
  callIds: number[];
  evaluationIds: number[];
  /** AutoQA: the words that decided the finding, each naming its call by external id. */
  turns?: ForbiddenUse[];
}

export interface Reason {
  rule: RuleId;
  /** The metric the reason is mainly about (what a coaching note would follow up). */
  metric: MetricKey | null;
  weight: number;
  evidence: Evidence;
}

export interface AttentionEntry {
  agent: AgentRef;
  severity: number;
  reasons: Reason[];
}

export interface RecognitionEntry {
  agent: AgentRef;
  reasons: Reason[];
}

export interface ReviewOutcome {
  attention: AttentionEntry[];
  recognition: RecognitionEntry[];
}

/** Sums num and den of one metric over weeks: the multi-week figure as ONE ratio of sums. */
export function pooled(byWeek: Record<string, Figures>, weeks: string[], key: MetricKey): { value: number | null; num: number; den: number } {
  let num = 0;
  let den = 0;
  for (const w of weeks) {
    const f = byWeek[w]?.[key];
    if (f) {
      num += f.num;
      den += f.den;
    }
  }
  // A scaled ratio (complaint_rate: per 1,000) keeps its scale; counts keep the ratio form this always had.
  return { value: den > 0 ? (num / den) * (kpiDefinition(key).scale ?? 1) : null, num, den };
}

function usable(f: MetricValue | undefined): f is MetricValue & { value: number } {
  return !!f && !f.lowSample && f.value !== null;
}

/** Worse = further from good in the metric's direction. */
function worse(direction: Direction, a: number, b: number): boolean {
  return direction === 'higher' ? a < b : a > b;
}

/**
 * Whether an adequately sampled figure misses its target. Proportions count only when the
 * whole 95% Wilson interval lies on the wrong side of the target (the miss is real, not noise);
 * AHT has a relative target and counts when the KPI engine rates it amber or red.
 */
export function missesTarget(key: MetricKey, f: MetricValue | undefined): boolean {
  const def = REVIEWED_METRICS[key];
  if (!def || !usable(f)) return false;
  if (key === 'aht') return f.status === 'amber' || f.status === 'red';
  if (f.target === null) return false;
  if (!worse(def.direction, f.value, f.target)) return false;
  if (!def.proportion) return true;
  if (!f.ci) return false;
  return def.direction === 'higher' ? f.ci[1] < f.target : f.ci[0] > f.target;
}

/** Whether an adequately sampled figure meets its target (AHT: rated green against the team). */
export function meetsTarget(key: MetricKey, f: MetricValue | undefined): boolean {
  const def = REVIEWED_METRICS[key];
  if (!def || !usable(f)) return false;
  if (key === 'aht') return f.status === 'green';
  if (f.target === null) return false;
  return !worse(def.direction, f.value, f.target);
}

function hasTarget(key: MetricKey, f: MetricValue | undefined): boolean {
  return usable(f) && (key === 'aht' ? f.status !== null : f.target !== null);
}

function callsFor(key: MetricKey, calls: CallEvidence): number[] {
  switch (key) {
    case 'aht':
      return calls.longest;
    case 'fcr':
      return calls.unresolved;
    case 'escalation_rate':
      return calls.escalated;
    case 'transfer_rate':
      return calls.transferred;
    case 'csat_avg':
    case 'csat_pct':
      return calls.lowestCsat;
    case 'nps':
      return calls.detractors;
    default:
      return [];
  }
}

function lowestScored(evals: EvaluationFact[], weeks: string[], limit: number): number[] {
  return evals
    .filter((e) => weeks.includes(e.week) && e.score !== null)
    .sort((a, b) => (a.score as number) - (b.score as number) || a.id - b.id)
    .slice(0, limit)
    .map((e) => e.id);
}

function figureEvidence(f: MetricValue) {
  return { value: f.value, num: f.num, den: f.den, n: f.n, target: f.target, status: f.status, ...(f.ci ? { ci: f.ci } : {}) };
}

function uniq(ids: number[], limit: number): number[] {
  return [...new Set(ids)].slice(0, limit);
}

// --- the rules, one function each ------------------------------------------------------------

export function belowTargetRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const { rules, weeks } = input;
  const week = weeks[weeks.length - 1];
  const figures = d.byWeek[week] ?? {};
  const missed = reviewedMetricKeys.filter((k) => missesTarget(k, figures[k]));
  if (missed.length < rules.belowTargetMinMetrics) return null;
  const metrics: Record<string, unknown> = {};
  for (const k of missed) {
    const f = figures[k] as MetricValue;
    metrics[k] = { ...figureEvidence(f), ...(k === 'aht' ? { team: d.aht[week]?.team?.value ?? null } : {}) };
  }
  const callIds = uniq(
    missed.flatMap((k) => callsFor(k, d.calls)),
    rules.evidenceLimit,
  );
  const evaluationIds = missed.includes('qa_score') ? lowestScored(d.evaluations, [week], rules.evidenceLimit) : [];
  return {
    rule: 'below_target',
    metric: missed[0],
    weight: rules.weightBelowTarget + (missed.length - rules.belowTargetMinMetrics),
    evidence: { metrics, callIds, evaluationIds },
  };
}

/** Consecutive weeks, ending with the review week, in which the agent's AHT is above the team of comparison's. */
export function ahtAboveTeamStreak(d: AgentReviewData, weeks: string[], minPct: number): number {
  let streak = 0;
  for (let i = weeks.length - 1; i >= 0; i--) {
    const c = d.aht[weeks[i]];
    if (!c || !usable(c.agent) || !c.team || c.team.value === null) break;
    if (!(c.agent.value > c.team.value * (1 + minPct / 100))) break;
    streak++;
  }
  return streak;
}

export function ahtAboveTeamRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const { rules, weeks } = input;
  const streak = ahtAboveTeamStreak(d, weeks, rules.ahtAboveTeamMinPct);
  if (streak < rules.ahtAboveTeamWeeks) return null;
  const week = weeks[weeks.length - 1];
  const now = d.aht[week];
  return {
    rule: 'aht_above_team',
    metric: 'aht',
    weight: rules.weightAhtAboveTeam,
    evidence: {
      metrics: {
        aht: now.agent?.value ?? null,
        teamAht: now.team?.value ?? null,
        team: { id: now.teamId, name: now.teamName },
        weeks: streak,
        series: weeks.slice(weeks.length - streak).map((w) => ({ week: w, aht: d.aht[w].agent?.value ?? null, teamAht: d.aht[w].team?.value ?? null, teamId: d.aht[w].teamId })),
      },
      callIds: d.calls.longest.slice(0, rules.evidenceLimit),
      evaluationIds: [],
    },
  };
}

/** Metrics worse in each of the last `worseningWeeks` week-on-week steps, every week with enough sample. */
export function worseningRules(d: AgentReviewData, input: ReviewInput): Reason[] {
  const { rules, weeks } = input;
  const steps = rules.worseningWeeks;
  if (weeks.length < steps + 1) return [];
  const span = weeks.slice(weeks.length - steps - 1);
  const reasons: Reason[] = [];
  for (const key of reviewedMetricKeys) {
    const def = REVIEWED_METRICS[key] as ReviewedMetric;
    const series = span.map((w) => d.byWeek[w]?.[key]);
    if (!series.every(usable)) continue;
    const values = series.map((f) => (f as MetricValue).value as number);
    let each = true;
    for (let i = 1; i < values.length; i++) if (!worse(def.direction, values[i], values[i - 1])) each = false;
    if (!each) continue;
    const unit = def.relativeUnit ? def.unit * values[0] : def.unit;
    if (Math.abs(values[values.length - 1] - values[0]) < rules.worseningMinTolerances * unit) continue;
    reasons.push({
      rule: 'worsening',
      metric: key,
      weight: rules.weightWorsening,
      evidence: {
        metrics: { metric: key, weeks: steps, series: span.map((w, i) => ({ week: w, value: values[i], n: (series[i] as MetricValue).n })) },
        callIds: callsFor(key, d.calls).slice(0, rules.evidenceLimit),
        evaluationIds: key === 'qa_score' ? lowestScored(d.evaluations, span, rules.evidenceLimit) : [],
      },
    });
  }
  return reasons;
}

export function autoFailRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const week = input.weeks[input.weeks.length - 1];
  const failed = d.evaluations.filter((e) => e.week === week && e.autoFail).sort((a, b) => a.id - b.id);
  if (failed.length === 0) return null;
  return {
    rule: 'auto_fail',
    metric: 'qa_score',
    weight: input.rules.weightAutoFail,
    evidence: {
      metrics: { autoFails: failed.length, evaluations: d.evaluations.filter((e) => e.week === week).length },
      callIds: failed.flatMap((e) => (e.callId === null ? [] : [e.callId])),
      evaluationIds: failed.map((e) => e.id),
    },
  };
}

export function openDisputeRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  if (d.openDisputes.length === 0) return null;
  const open = [...d.openDisputes].sort((a, b) => a.id - b.id);
  const since = open.map((e) => e.disputedAt ?? null).filter((x): x is string => !!x).sort()[0] ?? null;
  return {
    rule: 'open_dispute',
    metric: null,
    weight: input.rules.weightOpenDispute,
    evidence: { metrics: { openDisputes: open.length, since }, callIds: open.flatMap((e) => (e.callId === null ? [] : [e.callId])), evaluationIds: open.map((e) => e.id) },
  };
}

/**
 * CSAT top-2-box this week vs the agent's 4-week figure. The 4-week figure is the same one the
 * answer shows as avg4w: one ratio of sums over the 4 weeks ending with this week.
 */
export function csatDropRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const { rules, weeks } = input;
  const week = weeks[weeks.length - 1];
  const f = d.byWeek[week]?.csat_pct;
  if (!f || f.value === null || f.n < rules.csatDropMinN) return null;
  const four = pooled(d.byWeek, weeks.slice(-4), 'csat_pct');
  if (four.value === null) return null;
  const dropPoints = (four.value - f.value) * 100;
  if (!(dropPoints > rules.csatDropPoints)) return null;
  return {
    rule: 'csat_drop',
    metric: 'csat_pct',
    weight: rules.weightCsatDrop,
    evidence: {
      metrics: { csat_pct: f.value, n: f.n, avg4w: four.value, num4w: four.num, den4w: four.den, dropPoints },
      callIds: d.calls.lowestCsat.slice(0, rules.evidenceLimit),
      evaluationIds: [],
    },
  };
}

/** QA score over the rolling window (ratio of sums), judged only with enough evaluations. */
export function qaBelowTargetRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const { rules, weeks, minSample } = input;
  const span = weeks.slice(-rules.qaRollingWeeks);
  const q = pooled(d.byWeek, span, 'qa_score');
  if (q.value === null || q.den < minSample.qa) return null;
  const target = span
    .map((w) => d.byWeek[w]?.qa_score?.target)
    .reverse()
    .find((t): t is number => typeof t === 'number');
  if (target === undefined || !(q.value < target)) return null;
  return {
    rule: 'qa_below_target_4w',
    metric: 'qa_score',
    weight: rules.weightQaBelowTarget,
    evidence: {
      metrics: { qa_score: q.value, num: q.num, den: q.den, target, weeks: span.length, from: span[0], to: span[span.length - 1] },
      callIds: [],
      evaluationIds: lowestScored(d.evaluations, span, rules.evidenceLimit),
    },
  };
}

/** A forbidden phrase used this week (the critical AutoQA rule): the turns are the evidence. */
export function forbiddenPhraseRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const uses = d.autoqa?.forbidden ?? [];
  if (uses.length === 0) return null;
  const calls = [...new Set(uses.map((u) => u.callId))];
  const week = input.weeks[input.weeks.length - 1];
  const f = d.byWeek[week]?.forbidden_phrase_rate;
  return {
    rule: 'forbidden_phrase',
    metric: 'forbidden_phrase_rate',
    weight: input.rules.weightForbiddenPhrase,
    evidence: {
      metrics: { calls: calls.length, uses: uses.length, ...(f ? { forbidden_phrase_rate: f.value, num: f.num, den: f.den } : {}) },
      callIds: calls.slice(0, input.rules.evidenceLimit),
      evaluationIds: [],
      turns: uses.filter((u) => calls.slice(0, input.rules.evidenceLimit).includes(u.callId)),
    },
  };
}

/** AutoQA score over 4 weeks (one ratio of sums) below the team's by the set margin, with enough scored contacts. */
export function autoqaBelowTeamRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const { rules, weeks } = input;
  const span = weeks.slice(-4);
  const mine = pooled(d.byWeek, span, 'autoqa_score');
  const team = pooled(input.teamByWeek ?? {}, span, 'autoqa_score');
  if (mine.value === null || team.value === null || mine.den < rules.autoqaMinContacts) return null;
  if (!(mine.value <= team.value - rules.autoqaBelowTeamPoints)) return null;
  return {
    rule: 'autoqa_below_team_4w',
    metric: 'autoqa_score',
    weight: rules.weightAutoqaBelowTeam,
    evidence: {
      metrics: { autoqa_score: mine.value, num: mine.num, den: mine.den, team: team.value, weeks: span.length, from: span[0], to: span[span.length - 1] },
      callIds: (d.autoqa?.lowestScored ?? []).slice(0, rules.evidenceLimit),
      evaluationIds: [],
    },
  };
}

/** Every metric with a target and enough sample meets it, and enough of them had the sample. */
export function meetsAllTargetsRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const week = input.weeks[input.weeks.length - 1];
  const figures = d.byWeek[week] ?? {};
  const judged = reviewedMetricKeys.filter((k) => hasTarget(k, figures[k]));
  if (judged.length < input.rules.recognitionMinMetrics) return null;
  if (!judged.every((k) => meetsTarget(k, figures[k]))) return null;
  const metrics: Record<string, unknown> = {};
  for (const k of judged) metrics[k] = figureEvidence(figures[k] as MetricValue);
  return { rule: 'meets_all_targets', metric: null, weight: 0, evidence: { metrics, callIds: [], evaluationIds: [] } };
}

/**
 * Improvement this week vs the agent's previous 4 weeks (pooled), in tolerances, summed over the
 * metrics with enough sample on both sides; each metric counts at most 3 tolerances so one
 * lucky figure cannot carry it.
 */
export function improvementScore(d: AgentReviewData, input: ReviewInput): { score: number; metrics: Record<string, { before: number; now: number }> } {
  const { weeks, minSample } = input;
  const week = weeks[weeks.length - 1];
  const before = weeks.slice(-5, -1);
  let score = 0;
  const metrics: Record<string, { before: number; now: number }> = {};
  for (const key of reviewedMetricKeys) {
    const def = REVIEWED_METRICS[key] as ReviewedMetric;
    const now = d.byWeek[week]?.[key];
    if (!usable(now)) continue;
    const prior = pooled(d.byWeek, before, key);
    if (prior.value === null || prior.den < (minSample[def.sample] ?? 0)) continue;
    const unit = def.relativeUnit ? def.unit * prior.value : def.unit;
    if (unit <= 0) continue;
    const gain = ((def.direction === 'higher' ? 1 : -1) * (now.value - prior.value)) / unit;
    if (gain >= 1) metrics[key] = { before: prior.value, now: now.value };
    score += Math.max(-3, Math.min(3, gain));
  }
  return { score, metrics };
}

/** Overdue complaint cases, now: urgent and level 3 make it a high priority. */
export function complaintOverdueRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const cases = [...(d.overdueComplaints ?? [])].sort((a, b) => b.overdueBy - a.overdueBy || a.externalId.localeCompare(b.externalId));
  if (cases.length === 0) return null;
  const high = cases.filter((c) => c.level === 'urgent' || c.level === '3');
  const { rules } = input;
  return {
    rule: 'complaint_overdue',
    metric: null,
    weight: high.length ? rules.weightComplaintOverdueHigh : rules.weightComplaintOverdue,
    evidence: {
      metrics: {
        overdue: cases.length,
        highPriority: high.length,
        cases: cases.slice(0, rules.evidenceLimit).map((c) => ({ externalId: c.externalId, level: c.level, overdueBy: c.overdueBy })),
      },
      callIds: uniq(cases.flatMap((c) => (c.callId === null ? [] : [c.callId])), rules.evidenceLimit),
      evaluationIds: [],
    },
  };
}

/** The agent's complaint rate this week above their team's, with enough handled calls and complaints to mean something. */
export function complaintRateRule(d: AgentReviewData, input: ReviewInput): Reason | null {
  const { rules, weeks } = input;
  const week = weeks[weeks.length - 1];
  const mine = d.byWeek[week]?.complaint_rate;
  const team = input.teamByWeek?.[week]?.complaint_rate;
  if (!mine || mine.value === null || !team || team.value === null) return null;
  if (mine.den < rules.complaintRateMinHandled || mine.num < rules.complaintRateMinComplaints) return null;
  if (!(mine.value > team.value)) return null;
  return {
    rule: 'complaint_rate_above_team',
    metric: 'complaint_rate',
    weight: rules.weightComplaintRate,
    evidence: { metrics: { complaint_rate: mine.value, num: mine.num, den: mine.den, team: team.value, teamNum: team.num, teamDen: team.den }, callIds: [], evaluationIds: [] },
  };
}

const byName = (a: { agent: AgentRef }, b: { agent: AgentRef }) => a.agent.name.localeCompare(b.agent.name) || a.agent.id - b.agent.id;

/** Runs every rule for every agent: the attention list (most severe first) and recognition. */
export function reviewAgents(input: ReviewInput): ReviewOutcome {
  const attention: AttentionEntry[] = [];
  const calm: AgentReviewData[] = [];
  for (const d of input.agents) {
    const reasons = [
      autoFailRule(d, input),
      belowTargetRule(d, input),
      csatDropRule(d, input),
      qaBelowTargetRule(d, input),
      forbiddenPhraseRule(d, input),
      autoqaBelowTeamRule(d, input),
      ahtAboveTeamRule(d, input),
      ...worseningRules(d, input),
      openDisputeRule(d, input),
      complaintOverdueRule(d, input),
      complaintRateRule(d, input),
    ].filter((r): r is Reason => r !== null);
    if (reasons.length === 0) {
      calm.push(d);
      continue;
    }
    reasons.sort((a, b) => b.weight - a.weight);
    attention.push({ agent: d.agent, severity: reasons.reduce((s, r) => s + r.weight, 0), reasons });
  }
  attention.sort((a, b) => b.severity - a.severity || byName(a, b));

  const recognition: RecognitionEntry[] = [];
  for (const d of calm) {
    const met = meetsAllTargetsRule(d, input);
    if (met) recognition.push({ agent: d.agent, reasons: [met] });
  }
  const improved = input.agents
    .filter((d) => !attention.some((a) => a.agent.id === d.agent.id))
    .map((d) => ({ d, ...improvementScore(d, input) }))
    .filter((x) => x.score >= input.rules.mostImprovedMinScore && Object.keys(x.metrics).length > 0)
    .sort((a, b) => b.score - a.score || byName(a.d, b.d))
    .slice(0, Math.max(0, input.rules.mostImprovedCount));
  for (const x of improved) {
    const reason: Reason = { rule: 'most_improved', metric: null, weight: 0, evidence: { metrics: { score: x.score, improved: x.metrics }, callIds: [], evaluationIds: [] } };
    const existing = recognition.find((r) => r.agent.id === x.d.agent.id);
    if (existing) existing.reasons.push(reason);
    else recognition.push({ agent: x.d.agent, reasons: [reason] });
  }
  recognition.sort(byName);
  return { attention, recognition };
}

/**
 * Whether a coached metric moved between the note and the week under review: better or worse
 * by at least one tolerance (AHT: 10% of its value at the note), else unchanged; unknown without
 * both figures or when the figure now has too small a sample.
 */
export function followUpMovement(key: MetricKey, before: number | null, now: number | null, nowLowSample: boolean): 'improved' | 'worse' | 'unchanged' | 'unknown' {
  const def = REVIEWED_METRICS[key];
  if (!def || before === null || now === null || nowLowSample) return 'unknown';
  const unit = def.relativeUnit ? def.unit * before : def.unit;
  const gain = def.direction === 'higher' ? now - before : before - now;
  if (Math.abs(gain) < unit) return 'unchanged';
  return gain > 0 ? 'improved' : 'worse';
}
