import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import { qaKeys } from '../../../lib/query-keys';
import type { AnswerValue, EvaluationDetail } from './qa-types';

export interface UpdateEvaluationInput {
  id: number;
  answers: Array<{ itemId: number; value: AnswerValue; comment?: string | null }>;
  callExternalId?: string | null;
  comment?: string | null;
  /** submit right after saving (the server refuses while items are unanswered) */
  submit: boolean;
}

/** Continues a draft: the answers given replace the stored ones of the same items. */
export async function updateEvaluation({ id, submit, ...body }: UpdateEvaluationInput): Promise<EvaluationDetail> {
  const draft = await api<EvaluationDetail>(`/qa/evaluations/${id}`, { method: 'PATCH', body });
  return submit ? api<EvaluationDetail>(`/qa/evaluations/${id}/submit`, { method: 'POST', body: {} }) : draft;
}

export function useUpdateEvaluation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateEvaluation,
    onSuccess: (ev) => {
      qc.setQueryData(qaKeys.evaluation(ev.id), ev);
      void invalidateAfter(qc, 'evaluation');
    },
  });
}
