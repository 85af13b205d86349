import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../lib/api-client';
import { invalidateAfter } from '../../../../lib/invalidation';
import type { ApiKey, ApiKeyInput } from './automation-types';

/** The answer carries the key itself, this once. */
export const createApiKey = (input: ApiKeyInput) => api<ApiKey & { key: string }>('/api-keys', { method: 'POST', body: input });

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createApiKey, onSuccess: () => invalidateAfter(qc, 'apiKey') });
}
