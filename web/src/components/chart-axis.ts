import { kpiDefinitions, type MetricKey } from '../lib/metrics';

/**
 * The value axis of a chart, chosen so that small moves do not look dramatic: quantities and
 * rates start at 0 (a rate never runs past 100 %), CSAT shows its whole 1–5 scale, scores and
 * NPS their own range with 0 in view. The top leaves a tenth of headroom above the data and
 * the target line. Pure, so the rule is tested once.
 */
export function valueAxisDomain(metric: MetricKey, values: Array<number | null | undefined>, target?: number | null): [number, number] {
  const xs = [...values, target].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const max = xs.length ? Math.max(...xs) : 0;
  const min = xs.length ? Math.min(...xs) : 0;
  if (metric === 'csat_avg') return [1, 5];
  if (metric === 'qa_score') return [0, 100];
  switch (kpiDefinitions[metric].unit) {
    case 'ratio':
      return [0, Math.min(1, niceCeil(max * 1.1, 0.05)) || 1];
    case 'points':
      // NPS runs −100..100: keep 0 in view and do not stretch a few points.
      return [Math.min(0, niceFloor(min * 1.1, 10)), Math.max(10, niceCeil(max * 1.1, 10))];
    default:
      return [0, niceCeil(max * 1.1, max > 600 ? 60 : max > 60 ? 30 : 5) || 1];
  }
}

const niceCeil = (v: number, step: number) => Math.ceil(v / step - 1e-9) * step;
const niceFloor = (v: number, step: number) => Math.floor(v / step + 1e-9) * step;
