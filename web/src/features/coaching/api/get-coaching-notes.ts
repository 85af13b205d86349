import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { coachingKeys, type CoachingNote } from './coaching-keys';

export const getCoachingNotes = (params: { agentId?: number; evaluationId?: number }) =>
  api<CoachingNote[] | { items: CoachingNote[] }>('/coaching-notes', { params }).then((r) => (Array.isArray(r) ? r : r.items));
export const coachingNotesQueryOptions = (params: { agentId?: number; evaluationId?: number }) => queryOptions({ queryKey: coachingKeys.list(params), queryFn: () => getCoachingNotes(params) });
export const useCoachingNotes = (params: { agentId?: number; evaluationId?: number }) => useQuery(coachingNotesQueryOptions(params));
