import { METRICS, type MetricKey } from './metrics';

/** m:ss (or h:mm:ss past an hour); AHT is read as a clock by supervisors. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const sign = seconds < 0 ? '-' : '';
  const total = Math.round(Math.abs(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}

export function formatNumber(value: number | null | undefined, locale: string, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function formatPercent(value: number | null | undefined, locale: string, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A metric value as shown in tiles, tables and charts. */
export function formatMetric(key: MetricKey, value: number | null | undefined, locale: string): string {
  switch (METRICS[key].unit) {
    case 'duration':
      return formatDuration(value);
    case 'seconds':
      return value === null || value === undefined ? '–' : `${formatNumber(value, locale, 0)} s`;
    case 'proportion':
      return formatPercent(value, locale);
    case 'csat':
      return formatNumber(value, locale, 2);
    case 'points':
    case 'score':
      return formatNumber(value, locale, 1);
    case 'count':
      return formatNumber(value, locale, 0);
    case 'per_thousand':
      return value === null || value === undefined ? '–' : `${formatNumber(value, locale, 2)}‰`;
  }
}

/** A change between periods, signed; proportions in percentage points. */
export function formatDelta(key: MetricKey, delta: number | null | undefined, locale: string, ppLabel = 'pp'): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '–';
  const abs = Math.abs(delta);
  // A change that rounds to nothing at the shown precision is shown as no change, not "−0.00".
  const shownDigits = { duration: 0, seconds: 0, proportion: 3, csat: 2, points: 1, score: 1, count: 1, per_thousand: 2 }[METRICS[key].unit];
  const sign = abs < 0.5 * 10 ** -shownDigits ? '±' : delta > 0 ? '+' : '−';
  switch (METRICS[key].unit) {
    case 'duration':
      return `${sign}${formatDuration(abs)}`;
    case 'seconds':
      return `${sign}${formatNumber(abs, locale, 0)} s`;
    case 'proportion':
      return `${sign}${formatNumber(abs * 100, locale, 1)} ${ppLabel}`;
    case 'csat':
      return `${sign}${formatNumber(abs, locale, 2)}`;
    case 'per_thousand':
      return `${sign}${formatNumber(abs, locale, 2)}‰`;
    default:
      return `${sign}${formatNumber(abs, locale, 1)}`;
  }
}

/** A local date (YYYY-MM-DD) shown in the user's language, without time-zone shifts. */
export function formatDate(date: string | null | undefined, locale: string): string {
  if (!date) return '–';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

export function formatDateTime(instant: string | null | undefined, locale: string, timeZone?: string): string {
  if (!instant) return '–';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(instant));
}

/** Axis label for a period key of the KPI API (day, ISO week, month). */
export function formatPeriod(period: string, locale: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) {
    const [y, m, d] = period.split('-').map(Number);
    return new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
  }
  if (/^\d{4}-\d{2}$/.test(period)) {
    const [y, m] = period.split('-').map(Number);
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
  }
  return period.replace(/^\d{4}-/, '');
}
