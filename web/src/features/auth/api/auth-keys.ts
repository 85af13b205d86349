import type { QueryClient } from '@tanstack/react-query';
import type { SessionUser } from '../../../../../server/modules/auth/users.types';

export type { Role } from '../../../../../server/common/auth/caller';
export type { SessionUser } from '../../../../../server/modules/auth/users.types';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/**
 * Switches the cached session to `user` (null: signed out) and drops everything cached for the
 * previous user. The me query is updated in place so the session gate sees the change.
 */
export function resetSession(qc: QueryClient, user: SessionUser | null): void {
  qc.setQueryData(authKeys.me(), user);
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.all[0] });
}
