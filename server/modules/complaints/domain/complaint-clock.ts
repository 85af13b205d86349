/**
 * The two clocks of a complaint case (docs/complaints.md), pure: the web imports it too.
 *
 * Rules, decided once here (docs/complaints.md, docs/decisions.md):
 * - "within" the deadline means at or before it: a response at exactly opened_at + deadline is met.
 * - An unanswered clock is overdue only strictly after its due time; at the due time it is still pending.
 * - A case resolved without a recorded first response was answered when it was resolved.
 * - A case is closed once resolved; else overdue when either clock is overdue; else open.
 */
import { localDateOf } from '../../kpi/domain/periods';

export const complaintLevels = ['1', '2', '3', 'urgent'] as const;
export type ComplaintLevel = (typeof complaintLevels)[number];

/** Seconds per grade, for the first response and for the resolution. */
export interface ComplaintDeadlines {
  response: Record<ComplaintLevel, number>;
  resolution: Record<ComplaintLevel, number>;
}

const MINUTE = 60;
const HOUR = 3600;

/** The standards' defaults: respond within 1 min ("immediate") / 30 / 15 / 5 min, resolve within 24 / 48 / 72 / 24 h. */
export const DEFAULT_COMPLAINT_DEADLINES: ComplaintDeadlines = {
  response: { '1': 1 * MINUTE, '2': 30 * MINUTE, '3': 15 * MINUTE, urgent: 5 * MINUTE },
  resolution: { '1': 24 * HOUR, '2': 48 * HOUR, '3': 72 * HOUR, urgent: 24 * HOUR },
};

/** Complaint SLA figures with fewer due cases than this are low-sample (settings.minSample.complaints). */
export const DEFAULT_COMPLAINT_MIN_SAMPLE = 5;

export function isComplaintLevel(v: unknown): v is ComplaintLevel {
  return typeof v === 'string' && (complaintLevels as readonly string[]).includes(v);
}

/** met / late: done within / after the deadline; overdue: not done and past it; pending: not done, still inside it. */
export type ClockOutcome = 'met' | 'late' | 'overdue' | 'pending';
export type ComplaintStatus = 'open' | 'overdue' | 'closed';

export interface ComplaintTimes {
  level: ComplaintLevel;
  openedAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
}

export interface ComplaintClock {
  responseDueAt: Date;
  resolutionDueAt: Date;
  response: ClockOutcome;
  resolution: ClockOutcome;
  status: ComplaintStatus;
  /** Seconds past the earliest deadline missed by an unfinished clock; null when nothing is overdue. */
  overdueBy: number | null;
  /** Seconds until the next deadline of an unfinished clock that is still pending; null when none is. */
  remaining: number | null;
}

/** The instant a clock of this grade runs out for a case opened at `openedAt`. */
export function dueAt(openedAt: Date, seconds: number): Date {
  return new Date(openedAt.getTime() + seconds * 1000);
}

/** One clock: `doneAt` the moment it stopped (null = still running), `due` its deadline. */
export function clockOutcome(doneAt: Date | null, due: Date, now: Date): ClockOutcome {
  if (doneAt) return doneAt.getTime() <= due.getTime() ? 'met' : 'late';
  return now.getTime() > due.getTime() ? 'overdue' : 'pending';
}

/** When the response clock stopped: the first response, else the resolution (resolving a case answers it). */
export function responseDoneAt(c: Pick<ComplaintTimes, 'firstResponseAt' | 'resolvedAt'>): Date | null {
  return c.firstResponseAt ?? c.resolvedAt;
}

export function complaintClock(c: ComplaintTimes, deadlines: ComplaintDeadlines, now: Date): ComplaintClock {
  const responseDueAt = dueAt(c.openedAt, deadlines.response[c.level]);
  const resolutionDueAt = dueAt(c.openedAt, deadlines.resolution[c.level]);
  const response = clockOutcome(responseDoneAt(c), responseDueAt, now);
  const resolution = clockOutcome(c.resolvedAt, resolutionDueAt, now);
  const missed = [response === 'overdue' ? responseDueAt : null, resolution === 'overdue' ? resolutionDueAt : null].filter((d): d is Date => d !== null);
  const pending = [response === 'pending' ? responseDueAt : null, resolution === 'pending' ? resolutionDueAt : null].filter((d): d is Date => d !== null);
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const overdueBy = missed.length ? seconds(now.getTime() - Math.min(...missed.map((d) => d.getTime()))) : null;
  const remaining = pending.length ? seconds(Math.min(...pending.map((d) => d.getTime())) - now.getTime()) : null;
  const status: ComplaintStatus = c.resolvedAt ? 'closed' : missed.length ? 'overdue' : 'open';
  return { responseDueAt, resolutionDueAt, response, resolution, status, overdueBy, remaining };
}

/** Deadlines with every grade present: a partial setting falls back to the defaults grade by grade. */
export function completeDeadlines(partial: { response?: Partial<Record<ComplaintLevel, number>>; resolution?: Partial<Record<ComplaintLevel, number>> } | null | undefined): ComplaintDeadlines {
  return {
    response: { ...DEFAULT_COMPLAINT_DEADLINES.response, ...(partial?.response ?? {}) },
    resolution: { ...DEFAULT_COMPLAINT_DEADLINES.resolution, ...(partial?.resolution ?? {}) },
  };
}

/** The local date (YYYY-MM-DD, in `timeZone`) a case is attributed to: that of its opened_at, whenever it is answered. */
export function attributionDate(openedAt: Date, timeZone: string): string {
  return localDateOf(openedAt, timeZone);
}

/** Sorting of a case list: overdue first (most overdue first), then open (least time left first), then closed (newest first). */
export function compareForQueue(a: { clock: ComplaintClock; openedAt: Date }, b: { clock: ComplaintClock; openedAt: Date }): number {
  const rank = { overdue: 0, open: 1, closed: 2 } as const;
  const r = rank[a.clock.status] - rank[b.clock.status];
  if (r !== 0) return r;
  if (a.clock.status === 'overdue') return (b.clock.overdueBy ?? 0) - (a.clock.overdueBy ?? 0);
  if (a.clock.status === 'open') return (a.clock.remaining ?? 0) - (b.clock.remaining ?? 0);
  return b.openedAt.getTime() - a.openedAt.getTime();
}
