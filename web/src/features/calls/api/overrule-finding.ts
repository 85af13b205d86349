import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { autoqaKeys } from '../../autoqa/api/autoqa-keys';
import { kpiKeys } from '../../kpi-dashboard/api/kpi-keys';
import { callKeys, type OverruleInput } from './call-keys';

export const overruleFinding = ({ externalId, ...body }: OverruleInput) => api<unknown>(`/calls/${encodeURIComponent(externalId)}/autoqa/overrule`, { method: 'POST', body });

/** A supervisor's overrule changes the call's findings, the AutoQA figures and the agreement report. */
export function useOverruleFinding() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: overruleFinding,
    onSuccess: (_answer, input) => {
      void qc.invalidateQueries({ queryKey: callKeys.detail(input.externalId) });
      void qc.invalidateQueries({ queryKey: kpiKeys.all });
      // Agreement with people is computed on the outcome as it stands.
      void qc.invalidateQueries({ queryKey: autoqaKeys.all });
    },
  });
}
