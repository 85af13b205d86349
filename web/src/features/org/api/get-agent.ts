import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { orgKeys } from '../../../lib/query-keys';
import type { Agent } from './org-types';

export const getAgent = (id: number) => api<Agent>(`/agents/${id}`);
export const agentQueryOptions = (id: number) => queryOptions({ queryKey: orgKeys.agent(id), queryFn: () => getAgent(id) });
export const useAgent = (id: number) => useQuery(agentQueryOptions(id));
