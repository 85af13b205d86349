import type { ClockOutcome, ComplaintLevel, ComplaintStatus } from './domain/complaint-clock';

/** One case of `GET /api/complaints`; instants ISO 8601, durations in seconds. */
export interface ComplaintCase {
  externalId: string;
  level: ComplaintLevel;
  openedAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  category: string | null;
  callExternalId: string | null;
  agent: { id: number; code: string; name: string } | null;
  /** The agent's team at opened_at. */
  team: { id: number; name: string } | null;
  responseDueAt: string;
  resolutionDueAt: string;
  status: ComplaintStatus;
  response: ClockOutcome;
  resolution: ClockOutcome;
  /** Seconds past the earliest missed deadline of an unfinished clock; null when not overdue. */
  overdueBy: number | null;
  /** Seconds to the next deadline still ahead; null when none is. */
  remaining: number | null;
}
