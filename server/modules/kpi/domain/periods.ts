import type { Granularity } from '../kpi.types';

/**
 * Local calendar arithmetic on `YYYY-MM-DD` strings (no time zone involved: these are
 * already local dates in the org time zone). Weeks are ISO 8601, Monday to Sunday. The one
 * calendar of the product: the server's periods and the dashboard's presets and week pickers
 * (web/src/lib/date-range.ts) both use it, so a week label the page sends is the server's week.
 */

const DAY_MS = 86_400_000;

function toUtc(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The local date of an instant in a time zone ("today in the org time zone" is
 * `localDateOf(new Date(), settings.timezone)`); `undefined` means the runtime's own zone.
 */
export function localDateOf(instant: Date, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: 'year' | 'month' | 'day') => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function isValidLocalDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  return fromUtc(toUtc(date)) === date;
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const dow = new Date(toUtc(date)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** ISO 8601 week label, e.g. 2021-01-01 → '2020-W53'. The week's year is the year of its Thursday. */
export function isoWeekLabel(date: string): string {
  const thursday = addDays(weekStart(date), 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of an ISO week label `YYYY-Www`; null when the label is not a real week. */
export function isoWeekStart(label: string): string | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  // 4 January is always in week 1.
  const start = addDays(weekStart(`${year}-01-04`), (week - 1) * 7);
  return week >= 1 && isoWeekLabel(start) === label ? start : null;
}

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return fromUtc(Date.UTC(y, m, 0));
}

/** The bucket a local date falls in: its label and the bucket's first day (not clipped). */
export function bucketOf(date: string, granularity: Granularity, rangeFrom: string): { period: string; periodStart: string } {
  switch (granularity) {
    case 'day':
      return { period: date, periodStart: date };
    case 'week':
      return { period: isoWeekLabel(date), periodStart: weekStart(date) };
    case 'month':
      return { period: date.slice(0, 7), periodStart: monthStart(date) };
    case 'total':
      return { period: 'total', periodStart: rangeFrom };
  }
}

/** The buckets of a range in order, each clipped to the range (`from`/`to` inclusive). */
export function bucketsOf(from: string, to: string, granularity: Granularity): { period: string; periodStart: string; from: string; to: string }[] {
  if (granularity === 'total') return [{ period: 'total', periodStart: from, from, to }];
  const out: { period: string; periodStart: string; from: string; to: string }[] = [];
  let day = from;
  while (day <= to) {
    const b = bucketOf(day, granularity, from);
    const end = granularity === 'day' ? day : granularity === 'week' ? addDays(b.periodStart, 6) : monthEnd(day);
    const clippedEnd = end < to ? end : to;
    out.push({ ...b, from: day, to: clippedEnd });
    day = addDays(clippedEnd, 1);
  }
  return out;
}

/**
 * The range a period is compared with (docs/kpi.md "Summary"): a whole ISO week → the week
 * before; a whole calendar month → the month before; anything else → the equal-length range
 * just before it.
 */
export function previousRange(from: string, to: string): { from: string; to: string } {
  if (isoWeekday(from) === 1 && daysBetween(from, to) === 6) return { from: addDays(from, -7), to: addDays(to, -7) };
  if (from === monthStart(from) && to === monthEnd(from)) {
    const prevEnd = addDays(from, -1);
    return { from: monthStart(prevEnd), to: prevEnd };
  }
  const length = daysBetween(from, to) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/** A range may cover at most 3 years: `to` before the same calendar day 3 years after `from`. */
export function withinThreeYears(from: string, to: string): boolean {
  return to < `${Number(from.slice(0, 4)) + 3}${from.slice(4)}`;
}
