import * as shared from '../../../server/modules/kpi/domain/kpi-format';
import type { MetricKey } from './metrics';

/**
 * Numbers on screen come from the server's one formatter (kpi-format.ts), the same that writes
 * the weekly review's reasons and the workbooks' notes; these wrappers only accept the
 * missing values a query may still be loading.
 */
const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);

/** m:ss under an hour, hours and minutes from an hour on. */
export function formatDuration(seconds: number | null | undefined, locale = 'en'): string {
  return missing(seconds) ? '–' : shared.formatDuration(seconds, locale);
}

export function formatNumber(value: number | null | undefined, locale: string, digits = 0): string {
  return missing(value) ? '–' : shared.formatNumber(value, locale, digits);
}

export function formatPercent(value: number | null | undefined, locale: string, digits = 1): string {
  return missing(value) ? '–' : shared.formatPercent(value, locale, digits);
}

/** A metric value as shown in tiles, tables and charts; "no data" / "无数据" when there is none. */
export function formatMetric(key: MetricKey, value: number | null | undefined, locale: string): string {
  return shared.formatMetric(key, value, locale);
}

/** A change between periods, signed; proportions in percentage points; a change that rounds to nothing is "±0". */
export function formatDelta(key: MetricKey, delta: number | null | undefined, locale: string): string {
  return missing(delta) ? '–' : shared.formatDelta(key, delta, locale);
}

export const deltaArrow = shared.deltaArrow;

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
