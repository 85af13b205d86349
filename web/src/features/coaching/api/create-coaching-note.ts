import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import type { CoachingNote, CoachingNoteInput } from './coaching-types';

export const createCoachingNote = (input: CoachingNoteInput) => api<CoachingNote>('/coaching-notes', { method: 'POST', body: input });

export function useCreateCoachingNote() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createCoachingNote,
    onSuccess: () => void invalidateAfter(qc, 'coachingNote'),
  });
}
