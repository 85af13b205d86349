import type { KpiRow } from '../../../web/src/features/kpi-dashboard/api/kpi-types';
import type { MetricKey, MetricValue } from '../../../web/src/lib/metrics';
import type { KpiColumns } from '../../../server/modules/kpi/kpi.types';

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

/** The columnar form of mock rows (`shape=columns`), for mocks of pages that ask for it. */
export function asColumns(rows: KpiRow[]): KpiColumns {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))] as MetricKey[];
  const metrics: KpiColumns['metrics'] = {};
  for (const k of keys) {
    const figs = rows.map((r) => r.metrics[k]!);
    metrics[k] = {
      value: figs.map((f) => f.value), num: figs.map((f) => f.num), den: figs.map((f) => f.den), n: figs.map((f) => f.n),
      lowSample: figs.map((f) => f.lowSample), target: figs.map((f) => f.target), status: figs.map((f) => f.status),
    };
  }
  const out: KpiColumns = { shape: 'columns', from: '2026-10-01', to: '2026-10-31', timezone: 'Asia/Shanghai', granularity: 'total', groupBy: 'agent', length: rows.length, period: rows.map((r) => r.period), periodStart: rows.map((r) => r.periodStart), metrics };
  if (rows[0]?.group) out.group = { type: rows[0].group.type, id: rows.map((r) => r.group!.id), name: rows.map((r) => r.group!.name), code: rows.map((r) => r.group!.code ?? null) };
  return out;
}
