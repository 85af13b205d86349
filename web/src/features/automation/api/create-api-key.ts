import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { automationKeys, type ApiKey, type ApiKeyInput } from './automation-keys';

/** The answer carries the key itself, this once. */
export const createApiKey = (input: ApiKeyInput) => api<ApiKey & { key: string }>('/api-keys', { method: 'POST', body: input });

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createApiKey, onSuccess: () => qc.invalidateQueries({ queryKey: automationKeys.apiKeys() }) });
}
