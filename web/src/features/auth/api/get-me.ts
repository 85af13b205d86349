import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, errorCode } from '../../../lib/api-client';
import { authKeys } from '../../../lib/query-keys';
import type { SessionUser } from './auth-types';

/** The signed-in user, or null when there is no session (a 401 is an answer here, not an error). */
export async function getMe(): Promise<SessionUser | null> {
  try {
    return await api<SessionUser>('/auth/me');
  } catch (e) {
    if (errorCode(e) === 'not_authenticated') return null;
    throw e;
  }
}

export const meQueryOptions = () => queryOptions({ queryKey: authKeys.me(), queryFn: getMe, staleTime: 5 * 60_000 });

export const useMe = () => useQuery(meQueryOptions());
