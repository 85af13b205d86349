import type { MetricColumns, MetricKey, MetricValue, Status } from '../kpi.types';
import { kpiDefinitions, type KpiDefinition } from './kpi-definitions';
import { ragStatus, ratio, wilsonBound, wilsonInterval } from './kpi-math';

/** Sums and counts of one row (kpi_call_daily / kpi_eval_daily column names); missing = 0. */
export type FigureSums = Partial<Record<string, number>>;

export interface NumDen {
  num: number;
  den: number;
}

/** How each metric's num and den are built from the sums (docs/kpi.md "Metrics"). */
export function numDen(key: MetricKey, s: FigureSums, fcrMethod: 'flag' | 'repeat'): NumDen {
  switch (key) {
    case 'offered':
      return { num: (s.offered ?? 0), den: (s.offered ?? 0) };
    case 'handled':
      return { num: (s.answered ?? 0), den: (s.answered ?? 0) };
    case 'abandon_rate':
      return { num: (s.abandoned ?? 0), den: (s.offered ?? 0) };
    case 'service_level':
      return { num: (s.in_sl ?? 0), den: (s.offered ?? 0) };
    case 'asa':
      return { num: (s.wait_sum ?? 0), den: (s.wait_known ?? 0) };
    // An unknown talk time is not invented as 0: aht and avg_talk cover answered calls whose talk is known.
    case 'aht':
      return { num: (s.handle_sum ?? 0), den: (s.talk_known ?? 0) };
    case 'avg_talk':
      return { num: (s.talk_sum ?? 0), den: (s.talk_known ?? 0) };
    case 'avg_hold':
      return { num: (s.hold_sum ?? 0), den: (s.answered ?? 0) };
    case 'avg_acw':
      return { num: (s.acw_sum ?? 0), den: (s.answered ?? 0) };
    case 'fcr':
      return numDen(fcrMethod === 'repeat' ? 'fcr_repeat' : 'fcr_flag', s, fcrMethod);
    case 'fcr_flag':
      return { num: (s.resolved_true ?? 0), den: (s.resolved_known ?? 0) };
    case 'fcr_repeat':
      return { num: (s.repeat_free ?? 0), den: (s.repeat_eligible ?? 0) };
    case 'escalation_rate':
      return { num: (s.escalated ?? 0), den: (s.escalated_known ?? 0) };
    case 'transfer_rate':
      return { num: (s.transferred ?? 0), den: (s.transferred_known ?? 0) };
    case 'csat_avg':
      return { num: (s.csat_sum ?? 0), den: (s.csat_count ?? 0) };
    case 'csat_pct':
      return { num: (s.csat_top2 ?? 0), den: (s.csat_count ?? 0) };
    case 'nps':
      return { num: 100 * ((s.nps_promoters ?? 0) - (s.nps_detractors ?? 0)), den: (s.nps_count ?? 0) };
    case 'qa_score':
      return { num: (s.score_sum ?? 0), den: (s.evaluations ?? 0) };
    case 'qa_autofail_rate':
      return { num: (s.auto_fails ?? 0), den: (s.evaluations ?? 0) };
    case 'autoqa_score':
      return { num: (s.autoqa_score_sum ?? 0), den: (s.autoqa_scored ?? 0) };
    case 'autoqa_coverage':
      return { num: (s.autoqa_covered ?? 0), den: (s.answered ?? 0) };
    case 'forbidden_phrase_rate':
      return { num: (s.forbidden_failed ?? 0), den: (s.forbidden_known ?? 0) };
    // Complaint sums (complaint.queries.ts) merged with the group's call sums for the rate's den.
    case 'complaint_rate':
      return { num: (s.complaints_opened ?? 0), den: (s.answered ?? 0) };
    case 'complaint_response_sla':
      return { num: (s.response_met ?? 0), den: (s.response_met ?? 0) + (s.response_late ?? 0) + (s.response_overdue ?? 0) };
    case 'complaint_resolution_sla':
      return { num: (s.resolution_met ?? 0), den: (s.resolution_met ?? 0) + (s.resolution_late ?? 0) + (s.resolution_overdue ?? 0) };
  }
}

/**
 * The sums numDen reads for these metrics (read off numDen itself, so the rule stays in one
 * place): an answer sums only those columns of the rollups.
 */
export function sumsRead(keys: readonly MetricKey[], fcrMethod: 'flag' | 'repeat'): Set<string> {
  const read = new Set<string>();
  const probe = new Proxy({} as FigureSums, {
    get: (_target, column) => {
      read.add(String(column));
      return 0;
    },
  });
  for (const key of keys) numDen(key, probe, fcrMethod);
  return read;
}

/** Complaint SLAs: open cases whose clock has not run out yet, counted in neither num nor den. */
export function pendingComplaints(key: MetricKey, s: FigureSums): number | undefined {
  if (key === 'complaint_response_sla') return (s.response_open ?? 0) - (s.response_overdue ?? 0);
  if (key === 'complaint_resolution_sla') return (s.resolution_open ?? 0) - (s.resolution_overdue ?? 0);
  return undefined;
}

