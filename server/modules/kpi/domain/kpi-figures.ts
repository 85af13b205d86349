import type { MetricKey, MetricValue } from '../kpi.types';
import { kpiDefinitions } from './kpi-definitions';
import { ragStatus, ratio, wilsonInterval } from './kpi-math';

/** Sums and counts of one row (kpi_call_daily / kpi_eval_daily column names); missing = 0. */
export type FigureSums = Partial<Record<string, number>>;

export interface NumDen {
  num: number;
  den: number;
}

/** How each metric's num and den are built from the sums (kpi-spec section 3). */
export function numDen(key: MetricKey, s: FigureSums, fcrMethod: 'flag' | 'repeat'): NumDen {
  const v = (c: string) => s[c] ?? 0;
  switch (key) {
    case 'offered':
      return { num: v('offered'), den: v('offered') };
    case 'handled':
      return { num: v('answered'), den: v('answered') };
    case 'abandon_rate':
      return { num: v('abandoned'), den: v('offered') };
    case 'service_level':
      return { num: v('in_sl'), den: v('offered') };
    case 'asa':
      return { num: v('wait_sum'), den: v('wait_known') };
    // An unknown talk time is not invented as 0: aht and avg_talk cover answered calls whose talk is known.
    case 'aht':
      return { num: v('handle_sum'), den: v('talk_known') };
    case 'avg_talk':
      return { num: v('talk_sum'), den: v('talk_known') };
    case 'avg_hold':
      return { num: v('hold_sum'), den: v('answered') };
    case 'avg_acw':
      return { num: v('acw_sum'), den: v('answered') };
    case 'fcr':
      return numDen(fcrMethod === 'repeat' ? 'fcr_repeat' : 'fcr_flag', s, fcrMethod);
    case 'fcr_flag':
      return { num: v('resolved_true'), den: v('resolved_known') };
    case 'fcr_repeat':
      return { num: v('repeat_free'), den: v('repeat_eligible') };
    case 'escalation_rate':
      return { num: v('escalated'), den: v('answered') };
    case 'transfer_rate':
      return { num: v('transferred'), den: v('answered') };
    case 'csat_avg':
      return { num: v('csat_sum'), den: v('csat_count') };
    case 'csat_pct':
      return { num: v('csat_top2'), den: v('csat_count') };
    case 'nps':
      return { num: 100 * (v('nps_promoters') - v('nps_detractors')), den: v('nps_count') };
    case 'qa_score':
      return { num: v('score_sum'), den: v('evaluations') };
    case 'qa_autofail_rate':
      return { num: v('auto_fails'), den: v('evaluations') };
  }
}

export interface FigureContext {
  minSample: Record<'calls' | 'surveys' | 'nps' | 'qa', number>;
  /** The target that applies (team override, org setting or registry default); null for none. */
  target: { target: number; tolerance: number } | null;
  /** false on agent rows for queue-driven metrics: shown, never judged. */
  judged: boolean;
  /** fcr_repeat (and fcr by repeat): eligible calls whose window is still open. */
  provisional?: number;
}

/** One metric of one row: value, num, den, n, ci, lowSample, target, status. */
export function buildFigure(key: MetricKey, nd: NumDen, ctx: FigureContext): MetricValue {
  const def = kpiDefinitions[key];
  const value = def.kind === 'count' ? nd.num : ratio(nd.num, nd.den);
  const lowSample = def.kind === 'count' ? false : nd.den < ctx.minSample[def.sampleKey];
  const absolute = def.targetMode === 'absolute' && ctx.judged && ctx.target !== null;
  const out: MetricValue = {
    value,
    num: nd.num,
    den: nd.den,
    n: nd.den,
    lowSample,
    target: absolute ? ctx.target!.target : null,
    status: absolute ? ragStatus(value, ctx.target!.target, def.direction, ctx.target!.tolerance, lowSample) : null,
  };
  if (def.kind === 'proportion') out.ci = wilsonInterval(nd.num, nd.den);
  if (ctx.provisional !== undefined) out.provisional = ctx.provisional;
  return out;
}
