import type { Granularity } from '../kpi.types';
import { addDays, monthEnd, monthStart, weekStart } from './periods';

/**
 * The call rollup tables. Daily and agent × month carry the queue/channel split; the `_all`
 * grains sum over every queue and channel (fewer rows), so they answer only requests that
 * neither filter nor group by queue or channel. Weekly rows are keyed by the ISO week's Monday,
 * monthly rows by the month's first day.
 */
export type CallGrain =
  | 'kpi_call_daily'
  | 'kpi_call_team_daily'
  | 'kpi_call_agent_weekly_all'
  | 'kpi_call_team_weekly_all'
  | 'kpi_call_agent_monthly'
  | 'kpi_call_agent_monthly_all';

/** The evaluation rollup tables (evaluations have no queue or channel). */
export type EvalGrain = 'kpi_eval_daily' | 'kpi_eval_weekly' | 'kpi_eval_monthly';

export interface GrainRequest {
  from: string;
  to: string;
  granularity: Granularity;
  /** The answer groups or filters by agent (or is scoped to one agent). */
  needsAgent: boolean;
  /** The answer groups or filters by queue or channel: only the split grains answer it. */
  needsQueue?: boolean;
}

/** One table of a grain plan and the local dates it answers (inclusive; weekly/monthly rows are keyed by their first day). */
export interface GrainPart<T extends string = CallGrain> {
  table: T;
  from: string;
  to: string;
}

interface GrainSet<T extends string> {
  day: T;
  week?: T;
  month?: T;
}

/** The call tables usable for a request, finest first. */
function callGrains(r: GrainRequest): GrainSet<CallGrain> {
  if (r.needsQueue) return { day: r.needsAgent ? 'kpi_call_daily' : 'kpi_call_team_daily', month: 'kpi_call_agent_monthly' };
  return r.needsAgent
    ? { day: 'kpi_call_daily', week: 'kpi_call_agent_weekly_all', month: 'kpi_call_agent_monthly_all' }
    : { day: 'kpi_call_team_daily', week: 'kpi_call_team_weekly_all', month: 'kpi_call_agent_monthly_all' };
}

/**
 * Which rollup answers which dates. A coarse row may only be used when all its dates are inside
 * the range and inside one bucket of the answer: by day, the daily grain; by week, the whole ISO
 * weeks from a weekly grain and the partial edge weeks daily; by month (or in total), the whole
 * months from a monthly grain, then the whole weeks of the partial edge months weekly (a week
 * inside a partial edge month lies in that month) and the rest daily.
 */
export function planCallGrains(r: GrainRequest): GrainPart<CallGrain>[] {
  return plan(r, callGrains(r));
}

export function planEvalGrains(r: GrainRequest): GrainPart<EvalGrain>[] {
  return plan(r, { day: 'kpi_eval_daily', week: 'kpi_eval_weekly', month: 'kpi_eval_monthly' });
}

function plan<T extends string>(r: GrainRequest, g: GrainSet<T>): GrainPart<T>[] {
  const levels: ('month' | 'week')[] = r.granularity === 'day' ? [] : r.granularity === 'week' ? ['week'] : ['month', 'week'];
  const usable = levels.filter((l) => g[l] !== undefined);
  const parts: GrainPart<T>[] = [];
  const cover = (from: string, to: string, i: number): void => {
    if (from > to) return;
    if (i >= usable.length) {
      parts.push({ table: g.day, from, to });
      return;
    }
    const level = usable[i];
    // By month a weekly row must not straddle two months: each month's dates are covered on their own.
    if (level === 'week' && r.granularity === 'month' && monthStart(from) !== monthStart(to)) {
      cover(from, monthEnd(from), i);
      cover(addDays(monthEnd(from), 1), to, i);
      return;
    }
    const start = level === 'month' ? monthStart : weekStart;
    const end = level === 'month' ? monthEnd : (d: string) => addDays(weekStart(d), 6);
    const firstWhole = from === start(from) ? from : addDays(end(from), 1);
    const lastWholeEnd = to === end(to) ? to : addDays(start(to), -1);
    if (firstWhole > lastWholeEnd) return cover(from, to, i + 1);
    cover(from, addDays(firstWhole, -1), i + 1);
    parts.push({ table: g[level]!, from: firstWhole, to: start(lastWholeEnd) });
    cover(addDays(lastWholeEnd, 1), to, i + 1);
  };
  cover(r.from, r.to, 0);
  return parts;
}
