import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { automationKeys, type ApiKey } from './automation-keys';

export const getApiKeys = () => api<ApiKey[]>('/api-keys');
export const apiKeysQueryOptions = () => queryOptions({ queryKey: automationKeys.apiKeys(), queryFn: getApiKeys });
export const useApiKeys = () => useQuery(apiKeysQueryOptions());
