import { formatElapsed } from '../../../../server/modules/kpi/domain/kpi-format';
import type { ComplaintCase } from './api/complaint-types';

export { complaintLevels } from '../../../../server/modules/complaints/domain/complaint-clock';
export type { ComplaintCase, ComplaintLevel } from './api/complaint-types';

/** The call page of a case (built on the call-page branch): the external id is URL-encoded. */
export function callHref(callExternalId: string): string {
  return `/calls/${encodeURIComponent(callExternalId)}`;
}

/**
 * The clock shown for a case at `now`: the server's overdueBy/remaining were true when the answer
 * was fetched (`fetchedAt`), so they move on by the time since. A pending clock that runs out
 * before the next fetch shows as overdue from that moment.
 */
export function clockNow(c: Pick<ComplaintCase, 'status' | 'overdueBy' | 'remaining'>, now: number, fetchedAt: number): { kind: 'over' | 'left' | 'done'; seconds: number } {
  const elapsed = Math.max(0, Math.floor((now - fetchedAt) / 1000));
  if (c.status === 'overdue' && c.overdueBy !== null) return { kind: 'over', seconds: c.overdueBy + elapsed };
  if (c.status === 'open' && c.remaining !== null) {
    const left = c.remaining - elapsed;
    return left >= 0 ? { kind: 'left', seconds: left } : { kind: 'over', seconds: -left };
  }
  return { kind: 'done', seconds: 0 };
}

/** Time over or left, in the shared formatter's words ("3 h 20 min", "3 小时 20 分钟"). */
export const formatSpan = (seconds: number, locale: string): string => formatElapsed(seconds, locale);
