import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import { qaKeys } from '../../../lib/query-keys';
import type { AnswerValue, EvaluationDetail } from './qa-types';

export type EvaluationAction =
  | { id: number; action: 'acknowledge' }
  | { id: number; action: 'submit' }
  | { id: number; action: 'dispute'; reason: string; items?: Array<{ itemId: number; reason: string }> }
  | { id: number; action: 'resolve'; note: string; answers?: Array<{ itemId: number; value: AnswerValue }> };

export function runEvaluationAction(a: EvaluationAction): Promise<EvaluationDetail> {
  const body = a.action === 'dispute' ? { reason: a.reason, ...(a.items?.length ? { items: a.items } : {}) } : a.action === 'resolve' ? { note: a.note, ...(a.answers ? { answers: a.answers } : {}) } : {};
  return api<EvaluationDetail>(`/qa/evaluations/${a.id}/${a.action}`, { method: 'POST', body });
}

/** acknowledge / dispute (agent), submit / resolve (supervisor); the answer replaces the cached detail. */
export function useEvaluationAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: runEvaluationAction,
    onSuccess: (ev) => {
      qc.setQueryData(qaKeys.evaluation(ev.id), ev);
      void invalidateAfter(qc, 'evaluation');
    },
  });
}