export interface FigureContext {
  minSample: Record<'calls' | 'surveys' | 'nps' | 'qa', number> & { complaints?: number };
  /** The target that applies (team override, org setting or registry default); null for none. */
  target: { target: number; tolerance: number } | null;
  /** false on agent rows for queue-driven metrics: shown, never judged. */
  judged: boolean;
  /** fcr_repeat (and fcr by repeat): eligible calls whose window is still open. */
  provisional?: number;
  /** Complaint SLAs: cases still inside their deadline. */
  pending?: number;
}

/** A metric's value from its num and den (also for num/den pooled over periods): count = num; else scale × num / den, null for den 0. */
export function figureValue(key: MetricKey, num: number, den: number): number | null {
  const def = kpiDefinitions[key];
  if (def.kind === 'count') return num;
  const r = ratio(num, den);
  return r !== null && def.scale !== undefined ? r * def.scale : r;
}

/** Too few contacts (surveys, evaluations) behind the figure to judge it. */
export function figureLowSample(def: KpiDefinition, den: number, ctx: FigureContext): boolean {
  return def.kind === 'count' ? false : den < (ctx.minSample[def.sampleKey] ?? 0);
}

/** The absolute target the figure is judged by, or null (relative metrics, unjudged rows, no target). */
export function figureTarget(def: KpiDefinition, ctx: FigureContext): number | null {
  return def.targetMode === 'absolute' && ctx.judged && ctx.target !== null ? ctx.target.target : null;
}

/** Green, amber or red against the absolute target; null when there is none or the sample is low. */
export function figureStatus(def: KpiDefinition, value: number | null, lowSample: boolean, ctx: FigureContext): Status | null {
  return def.targetMode === 'absolute' && ctx.judged && ctx.target !== null ? ragStatus(value, ctx.target.target, def.direction, ctx.target.tolerance, lowSample) : null;
}

/**
 * One metric of one row: value, num, den, n, lowSample, target, status (+ ci, provisional).
 * Each shape is built as one literal: an answer can hold a quarter of a million of these.
 */
export function buildFigure(key: MetricKey, nd: NumDen, ctx: FigureContext): MetricValue {
  const def = kpiDefinitions[key];
  const { num, den } = nd;
  const value = figureValue(key, num, den);
  const lowSample = figureLowSample(def, den, ctx);
  const target = figureTarget(def, ctx);
  const status = figureStatus(def, value, lowSample, ctx);
  const provisional = ctx.provisional;
  if (ctx.pending !== undefined) {
    const ci = def.kind === 'proportion' ? wilsonInterval(num, den) : undefined;
    return ci === undefined ? { value, num, den, n: den, lowSample, target, status, pending: ctx.pending } : { value, num, den, n: den, lowSample, target, status, ci, pending: ctx.pending };
  }
  if (def.kind === 'proportion') {
    const ci = wilsonInterval(num, den);
    return provisional === undefined
      ? { value, num, den, n: den, lowSample, target, status, ci }
      : { value, num, den, n: den, lowSample, target, status, ci, provisional };
  }
  return provisional === undefined ? { value, num, den, n: den, lowSample, target, status } : { value, num, den, n: den, lowSample, target, status, provisional };
}

export function newMetricColumns(key: MetricKey, rows: number, options: { provisional: boolean; flags: boolean; pending?: boolean }): MetricColumns {
  const cols: MetricColumns = { value: new Array(rows), num: new Array(rows), den: new Array(rows), n: new Array(rows), lowSample: new Array(rows), target: new Array(rows), status: new Array(rows) };
  if (kpiDefinitions[key].kind === 'proportion') {
    cols.ciLow = new Array(rows);
    cols.ciHigh = new Array(rows);
  }
  if (options.provisional) cols.provisional = new Array(rows);
  if (options.pending) cols.pending = new Array(rows);
  if (options.flags) cols.flags = new Array(rows).fill(null);
  return cols;
}

/** buildFigure's figure written into row j of the columns, by the same rules and without an object per figure. */
export function writeFigure(cols: MetricColumns, j: number, key: MetricKey, num: number, den: number, ctx: FigureContext): void {
  const def = kpiDefinitions[key];
  const value = figureValue(key, num, den);
  const lowSample = figureLowSample(def, den, ctx);
  cols.value[j] = value;
  cols.num[j] = num;
  cols.den[j] = den;
  cols.n[j] = den;
  cols.lowSample[j] = lowSample;
  cols.target[j] = figureTarget(def, ctx);
  cols.status[j] = figureStatus(def, value, lowSample, ctx);
  if (cols.ciLow) {
    cols.ciLow[j] = den > 0 ? wilsonBound(num, den, -1) : null;
    cols.ciHigh![j] = den > 0 ? wilsonBound(num, den, 1) : null;
  }
  if (cols.provisional) cols.provisional[j] = ctx.provisional ?? 0;
  if (cols.pending) cols.pending[j] = ctx.pending ?? 0;
}
