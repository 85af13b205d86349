import { addDays, monthEnd, monthStart, weekStart } from '../../../server/modules/kpi/domain/periods';

/**
 * Date-range presets on local dates (YYYY-MM-DD) in the org's time zone. Pure: `today` is passed
 * in, so presets are testable and the same for everyone in the org whatever their browser's zone.
 * The calendar itself (ISO weeks, months, "today" in a zone) is the server's (kpi/domain/periods.ts).
 */
export { addDays, isoWeekLabel, isoWeekStart, localDateOf, weekStart } from '../../../server/modules/kpi/domain/periods';

export const PRESETS = ['this_week', 'last_week', 'last_4_weeks', 'recent_4_weeks', 'this_month', 'last_month', 'quarter'] as const;
export type Preset = (typeof PRESETS)[number];

export interface DateRange {
  from: string;
  to: string;
}

export function presetRange(preset: Preset, today: string): DateRange {
  const monday = weekStart(today);
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
      return { from: monthStart(today), to: monthEnd(today) };
    case 'last_month': {
      const lastMonthEnd = addDays(monthStart(today), -1);
      return { from: monthStart(lastMonthEnd), to: lastMonthEnd };
    }
    case 'quarter': {
      const firstMonth = Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1;
      const from = `${today.slice(0, 4)}-${String(firstMonth).padStart(2, '0')}-01`;
      return { from, to: monthEnd(`${today.slice(0, 4)}-${String(firstMonth + 2).padStart(2, '0')}-01`) };
    }
  }
}
