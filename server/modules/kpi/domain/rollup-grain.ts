import type { Granularity } from '../kpi.types';
import { addDays, monthEnd, monthStart } from './periods';

/** The call rollup tables, finest first. */
export type CallGrain = 'kpi_call_daily' | 'kpi_call_team_daily' | 'kpi_call_agent_monthly';

export interface GrainRequest {
  from: string;
  to: string;
  granularity: Granularity;
  /** The answer groups or filters by agent (or is scoped to one agent). */
  needsAgent: boolean;
}

/**
 * The coarsest grain that still answers the request exactly: agent × month when the buckets
 * are whole months, team × day when no agent is involved, the daily rollup otherwise.
 */
export function chooseCallGrain(r: GrainRequest): CallGrain {
  const wholeMonths = r.from === monthStart(r.from) && r.to === monthEnd(r.to);
  if (wholeMonths && (r.granularity === 'month' || r.granularity === 'total')) return 'kpi_call_agent_monthly';
  if (!r.needsAgent) return 'kpi_call_team_daily';
  return 'kpi_call_daily';
}

/** One table of a grain plan and the local dates it answers (inclusive; monthly rows are keyed by month start). */
export interface GrainPart {
  table: CallGrain;
  from: string;
  to: string;
}

/**
 * Which rollup answers which dates: by month (or in total), the whole months inside from..to
 * come from agent × month and only the partial months at either end from a daily grain (team ×
 * day when no agent is involved); otherwise the chooseCallGrain table for the whole range.
 * A year that does not start on the 1st then reads ~12 monthly rows per agent instead of ~365.
 */
export function planCallGrains(r: GrainRequest): GrainPart[] {
  const whole = chooseCallGrain(r);
  if (whole === 'kpi_call_agent_monthly' || (r.granularity !== 'month' && r.granularity !== 'total')) return [{ table: whole, from: r.from, to: r.to }];
  const firstWhole = r.from === monthStart(r.from) ? r.from : addDays(monthEnd(r.from), 1);
  const lastWholeEnd = r.to === monthEnd(r.to) ? r.to : addDays(monthStart(r.to), -1);
  if (firstWhole > lastWholeEnd) return [{ table: whole, from: r.from, to: r.to }];
  const parts: GrainPart[] = [];
  if (r.from < firstWhole) parts.push({ table: whole, from: r.from, to: addDays(firstWhole, -1) });
  parts.push({ table: 'kpi_call_agent_monthly', from: firstWhole, to: monthStart(lastWholeEnd) });
  if (lastWholeEnd < r.to) parts.push({ table: whole, from: addDays(lastWholeEnd, 1), to: r.to });
  return parts;
}
