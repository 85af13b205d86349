import type { Notification } from './api/notification-types';

/**
 * The one number on the inbox badge: unread notifications plus evaluations awaiting the agent's
 * acknowledgement, an evaluation counted once even when its "new evaluation" notice is unread too.
 */
export function inboxCount(notifications: Pick<Notification, 'kind' | 'params' | 'read'>[], awaitingIds: number[]): number {
  const awaiting = new Set(awaitingIds);
  const unread = notifications.filter((n) => !n.read && !(n.kind === 'evaluation.new' && awaiting.has(Number(n.params.evaluationId))));
  return unread.length + awaiting.size;
}
