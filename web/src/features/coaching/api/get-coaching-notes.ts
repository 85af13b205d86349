import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { coachingKeys, type CoachingListParams } from '../../../lib/query-keys';
import type { CoachingNote } from './coaching-types';

export const getCoachingNotes = (params: CoachingListParams) =>
  api<CoachingNote[] | { items: CoachingNote[] }>('/coaching-notes', { params: { ...params } }).then((r) => (Array.isArray(r) ? r : r.items));
export const coachingNotesQueryOptions = (params: CoachingListParams) => queryOptions({ queryKey: coachingKeys.list(params), queryFn: () => getCoachingNotes(params) });
export const useCoachingNotes = (params: CoachingListParams) => useQuery(coachingNotesQueryOptions(params));
