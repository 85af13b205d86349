import { ZoneConverter } from '../../ingest/domain/value.parser';
import { addDays, isoWeekday, isoWeekLabel, monthStart } from '../../kpi/domain/periods';

/** When a schedule runs, and which period each run delivers (pure; the clock is passed in). */
export type ScheduleKind = 'monthly' | 'weekly' | 'scorecard';

export interface ScheduleTiming {
  kind: ScheduleKind;
  /** 1..28: every month has it. */
  dayOfMonth: number | null;
  /** ISO weekday, 1 = Monday .. 7 = Sunday. */
  dayOfWeek: number | null;
  /** Local wall-clock time, HH:MM. */
  time: string;
  timezone: string;
}

export interface DeliveryPeriod {
  /** `YYYY-MM` or `YYYY-Www`: a schedule delivers each period once. */
  period: string;
  from: string;
  to: string;
}

/** A monthly schedule (and a scorecard with a day of month) runs monthly; weekly (and a scorecard with a day of week) weekly. */
export function cadenceOf(t: Pick<ScheduleTiming, 'kind' | 'dayOfMonth' | 'dayOfWeek'>): 'month' | 'week' {
  if (t.kind === 'monthly') return 'month';
  if (t.kind === 'weekly') return 'week';
  return t.dayOfWeek !== null ? 'week' : 'month';
}

/** The first run strictly after `after`. */
export function nextRunAt(t: ScheduleTiming, after: Date): Date {
  const zone = new ZoneConverter(t.timezone);
  const [hour, minute] = t.time.split(':').map(Number);
  const at = (date: string) => {
    const [year, month, day] = date.split('-').map(Number);
    return zone.toUtc({ year, month, day, hour, minute, second: 0, ms: 0, offsetMinutes: null });
  };
  const today = zone.localDate(after);
  if (cadenceOf(t) === 'month') {
    const dom = String(t.dayOfMonth ?? 1).padStart(2, '0');
    let month = monthStart(today);
    for (;;) {
      const run = at(`${month.slice(0, 8)}${dom}`);
      if (run.getTime() > after.getTime()) return run;
      month = monthStart(addDays(month, 31));
    }
  }
  const dow = t.dayOfWeek ?? 1;
  let date = addDays(today, (dow - isoWeekday(today) + 7) % 7);
  for (;;) {
    const run = at(date);
    if (run.getTime() > after.getTime()) return run;
    date = addDays(date, 7);
  }
}

/**
 * The period a run at `runAt` delivers: the last complete one in the schedule's time zone
 * (the month before for monthly, the ISO week before for weekly).
 */
export function deliveryPeriod(t: ScheduleTiming, runAt: Date): DeliveryPeriod {
  const today = new ZoneConverter(t.timezone).localDate(runAt);
  if (cadenceOf(t) === 'month') {
    const to = addDays(monthStart(today), -1);
    const from = monthStart(to);
    return { period: from.slice(0, 7), from, to };
  }
  const thisMonday = addDays(today, 1 - isoWeekday(today));
  const from = addDays(thisMonday, -7);
  return { period: isoWeekLabel(from), from, to: addDays(from, 6) };
}
