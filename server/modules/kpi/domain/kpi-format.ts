/**
 * How every number is printed, in English and Simplified Chinese: percentages, durations, counts,
 * scores, changes between periods and "no data". The one formatter of the product: the server's
 * texts (weekly review reasons, workbook notes) and the dashboard (through web/src/lib/format.ts)
 * both call it. Pure; rounding is for display only (docs/kpi.md "Metrics").
 */
import type { MetricKey } from '../kpi.types';
import { kpiDefinitions } from './kpi-definitions';

/** A locale tag (en, zh-CN, zh…): any zh* gets the Chinese words. */
export type FormatLocale = string;

const isZh = (locale: FormatLocale) => locale.toLowerCase().startsWith('zh');
const numberLocale = (locale: FormatLocale) => (isZh(locale) ? 'zh-CN' : 'en-US');

/** How a metric's value is shown: a count, a percentage, a clock (m:ss), seconds, or a number with fixed decimals. */
export type DisplayUnit = 'count' | 'percent' | 'clock' | 'seconds' | 'decimal' | 'per_mille';

export interface MetricDisplay {
  unit: DisplayUnit;
  /** Decimals shown (for percent: of the percentage). */
  digits: number;
}

/** Derived from the registry's unit, so a metric added there is shown sensibly without an entry here. */
export function metricDisplay(key: MetricKey): MetricDisplay {
  const def = kpiDefinitions[key];
  switch (def.unit) {
    case 'count':
      return { unit: 'count', digits: 0 };
    case 'ratio':
      return { unit: 'percent', digits: 1 };
    // ASA is read in seconds against a target in seconds; handle times are read as a clock.
    case 'seconds':
      return key === 'asa' ? { unit: 'seconds', digits: 0 } : { unit: 'clock', digits: 0 };
    case 'score':
      return { unit: 'decimal', digits: key === 'csat_avg' ? 2 : 1 };
    case 'points':
      return { unit: 'decimal', digits: 1 };
    case 'per_thousand':
      return { unit: 'per_mille', digits: 2 };
  }
}

export function noDataText(locale: FormatLocale): string {
  return isZh(locale) ? '无数据' : 'no data';
}

