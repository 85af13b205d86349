import { addDays, localDateOf } from '../server/modules/kpi/domain/periods';

/** The local calendar date `days` days before now in a time zone, as YYYY-MM-DD. */
export function localDateDaysAgo(days: number, timeZone: string, now: Date = new Date()): string {
  return addDays(localDateOf(now, timeZone), -days);
}
