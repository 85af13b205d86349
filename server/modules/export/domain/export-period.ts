import { addDays, isoWeekLabel, isoWeekStart, monthEnd } from '../../kpi/domain/periods';

/** The periods the workbooks are asked for, as inclusive local-date ranges (YYYY-MM-DD), on the KPI engine's calendar. */

export interface DateRange {
  from: string;
  to: string;
}

/** '2026-10' → 2026-10-01 .. 2026-10-31. */
export function monthRange(month: string): DateRange {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`month must look like 2026-10, got "${month}"`);
  const from = `${month}-01`;
  return { from, to: monthEnd(from) };
}

/** '2026-W45' → Monday 2026-11-02 .. Sunday 2026-11-08. */
export function isoWeekRange(week: string): DateRange {
  if (!/^\d{4}-W\d{2}$/.test(week)) throw new RangeError(`week must look like 2026-W45, got "${week}"`);
  const from = isoWeekStart(week);
  if (!from) throw new RangeError(`${week.slice(0, 4)} has no ISO week ${Number(week.slice(6))}`);
  return { from, to: addDays(from, 6) };
}

/** The ISO week label of a local date: 2021-01-01 → '2020-W53'. */
export function isoWeekOf(date: string): string {
  return isoWeekLabel(date);
}

/** The week `offset` weeks from `week` (negative = earlier): across year ends, 2027-W01 − 1 = 2026-W53. */
export function shiftWeek(week: string, offset: number): string {
  return isoWeekLabel(addDays(isoWeekRange(week).from, offset * 7));
}
