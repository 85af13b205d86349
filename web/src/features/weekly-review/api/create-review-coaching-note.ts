import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import type { CoachingNote } from '../../coaching/api/coaching-types';

export interface ReviewCoachingInput {
  agentId: number;
  week: string;
  rule: string;
  metric?: string;
  text: string;
  followUpDate: string;
  reasons?: string[];
}

/** A coaching note from an attention entry: the server stores the figure it starts from, so a later review can say whether it moved. */
export const createReviewCoachingNote = (input: ReviewCoachingInput) => api<CoachingNote>('/reviews/weekly/coaching', { method: 'POST', body: input });

export function useCreateReviewCoachingNote() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createReviewCoachingNote,
    onSuccess: () => void invalidateAfter(qc, 'coachingNote'),
  });
}
