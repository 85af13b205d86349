import type { KpiAnswer, KpiColumns, KpiGroup, KpiRow, MetricKey, MetricValue } from '../../../server/modules/kpi/kpi.types';

/**
 * A columnar KPI answer (`shape=columns`) as the object answer's rows: the same figures, keys in
 * the same order, so pages written against rows take either. A group object is shared by that
 * group's rows in every period, as the server's object form does.
 */
export function columnsToAnswer(c: KpiColumns): KpiAnswer {
  const keys = Object.keys(c.metrics) as MetricKey[];
  const groups = new Map<number | string, KpiGroup>();
  const groupAt = (j: number): KpiGroup => {
    const g = c.group!;
    let out = groups.get(g.id[j]);
    if (!out) {
      out = { type: g.type, id: g.id[j], name: g.name[j] };
      if (g.code) out.code = g.code[j] ?? undefined;
      groups.set(g.id[j], out);
    }
    return out;
  };
  const rows: KpiRow[] = new Array(c.length);
  for (let j = 0; j < c.length; j++) {
    const metrics: Partial<Record<MetricKey, MetricValue>> = {};
    for (const k of keys) {
      const m = c.metrics[k]!;
      const fig: MetricValue = { value: m.value[j], num: m.num[j], den: m.den[j], n: m.n[j], lowSample: m.lowSample[j], target: m.target[j], status: m.status[j] };
      if (m.ciLow) fig.ci = m.ciLow[j] === null ? null : [m.ciLow[j]!, m.ciHigh![j]!];
      if (m.provisional) fig.provisional = m.provisional[j];
      if (m.pending) fig.pending = m.pending[j];
      if (m.flags && m.flags[j]) fig.flags = m.flags[j]!;
      metrics[k] = fig;
    }
    const row: KpiRow = { period: c.period[j], periodStart: c.periodStart[j], metrics };
    if (c.group) row.group = groupAt(j);
    rows[j] = row;
  }
  return { from: c.from, to: c.to, timezone: c.timezone, granularity: c.granularity, groupBy: c.groupBy, rows };
}