/** A plain number with a fixed number of decimals and the language's digit grouping. */
export function formatNumber(value: number, locale: FormatLocale, digits = 0): string {
  const rounded = roundTo(value, digits);
  return new Intl.NumberFormat(numberLocale(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(rounded === 0 ? 0 : rounded);
}

export function formatCount(value: number, locale: FormatLocale): string {
  return formatNumber(value, locale, 0);
}

/** A fraction 0..1 as a percentage: 0.85 → "85.0%"; 1.1 → "110.0%" (never 110.00000000000001%). */
export function formatPercent(fraction: number, locale: FormatLocale, digits = 1): string {
  return `${formatNumber(fraction * 100, locale, digits)}%`;
}

/**
 * Seconds as a supervisor reads them. An hour or more: hours and minutes ("3 h 31 min",
 * "3 小时 31 分钟"; docs/kpi.md "Targets and status"). Under an hour: a clock "7:12", or seconds "45 s" / "45 秒".
 */
export function formatDuration(seconds: number, locale: FormatLocale, style: 'clock' | 'seconds' = 'clock'): string {
  const zh = isZh(locale);
  const sign = seconds < 0 ? '−' : '';
  const total = Math.round(Math.abs(seconds));
  if (total >= 3600) {
    const minutes = Math.round(total / 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (zh) return `${sign}${formatCount(h, locale)} 小时${m ? ` ${m} 分钟` : ''}`;
    return `${sign}${formatCount(h, locale)} h${m ? ` ${m} min` : ''}`;
  }
  if (style === 'seconds') return `${sign}${total} ${zh ? '秒' : 's'}`;
  return `${sign}${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** A metric's value (or target) as shown in tiles, tables, the review and workbook notes; null → "no data". */
export function formatMetric(key: MetricKey, value: number | null | undefined, locale: FormatLocale): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return noDataText(locale);
  const d = metricDisplay(key);
  switch (d.unit) {
    case 'count':
      return formatCount(value, locale);
    case 'percent':
      return formatPercent(value, locale, d.digits);
    case 'clock':
      return formatDuration(value, locale, 'clock');
    case 'seconds':
      return formatDuration(value, locale, 'seconds');
    case 'decimal':
      return formatNumber(value, locale, d.digits);
    case 'per_mille':
      return `${formatNumber(value, locale, d.digits)}‰`;
  }
}

/**
 * Time past (or left to) a deadline in its two largest units: "2 d 3 h", "3 h 20 min", "5 min",
 * "40 s" (zh: "2 天 3 小时"…). Complaint clocks on the page and in the weekly review.
 */
export function formatElapsed(seconds: number, locale: FormatLocale): string {
  const zh = isZh(locale);
  const units: Array<[number, string, string]> = [
    [86_400, 'd', '天'],
    [3600, 'h', '小时'],
    [60, 'min', '分钟'],
    [1, 's', '秒'],
  ];
  const total = Math.max(0, Math.floor(seconds));
  const found = units.findIndex(([size]) => total >= size);
  const i = found === -1 ? units.length - 1 : found;
  const [size, en, cn] = units[i];
  const first = Math.floor(total / size);
  const text = (n: number, u: [number, string, string]) => `${formatCount(n, locale)} ${zh ? u[2] : u[1]}`;
  const next = units[i + 1];
  const second = next ? Math.floor((total - first * size) / next[0]) : 0;
  return second > 0 ? `${text(first, [size, en, cn])} ${text(second, next)}` : text(first, [size, en, cn]);
}

/** The change in the unit it is shown in (percentage points for percentages), rounded as shown. */
function shownDelta(key: MetricKey, delta: number): number {
  const d = metricDisplay(key);
  return d.unit === 'percent' ? roundTo(delta * 100, d.digits) : roundTo(delta, d.digits);
}

/** up / down / flat as the reader sees it: a change that rounds to nothing at the shown precision is flat. */
export function deltaDirection(key: MetricKey, delta: number | null | undefined): 'up' | 'down' | 'flat' {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return 'flat';
  const shown = shownDelta(key, delta);
  return shown > 0 ? 'up' : shown < 0 ? 'down' : 'flat';
}

/** Whether a change is good news given the metric's direction; flat for no change and for metrics without a direction. */
export function deltaTone(key: MetricKey, delta: number | null | undefined): 'good' | 'bad' | 'flat' {
  const dir = deltaDirection(key, delta);
  const better = kpiDefinitions[key].direction;
  if (dir === 'flat' || better === null) return 'flat';
  return (dir === 'up') === (better === 'higher') ? 'good' : 'bad';
}

/** ▲ up, ▼ down, ▶ no change (at the shown precision); '' when there is no change to show. */
export function deltaArrow(key: MetricKey, delta: number | null | undefined): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '';
  return { up: '▲', down: '▼', flat: '▶' }[deltaDirection(key, delta)];
}

/** A signed change: "+10" calls, "−1.5 pp" / "−1.5 个百分点", "+0:12", "±0"; null → "no data". */
export function formatDelta(key: MetricKey, delta: number | null | undefined, locale: FormatLocale): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return noDataText(locale);
  const dir = deltaDirection(key, delta);
  const sign = dir === 'up' ? '+' : dir === 'down' ? '−' : '±';
  const abs = dir === 'flat' ? 0 : Math.abs(delta);
  const d = metricDisplay(key);
  switch (d.unit) {
    case 'percent':
      return `${sign}${formatNumber(abs * 100, locale, d.digits)} ${isZh(locale) ? '个百分点' : 'pp'}`;
    case 'count':
      return `${sign}${formatCount(abs, locale)}`;
    case 'clock':
    case 'seconds':
      return `${sign}${formatDuration(abs, locale, d.unit)}`;
    case 'decimal':
      return `${sign}${formatNumber(abs, locale, d.digits)}`;
    case 'per_mille':
      return `${sign}${formatNumber(abs, locale, d.digits)}‰`;
  }
}

/** Half away from zero at `digits` decimals; a nudge of one ulp so that 1.005 (stored as 1.00499…) gives 1.01 as written. */
function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  const r = (Math.sign(value) * Math.round(Math.abs(value) * f * (1 + Number.EPSILON))) / f;
  return Object.is(r, -0) ? 0 : r;
}
