import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../lib/api-client';
import { invalidateAfter } from '../../../../lib/invalidation';

export const revokeApiKey = (id: number) => api<void>(`/api-keys/${id}`, { method: 'DELETE' });

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: revokeApiKey, onSuccess: () => invalidateAfter(qc, 'apiKey') });
}
