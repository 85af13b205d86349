/** The periods the workbooks are asked for, as inclusive local-date ranges (YYYY-MM-DD). */

export interface DateRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

function toDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

function fmt(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fmt(new Date(toDate(iso).getTime() + days * DAY_MS));
}

/** '2026-10' → 2026-10-01 .. 2026-10-31. */
export function monthRange(month: string): DateRange {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RangeError(`month must look like 2026-10, got "${month}"`);
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  return { from: fmt(new Date(Date.UTC(year, index, 1))), to: fmt(new Date(Date.UTC(year, index + 1, 0))) };
}

/** Monday of ISO week 1: the week holding 4 January. */
function isoWeekOneMonday(year: number): Date {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const weekday = (jan4.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(jan4.getTime() - weekday * DAY_MS);
}

function isoWeeksInYear(year: number): number {
  return Math.round((isoWeekOneMonday(year + 1).getTime() - isoWeekOneMonday(year).getTime()) / (7 * DAY_MS));
}

/** '2026-W45' → Monday 2026-11-02 .. Sunday 2026-11-08. */
export function isoWeekRange(week: string): DateRange {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new RangeError(`week must look like 2026-W45, got "${week}"`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > isoWeeksInYear(year)) throw new RangeError(`${year} has no ISO week ${n}`);
  const monday = new Date(isoWeekOneMonday(year).getTime() + (n - 1) * 7 * DAY_MS);
  return { from: fmt(monday), to: addDays(fmt(monday), 6) };
}

/** The ISO week label of a local date: 2021-01-01 → '2020-W53'. */
export function isoWeekOf(iso: string): string {
  const d = toDate(iso);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - isoWeekOneMonday(year).getTime()) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The week `offset` weeks from `week` (negative = earlier): across year ends, 2027-W01 − 1 = 2026-W53. */
export function shiftWeek(week: string, offset: number): string {
  return isoWeekOf(addDays(isoWeekRange(week).from, offset * 7));
}
