import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../../lib/api-client';
import { automationKeys } from '../../../../lib/query-keys';
import type { ApiKey } from './automation-types';

export const getApiKeys = () => api<ApiKey[]>('/api-keys');
export const apiKeysQueryOptions = () => queryOptions({ queryKey: automationKeys.apiKeys(), queryFn: getApiKeys });
export const useApiKeys = () => useQuery(apiKeysQueryOptions());
