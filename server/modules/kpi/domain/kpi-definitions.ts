import type { GroupBy, MetricKey } from '../kpi.types';
import { metricKeys } from '../kpi.types';

/**
 * The one place each KPI is defined (docs/kpi.md "Metrics" and "Targets and status"). The API, the Excel
 * Definitions sheet, the weekly review and the dashboard all read this registry.
 */

/** per_thousand: value = 1,000 × num / den (complaint_rate). */
export type MetricUnit = 'count' | 'ratio' | 'seconds' | 'score' | 'points' | 'per_thousand';
/** count: value = num; proportion: num/den in 0..1 with a Wilson interval; average: num/den. */
export type MetricKind = 'count' | 'proportion' | 'average';
export type MetricDirection = 'higher' | 'lower';
/** Which `settings.minSample` threshold flags a figure as low-sample. */
export type SampleKey = 'calls' | 'surveys' | 'nps' | 'qa' | 'complaints';
/** absolute: against a target with tolerance; team_relative: AHT against the team's AHT; none: no status. */
export type TargetMode = 'absolute' | 'team_relative' | 'none';

export interface Bilingual {
  en: string;
  zh: string;
}

export interface KpiDefinition {
  key: MetricKey;
  label: Bilingual;
  /** Short label for narrow columns and tiles. */
  short: Bilingual;
  unit: MetricUnit;
  kind: MetricKind;
  direction: MetricDirection | null;
  numerator: Bilingual;
  denominator: Bilingual;
  targetMode: TargetMode;
  /** Org default target (fraction for ratios); null when the metric has none. */
  defaultTarget: number | null;
  /** Amber band: how far the target may be missed (absolute, in the metric's unit). */
  defaultTolerance: number | null;
  sampleKey: SampleKey;
  /** offered, abandon_rate, service_level: shown on agent rows without a target status and ignored by rankings. */
  queueDriven: boolean;
  /** Groupings whose rows carry the metric (QA metrics have no queue). */
  appliesTo: readonly GroupBy[];
  /** Source of the figures: call records, survey responses, submitted QA evaluations, or complaint cases. */
  source: 'calls' | 'surveys' | 'evaluations' | 'complaints';
  /** value = scale × num / den; num and den stay plain counts so they re-aggregate (default 1). */
  scale?: number;
}

const ALL_GROUPINGS: readonly GroupBy[] = ['org', 'site', 'team', 'agent', 'queue'];
const NO_QUEUE: readonly GroupBy[] = ['org', 'site', 'team', 'agent'];
/** Two percentage points, for proportions. */
const PCT_TOLERANCE = 0.02;

type Entry = Omit<KpiDefinition, 'key'>;

const callCount = (label: Bilingual, short: Bilingual, numerator: Bilingual, queueDriven: boolean): Entry => ({
  label,
  short,
  unit: 'count',
  kind: 'count',
  direction: null,
  numerator,
  denominator: { en: '— (a count: value = num; den = num)', zh: '—（计数：值 = 分子；分母 = 分子）' },
  targetMode: 'none',
  defaultTarget: null,
  defaultTolerance: null,
  sampleKey: 'calls',
  queueDriven,
  appliesTo: ALL_GROUPINGS,
  source: 'calls',
});

const ANSWERED: Bilingual = { en: 'Answered inbound calls', zh: '已接通的呼入电话数' };

const TALK_KNOWN: Bilingual = { en: 'Answered inbound calls with a known talk time', zh: '通话时长已知的已接通呼入电话数' };

const secondsAverage = (label: Bilingual, short: Bilingual, numerator: Bilingual, target: number | null, tolerance: number | null, mode: TargetMode, denominator: Bilingual = ANSWERED): Entry => ({
  label,
  short,
  unit: 'seconds',
  kind: 'average',
  direction: 'lower',
  numerator,
  denominator,
  targetMode: mode,
  defaultTarget: target,
  defaultTolerance: tolerance,
  sampleKey: 'calls',
  queueDriven: false,
  appliesTo: ALL_GROUPINGS,
  source: 'calls',
});

