import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { automationKeys } from './automation-keys';

export const revokeApiKey = (id: number) => api<void>(`/api-keys/${id}`, { method: 'DELETE' });

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: revokeApiKey, onSuccess: () => qc.invalidateQueries({ queryKey: automationKeys.apiKeys() }) });
}
