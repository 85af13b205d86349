import type { MetricKey } from '../../lib/metrics';
import type { KpiRow } from './api/kpi-types';

/** Pivots API rows (period x group) into chart points with one series per group. */
export function pivotByGroup(rows: KpiRow[], metric: MetricKey, seriesName: (row: KpiRow) => string): { data: Array<Record<string, string | number | null>>; series: string[] } {
  const periods = new Map<string, Record<string, string | number | null>>();
  const series: string[] = [];
  for (const row of [...rows].sort((a, b) => a.periodStart.localeCompare(b.periodStart))) {
    const name = seriesName(row);
    if (!series.includes(name)) series.push(name);
    const point = periods.get(row.period) ?? { period: row.period };
    point[name] = row.metrics[metric]?.value ?? null;
    periods.set(row.period, point);
  }
  return { data: [...periods.values()], series };
}
