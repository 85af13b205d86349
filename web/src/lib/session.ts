import type { QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { SessionUser } from '../../../server/modules/auth/users.types';
import { authKeys } from './query-keys';

/** Provided by the auth feature's <SessionGate> once somebody is signed in. */
export const SessionContext = createContext<SessionUser | null>(null);

/** The signed-in user; only rendered below <SessionGate>, so never null there. */
export function useSession(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSession outside <SessionGate>');
  return user;
}

/**
 * Switches the cached session to `user` (null: signed out) and drops everything cached for the
 * previous user. The me query is updated in place so the session gate sees the change.
 */
export function resetSession(qc: QueryClient, user: SessionUser | null): void {
  qc.setQueryData(authKeys.me(), user);
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.all[0] });
}
