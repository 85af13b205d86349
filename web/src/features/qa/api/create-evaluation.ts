import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { kpiKeys } from '../../kpi-dashboard/api/kpi-keys';
import { qaKeys, type AnswerValue, type EvaluationDetail } from './qa-keys';

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
      void qc.invalidateQueries({ queryKey: qaKeys.evaluations() });
      // A sampled call is scored once an evaluation names it.
      void qc.invalidateQueries({ queryKey: qaKeys.samples() });
      void qc.invalidateQueries({ queryKey: kpiKeys.all });
    },
  });
}
