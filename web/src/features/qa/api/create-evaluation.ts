import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import { qaKeys } from '../../../lib/query-keys';
import type { AnswerValue, EvaluationDetail } from './qa-types';

export interface CreateEvaluationInput {
  formVersionId: number;
  agentId: number;
  callExternalId?: string;
  answers: Array<{ itemId: number; value: AnswerValue; comment?: string }>;
  comment?: string;
  /** submit right after saving the draft */
  submit: boolean;
}

export async function createEvaluation({ submit, ...body }: CreateEvaluationInput): Promise<EvaluationDetail> {
  const draft = await api<EvaluationDetail>('/qa/evaluations', { method: 'POST', body });
  return submit ? api<EvaluationDetail>(`/qa/evaluations/${draft.id}/submit`, { method: 'POST', body: {} }) : draft;
}

export function useCreateEvaluation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createEvaluation,
    onSuccess: (ev) => {
      qc.setQueryData(qaKeys.evaluation(ev.id), ev);
      void invalidateAfter(qc, 'evaluation');
    },
  });
}
