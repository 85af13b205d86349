import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import type { SampleBatch } from '../../../../../server/modules/qa/qa.types';

export interface CreateSampleInput {
  from: string;
  to: string;
  perAgent: number;
  teamId?: number;
}

export const createSample = (input: CreateSampleInput) => api<SampleBatch>('/qa/samples', { method: 'POST', body: input });

export function useCreateSample() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createSample, onSuccess: () => void invalidateAfter(qc, 'sample') });
}
