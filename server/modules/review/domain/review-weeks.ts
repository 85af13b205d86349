import { addDays, isoWeekLabel, isoWeekStart } from '../../kpi/domain/periods';

/** The local dates (inclusive) of an ISO week label; null when the label is not a real week. */
export function weekRange(label: string): { from: string; to: string } | null {
  const from = isoWeekStart(label);
  return from === null ? null : { from, to: addDays(from, 6) };
}

/** `count` consecutive week labels ending with `last`, oldest first (crossing years as ISO weeks do). */
export function weeksEndingWith(last: string, count: number): string[] {
  const start = isoWeekStart(last);
  if (start === null) throw new Error(`not an ISO week: ${last}`);
  return Array.from({ length: count }, (_, i) => isoWeekLabel(addDays(start, 7 * (i - count + 1))));
}
