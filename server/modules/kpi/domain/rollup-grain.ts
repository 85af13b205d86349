import type { Granularity } from '../kpi.types';
import { monthEnd, monthStart } from './periods';

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
