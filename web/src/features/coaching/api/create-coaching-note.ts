import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { reviewKeys } from '../../weekly-review/api/review-keys';
import { coachingKeys, type CoachingNote, type CoachingNoteInput } from './coaching-keys';

export const createCoachingNote = (input: CoachingNoteInput) => api<CoachingNote>('/coaching-notes', { method: 'POST', body: input });

export function useCreateCoachingNote() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createCoachingNote,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: coachingKeys.all });
      // The weekly review shows which attention entries already have a note.
      void qc.invalidateQueries({ queryKey: reviewKeys.all });
    },
  });
}
