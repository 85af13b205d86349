import type { TFunction } from 'i18next';
import type { ComplaintCase } from './api/complaint-keys';

export { complaintLevels } from '../../../../server/modules/complaints/domain/complaint-clock';
export type { ComplaintCase, ComplaintLevel } from './api/complaint-keys';

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

/** A span of time in its two largest units: "2 d 3 h", "3 h 20 min", "5 min", "40 s". */
export function formatSpan(seconds: number, t: TFunction): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${t('complaints.span.d', { n: d })} ${t('complaints.span.h', { n: h })}` : t('complaints.span.d', { n: d });
  if (h > 0) return m > 0 ? `${t('complaints.span.h', { n: h })} ${t('complaints.span.min', { n: m })}` : t('complaints.span.h', { n: h });
  if (m > 0) return t('complaints.span.min', { n: m });
  return t('complaints.span.s', { n: s });
}