const answeredProportion = (label: Bilingual, short: Bilingual, numerator: Bilingual, direction: MetricDirection, target: number | null, denominator: Bilingual = ANSWERED): Entry => ({
  label,
  short,
  unit: 'ratio',
  kind: 'proportion',
  direction,
  numerator,
  denominator,
  targetMode: target === null ? 'none' : 'absolute',
  defaultTarget: target,
  defaultTolerance: target === null ? null : PCT_TOLERANCE,
  sampleKey: 'calls',
  queueDriven: false,
  appliesTo: ALL_GROUPINGS,
  source: 'calls',
});

const complaintSla = (label: Bilingual, short: Bilingual, numerator: Bilingual, denominator: Bilingual): Entry => ({
  label,
  short,
  unit: 'ratio',
  kind: 'proportion',
  direction: 'higher',
  numerator,
  denominator,
  targetMode: 'absolute',
  defaultTarget: null,
  defaultTolerance: null,
  sampleKey: 'complaints',
  queueDriven: false,
  appliesTo: NO_QUEUE,
  source: 'complaints',
});

const entries: Record<MetricKey, Entry> = {
  offered: callCount(
    { en: 'Calls offered', zh: '呼入量' },
    { en: 'Offered', zh: '呼入量' },
    { en: 'Inbound calls (abandons shorter than the short-abandon setting excluded)', zh: '呼入电话数（短于短时放弃设置的放弃电话不计）' },
    true,
  ),
  handled: callCount(
    { en: 'Calls handled', zh: '接通量' },
    { en: 'Handled', zh: '接通量' },
    ANSWERED,
    false,
  ),
  abandon_rate: {
    ...answeredProportion(
      { en: 'Abandon rate', zh: '放弃率' },
      { en: 'Abandon', zh: '放弃率' },
      { en: 'Inbound calls not answered (short abandons excluded)', zh: '未接通的呼入电话数（短时放弃不计）' },
      'lower',
      0.05,
      { en: 'Inbound calls (short abandons excluded)', zh: '呼入电话数（短时放弃不计）' },
    ),
    queueDriven: true,
  },
  service_level: {
    ...answeredProportion(
      { en: 'Service level', zh: '服务水平' },
      { en: 'SL', zh: '服务水平' },
      { en: 'Inbound calls answered within the service-level seconds (default 30 s, per channel)', zh: '在服务水平秒数内接通的呼入电话数（默认 30 秒，可按渠道设置）' },
      'higher',
      0.8,
      { en: 'Inbound calls (short abandons excluded)', zh: '呼入电话数（短时放弃不计）' },
    ),
    queueDriven: true,
  },
  asa: secondsAverage(
    { en: 'Average speed of answer', zh: '平均应答速度 ASA' },
    { en: 'ASA', zh: 'ASA' },
    { en: 'Sum of queue wait seconds of answered calls', zh: '已接通电话的排队等待秒数之和' },
    30,
    5,
    'absolute',
  ),
  aht: secondsAverage(
    { en: 'Average handle time', zh: '平均处理时长 AHT' },
    { en: 'AHT', zh: 'AHT' },
    { en: 'Sum of talk + hold + wrap-up seconds of answered calls with a known talk time (missing hold/wrap-up count as 0)', zh: '通话时长已知的已接通电话的通话 + 保持 + 话后处理秒数之和（缺失的保持/话后处理按 0 计）' },
    null,
    null,
    'team_relative',
    TALK_KNOWN,
  ),
  avg_talk: secondsAverage(
    { en: 'Average talk time', zh: '平均通话时长' },
    { en: 'Talk', zh: '通话' },
    { en: 'Sum of talk seconds of answered calls with a known talk time', zh: '通话时长已知的已接通电话的通话秒数之和' },
    null,
    null,
    'none',
    TALK_KNOWN,
  ),
  avg_hold: secondsAverage(
    { en: 'Average hold time', zh: '平均保持时长' },
    { en: 'Hold', zh: '保持' },
    { en: 'Sum of hold seconds of answered calls (missing counts as 0)', zh: '已接通电话的保持秒数之和（缺失按 0 计）' },
    null,
    null,
    'none',
  ),
  avg_acw: secondsAverage(
    { en: 'Average after-call work', zh: '平均话后处理时长' },
    { en: 'ACW', zh: '话后处理' },
    { en: 'Sum of after-call-work seconds of answered calls (missing counts as 0)', zh: '已接通电话的话后处理秒数之和（缺失按 0 计）' },
    null,
    null,
    'none',
  ),
  fcr: answeredProportion(
    { en: 'First contact resolution', zh: '一次解决率 FCR' },
    { en: 'FCR', zh: '一次解决率' },
    { en: "As fcr_flag or fcr_repeat, by the org's configured FCR method", zh: '按组织设置的一次解决率口径，同 fcr_flag 或 fcr_repeat' },
    'higher',
    0.85,
    { en: "As fcr_flag or fcr_repeat, by the org's configured FCR method", zh: '按组织设置的一次解决率口径，同 fcr_flag 或 fcr_repeat' },
  ),
  fcr_flag: answeredProportion(
    { en: 'FCR (agent disposition)', zh: '一次解决率（坐席标记）' },
    { en: 'FCR flag', zh: '一次解决率（标记）' },
    { en: 'Answered calls marked resolved', zh: '标记为已解决的已接通电话数' },
    'higher',
    0.85,
    { en: 'Answered calls with a resolved value', zh: '有解决标记的已接通电话数' },
  ),
  fcr_repeat: answeredProportion(
    { en: 'FCR (no repeat contact)', zh: '一次解决率（无重复来电）' },
    { en: 'FCR repeat', zh: '一次解决率（重复来电）' },
    {
      en: 'Answered calls with a customer id and no other inbound call of that customer within the FCR window after it',
      zh: '有客户标识、且之后 FCR 窗口内该客户没有其他呼入电话的已接通电话数',
    },
    'higher',
    0.85,
    { en: 'Answered calls with a customer id', zh: '有客户标识的已接通电话数' },
  ),
  escalation_rate: answeredProportion(
    { en: 'Escalation rate', zh: '升级率' },
    { en: 'Escalation', zh: '升级率' },
    { en: 'Answered calls escalated', zh: '已升级的已接通电话数' },
    'lower',
    0.1,
  ),
  transfer_rate: answeredProportion(
    { en: 'Transfer rate', zh: '转接率' },
    { en: 'Transfer', zh: '转接率' },
    { en: 'Answered calls transferred', zh: '已转接的已接通电话数' },
    'lower',
    null,
  ),
  csat_avg: {
    label: { en: 'Customer satisfaction (average)', zh: '客户满意度（平均分）' },
    short: { en: 'CSAT', zh: '满意度' },
    unit: 'score',
    kind: 'average',
    direction: 'higher',
    numerator: { en: 'Sum of CSAT scores (1–5) of survey responses', zh: '调查回复的满意度评分（1–5）之和' },
    denominator: { en: 'Survey responses with a CSAT score', zh: '有满意度评分的调查回复数' },
    targetMode: 'absolute',
    defaultTarget: 4.8,
    defaultTolerance: 0.1,
    sampleKey: 'surveys',
    queueDriven: false,
    appliesTo: ALL_GROUPINGS,
    source: 'surveys',
  },
  csat_pct: {
    label: { en: 'Customer satisfaction (top-2-box)', zh: '客户满意率（4–5 分占比）' },
    short: { en: 'CSAT %', zh: '满意率' },
    unit: 'ratio',
    kind: 'proportion',
    direction: 'higher',
    numerator: { en: 'Survey responses with CSAT 4 or 5', zh: '满意度评分为 4 或 5 的调查回复数' },
    denominator: { en: 'Survey responses with a CSAT score', zh: '有满意度评分的调查回复数' },
    targetMode: 'absolute',
    defaultTarget: 0.85,
    defaultTolerance: PCT_TOLERANCE,
    sampleKey: 'surveys',
    queueDriven: false,
    appliesTo: ALL_GROUPINGS,
    source: 'surveys',
  },
  nps: {
    label: { en: 'Net Promoter Score', zh: '净推荐值 NPS' },
    short: { en: 'NPS', zh: 'NPS' },
    unit: 'points',
    kind: 'average',
    direction: 'higher',
    numerator: { en: '100 × (promoters 9–10 − detractors 0–6); may be negative', zh: '100 ×（推荐者 9–10 分 − 贬损者 0–6 分）；可为负数' },
    denominator: { en: 'Survey responses with an NPS score', zh: '有 NPS 评分的调查回复数' },
    targetMode: 'absolute',
    defaultTarget: 30,
    defaultTolerance: 5,
    sampleKey: 'nps',
    queueDriven: false,
    appliesTo: ALL_GROUPINGS,
    source: 'surveys',
  },
  qa_score: {
    label: { en: 'QA score', zh: '质检得分' },
    short: { en: 'QA', zh: '质检' },
    unit: 'score',
    kind: 'average',
    direction: 'higher',
    numerator: { en: 'Sum of submitted evaluation scores (auto-fail counts as 0)', zh: '已提交质检评分之和（致命错误按 0 分计）' },
    denominator: { en: 'Submitted evaluations', zh: '已提交的质检数' },
    targetMode: 'absolute',
    defaultTarget: 90,
    defaultTolerance: 3,
    sampleKey: 'qa',
    queueDriven: false,
    appliesTo: NO_QUEUE,
    source: 'evaluations',
  },
  qa_autofail_rate: {
    label: { en: 'QA auto-fail rate', zh: '质检致命错误率' },
    short: { en: 'Auto-fail', zh: '致命错误率' },
    unit: 'ratio',
    kind: 'proportion',
    direction: 'lower',
    numerator: { en: 'Submitted evaluations failed on a critical item', zh: '因关键项不合格而判为致命错误的已提交质检数' },
    denominator: { en: 'Submitted evaluations', zh: '已提交的质检数' },
    targetMode: 'none',
    defaultTarget: null,
    defaultTolerance: null,
    sampleKey: 'qa',
    queueDriven: false,
    appliesTo: NO_QUEUE,
    source: 'evaluations',
  },
  // AutoQA (docs/kpi.md "AutoQA figures"): from the results of the current rule-set version, overrules applied; attributed like the call.
  autoqa_score: {
    label: { en: 'AutoQA score', zh: '自动质检得分' },
    short: { en: 'AutoQA', zh: '自动质检' },
    unit: 'score',
    kind: 'average',
    direction: 'higher',
    numerator: { en: 'Sum of AutoQA scores of contacts scored by the current rule set (auto-fail counts as 0)', zh: '按当前规则集评分的联络的自动质检得分之和（致命错误按 0 分计）' },
    denominator: { en: 'Contacts with an AutoQA score', zh: '有自动质检得分的联络数' },
    targetMode: 'absolute',
    defaultTarget: null,
    defaultTolerance: 3,
    sampleKey: 'calls',
    queueDriven: false,
    appliesTo: ALL_GROUPINGS,
    source: 'calls',
  },
  autoqa_coverage: {
    ...answeredProportion(
      { en: 'AutoQA coverage', zh: '自动质检覆盖率' },
      { en: 'AutoQA cov.', zh: '自动质检覆盖' },
      { en: 'Answered inbound calls with a transcript scored by the current rule set', zh: '有转写文本且已按当前规则集评分的已接通呼入电话数' },
      'higher',
      null,
    ),
  },
  forbidden_phrase_rate: {
    ...answeredProportion(
      { en: 'Forbidden phrase rate', zh: '禁用语使用率' },
      { en: 'Forbidden', zh: '禁用语' },
      { en: 'Scored contacts where the forbidden_phrases rule failed', zh: '禁用语规则判为不合格的已评分联络数' },
      'lower',
      0,
      { en: 'Scored contacts where the forbidden_phrases rule applies (not N/A)', zh: '禁用语规则适用（非 N/A）的已评分联络数' },
    ),
    defaultTolerance: 0.01,
  },
  complaint_rate: {
    label: { en: 'Complaint rate (per 1,000 handled)', zh: '投诉率（每千通接通）' },
    short: { en: 'Complaints ‰', zh: '投诉率 ‰' },
    unit: 'per_thousand',
    kind: 'average',
    direction: 'lower',
    numerator: { en: 'Complaints opened, charged to the group (agent; team at opened_at), by local date of opened_at', zh: '按受理时间本地日期计、归属本组（坐席；受理时所在班组）的投诉数' },
    denominator: ANSWERED,
    targetMode: 'absolute',
    defaultTarget: null,
    defaultTolerance: null,
    sampleKey: 'calls',
    queueDriven: false,
    appliesTo: NO_QUEUE,
    source: 'complaints',
    scale: 1000,
  },
  complaint_response_sla: complaintSla(
    { en: 'Complaint response within deadline', zh: '投诉及时响应率' },
    { en: 'Compl. response', zh: '投诉响应' },
    { en: "Complaints answered within their grade's response deadline (a resolution without a recorded response counts as the response)", zh: '在等级响应时限内响应的投诉数（无响应记录而已办结的，以办结时间为响应时间）' },
    { en: 'Complaints whose response is due by now: answered, or unanswered past the deadline (unanswered inside it: pending, in neither)', zh: '截至当前应已响应的投诉数：已响应的，或超时未响应的（时限内未响应的为待定，不计入）' },
  ),
  complaint_resolution_sla: complaintSla(
    { en: 'Complaint resolution within deadline', zh: '投诉及时办结率' },
    { en: 'Compl. resolution', zh: '投诉办结' },
    { en: "Complaints resolved within their grade's resolution deadline", zh: '在等级办结时限内办结的投诉数' },
    { en: 'Complaints whose resolution is due by now: resolved, or unresolved past the deadline (unresolved inside it: pending, in neither)', zh: '截至当前应已办结的投诉数：已办结的，或超时未办结的（时限内未办结的为待定，不计入）' },
  ),
};

/** Relative AHT rule (docs/kpi.md "Targets and status"): ratios of the agent's AHT to the team's AHT. */
export const AHT_RELATIVE = { green: 1.1, amber: 1.2, unusuallyShort: 0.5 } as const;

export const kpiDefinitions: Readonly<Record<MetricKey, KpiDefinition>> = Object.fromEntries(
  metricKeys.map((key) => [key, { key, ...entries[key] }]),
) as Record<MetricKey, KpiDefinition>;

/** In display order (the order of `metricKeys`). */
export const kpiDefinitionList: readonly KpiDefinition[] = metricKeys.map((key) => kpiDefinitions[key]);

export function kpiDefinition(key: MetricKey): KpiDefinition {
  return kpiDefinitions[key];
}

export function isMetricKey(key: string): key is MetricKey {
  return Object.prototype.hasOwnProperty.call(kpiDefinitions, key);
}

/** The metrics a row of this grouping carries. */
export function metricsFor(groupBy: GroupBy, keys: readonly MetricKey[] = metricKeys): MetricKey[] {
  return keys.filter((k) => kpiDefinitions[k].appliesTo.includes(groupBy));
}
