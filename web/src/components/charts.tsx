import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatMetric, formatPeriod } from '../lib/format';
import type { MetricKey } from '../lib/metrics';
import { valueAxisDomain } from './chart-axis';
import { textWidth } from '../../../server/modules/export/domain/export-format';

export const SERIES_COLORS = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#4b5563', '#db2777'];

/** `{ period, <series name>: value }` */
export type TrendPoint = Record<string, number | string | null>;

/** A line per series (team or metric) over periods; values are the API's, only formatted here. */
export function TrendChart({ metric, data, series, target, height = 260 }: { metric: MetricKey; data: TrendPoint[]; series: string[]; target?: number | null; height?: number }) {
  const { i18n, t } = useTranslation();
  const lng = i18n.language;
  return (
    <figure className="chart" aria-label={t('charts.trendOf', { metric: t(`metrics.${metric}.label`) })}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 640, height }}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="#e5e7eb" strokeDasharray="3 3" />
          <XAxis dataKey="period" tickFormatter={(p: string) => formatPeriod(p, lng)} tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={(v: number) => formatMetric(metric, v, lng)} tick={{ fontSize: 12 }} width={64} domain={valueAxisDomain(metric, data.flatMap((p) => series.map((s) => p[s] as number | null)), target)} allowDataOverflow={false} />
          <Tooltip formatter={(v) => formatMetric(metric, typeof v === 'number' ? v : null, lng)} labelFormatter={(p) => formatPeriod(String(p), lng)} />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {target !== null && target !== undefined && <ReferenceLine y={target} stroke="#9ca3af" strokeDasharray="6 3" label={{ value: t('kpi.target'), fontSize: 11, fill: '#6b7280', position: 'insideTopRight' }} />}
          {series.map((s, i) => (
            <Line key={s} type="monotone" dataKey={s} name={s} stroke={SERIES_COLORS[i % SERIES_COLORS.length]} strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export interface BarDatum {
  name: string;
  value: number | null;
  status?: string | null;
}

const RAG_FILL: Record<string, string> = { green: '#16a34a', amber: '#d97706', red: '#dc2626', none: '#94a3b8', low: '#cbd5e1' };

/**
 * How a comparison's names sit under the bars: names that would run into each other (many bars,
 * or long bilingual team names such as "微信在线 WeChat Online") are slanted, every one still
 * shown, the axis as tall as the widest name needs (widths in columns, a CJK character two).
 */
export function nameAxis(names: readonly string[]): { slanted: boolean; height: number } {
  const widest = Math.max(0, ...names.map(textWidth));
  const slanted = names.length > 6 || widest * names.length > 60;
  return { slanted, height: slanted ? Math.min(120, Math.max(70, 24 + Math.ceil(widest * 3.7))) : 30 };
}

/** Groups side by side on one metric, each bar in its RAG colour. */
export function ComparisonBarChart({ metric, data, target, height = 260, by = 'team' }: { metric: MetricKey; data: BarDatum[]; target?: number | null; height?: number; by?: 'team' | 'agent' }) {
  const { i18n, t } = useTranslation();
  const lng = i18n.language;
  const axis = nameAxis(data.map((d) => d.name));
  return (
    <figure className="chart" aria-label={t(by === 'agent' ? 'charts.agentComparisonOf' : 'charts.comparisonOf', { metric: t(`metrics.${metric}.label`) })}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 640, height }}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid stroke="#e5e7eb" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} angle={axis.slanted ? -35 : 0} textAnchor={axis.slanted ? 'end' : 'middle'} height={axis.height} />
          <YAxis tickFormatter={(v: number) => formatMetric(metric, v, lng)} tick={{ fontSize: 12 }} width={64} domain={valueAxisDomain(metric, data.map((d) => d.value), target)} />
          <Tooltip formatter={(v) => formatMetric(metric, typeof v === 'number' ? v : null, lng)} />
          {target !== null && target !== undefined && <ReferenceLine y={target} stroke="#6b7280" strokeDasharray="6 3" />}
          <Bar dataKey="value" name={t(`metrics.${metric}.label`)} isAnimationActive={false} shape={(props: unknown) => <RagBar {...(props as RagBarProps)} />} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

interface RagBarProps {
  x: number;
  y: number;
  width: number;
  height: number;
  payload: BarDatum;
}

function RagBar({ x, y, width, height, payload }: RagBarProps) {
  return <rect x={x} y={y} width={width} height={Math.max(0, height)} rx={3} fill={RAG_FILL[payload.status ?? 'none'] ?? RAG_FILL.none} />;
}

/** A tiny trend line for table cells. */
export function Sparkline({ values, width = 96, height = 24 }: { values: Array<number | null>; width?: number; height?: number }) {
  const pts = values.map((v, i) => ({ i, v })).filter((p): p is { i: number; v: number } => p.v !== null && Number.isFinite(p.v));
  if (pts.length < 2) return <svg className="sparkline" width={width} height={height} aria-hidden="true" />;
  const min = Math.min(...pts.map((p) => p.v));
  const max = Math.max(...pts.map((p) => p.v));
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const d = pts.map((p, k) => `${k === 0 ? 'M' : 'L'}${(2 + p.i * step).toFixed(1)},${(height - 2 - ((p.v - min) / span) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      <path d={d} fill="none" stroke="#2563eb" strokeWidth={1.5} />
    </svg>
  );
}
