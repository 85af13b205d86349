import { z } from 'zod';
import { isValidLocalDate } from '../kpi/domain/periods';
import { isoWeekRange } from './domain/export-period';

const id = z.coerce.number().int().positive();

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine(isValidLocalDate, 'is not a real calendar date');
const realWeek = (w: string) => {
  try {
    isoWeekRange(w);
    return true;
  } catch {
    return false;
  }
};

export const MonthlyExportQuery = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM, e.g. 2026-10'),
  siteId: id.optional(),
  teamId: id.optional(),
});
export type MonthlyExportQuery = z.infer<typeof MonthlyExportQuery>;

export const WeeklyExportQuery = z.strictObject({
  week: z.string().regex(/^\d{4}-W\d{2}$/, 'must be an ISO week YYYY-Www, e.g. 2026-W45').refine(realWeek, 'is not a week of that year'),
  teamId: id,
});
export type WeeklyExportQuery = z.infer<typeof WeeklyExportQuery>;

export const AgentExportParam = z.strictObject({ agentId: id });
export type AgentExportParam = z.infer<typeof AgentExportParam>;

export const AgentExportQuery = z.strictObject({ from: localDate, to: localDate });
export type AgentExportQuery = z.infer<typeof AgentExportQuery>;
