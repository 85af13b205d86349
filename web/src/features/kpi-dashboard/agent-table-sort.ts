import { kpiDefinitions, type MetricKey } from '../../lib/metrics';
import type { KpiRow } from './api/kpi-types';

export type SortKey = MetricKey | 'name';

/**
 * Orders agent rows by one column. Best first by default (the metric's direction decides);
 * rows whose figure is low-sample or missing always go last, whatever the direction, so no
 * agent is ranked on three surveys.
 */
export function sortAgentRows(rows: KpiRow[], key: SortKey, descending: boolean): KpiRow[] {
  const name = (r: KpiRow) => r.group?.name ?? '';
  if (key === 'name') return [...rows].sort((a, b) => (descending ? -1 : 1) * name(a).localeCompare(name(b)));
  const ranked = (r: KpiRow) => {
    const m = r.metrics[key];
    return m !== undefined && m.value !== null && !m.lowSample;
  };
  return [...rows].sort((a, b) => {
    const ra = ranked(a);
    const rb = ranked(b);
    if (ra !== rb) return ra ? -1 : 1;
    const va = a.metrics[key]?.value ?? null;
    const vb = b.metrics[key]?.value ?? null;
    if (va === null || vb === null) return va === vb ? name(a).localeCompare(name(b)) : va === null ? 1 : -1;
    if (va === vb) return name(a).localeCompare(name(b));
    return descending ? vb - va : va - vb;
  });
}

/** The first click on a metric sorts best first. */
export function bestFirstDescending(key: SortKey): boolean {
  return key !== 'name' && kpiDefinitions[key].direction !== 'lower';
}

/** A row is greyed when its main figures are low-sample. */
export function isLowSampleRow(row: KpiRow, keys: MetricKey[]): boolean {
  const present = keys.map((k) => row.metrics[k]).filter((m) => m !== undefined);
  return present.length > 0 && present.every((m) => m!.lowSample || m!.value === null);
}
