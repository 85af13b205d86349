/**
 * Date-range presets on local dates (YYYY-MM-DD) in the org's time zone. Pure: `today` is passed
 * in, so presets are testable and the same for everyone in the org whatever their browser's zone.
 */
export const PRESETS = ['this_week', 'last_week', 'last_4_weeks', 'recent_4_weeks', 'this_month', 'last_month', 'quarter'] as const;
export type Preset = (typeof PRESETS)[number];

export interface DateRange {
  from: string;
  to: string;
}

const DAY = 86_400_000;

export function parseDate(d: string): number {
  const [y, m, day] = d.split('-').map(Number);
  return Date.UTC(y, m - 1, day);
}

export function toDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(d: string, days: number): string {
  return toDate(parseDate(d) + days * DAY);
}

/** Monday of the ISO week holding `d`. */
export function startOfIsoWeek(d: string): string {
  const dow = (new Date(parseDate(d)).getUTCDay() + 6) % 7;
  return addDays(d, -dow);
}

/** `2026-W47` for a local date. */
export function isoWeek(d: string): string {
  const ms = parseDate(d);
  const dow = (new Date(ms).getUTCDay() + 6) % 7;
  const thursday = new Date(ms + (3 - dow) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of an ISO week label. */
export function isoWeekStart(week: string): string {
  const [y, w] = week.split('-W').map(Number);
  const jan4 = toDate(Date.UTC(y, 0, 4));
  return addDays(startOfIsoWeek(jan4), (w - 1) * 7);
}

export function presetRange(preset: Preset, today: string): DateRange {
  const [y, m] = today.split('-').map(Number);
  const monday = startOfIsoWeek(today);
  switch (preset) {
    case 'this_week':
      return { from: monday, to: addDays(monday, 6) };
    case 'last_week':
      return { from: addDays(monday, -7), to: addDays(monday, -1) };
    case 'last_4_weeks':
      return { from: addDays(monday, -28), to: addDays(monday, -1) };
    // This week and the 3 before: what happened today is in it (the agent's scorecard opens on it).
    case 'recent_4_weeks':
      return { from: addDays(monday, -21), to: addDays(monday, 6) };
    case 'this_month':
      return { from: toDate(Date.UTC(y, m - 1, 1)), to: toDate(Date.UTC(y, m, 0)) };
    case 'last_month':
      return { from: toDate(Date.UTC(y, m - 2, 1)), to: toDate(Date.UTC(y, m - 1, 0)) };
    case 'quarter': {
      const q = Math.floor((m - 1) / 3);
      return { from: toDate(Date.UTC(y, q * 3, 1)), to: toDate(Date.UTC(y, q * 3 + 3, 0)) };
    }
  }
}

/** Today's local date in a time zone. */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
