import type { KpiRow } from '../../../web/src/features/kpi-dashboard/api/kpi-keys';
import type { MetricKey, MetricValue } from '../../../web/src/lib/metrics';

/** A metric figure with the fields a test cares about; the rest neutral. */
export function metric(partial: Partial<MetricValue> & { value: number | null }): MetricValue {
  return { num: 0, den: 0, n: 100, lowSample: false, target: null, status: null, ...partial };
}

export function agentRow(id: number, name: string, metrics: Partial<Record<MetricKey, Partial<MetricValue> & { value: number | null }>>, period = 'total'): KpiRow {
  return {
    period,
    periodStart: period === 'total' ? '2026-10-01' : period,
    group: { type: 'agent', id, name, code: `A${id}` },
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, metric(v!)])),
  };
}
