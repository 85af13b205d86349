import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import type { OverruleInput } from './call-types';

export const overruleFinding = ({ externalId, ...body }: OverruleInput) => api<unknown>(`/calls/${encodeURIComponent(externalId)}/autoqa/overrule`, { method: 'POST', body });

export function useOverruleFinding() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: overruleFinding,
    onSuccess: () => void invalidateAfter(qc, 'overrule'),
  });
}
