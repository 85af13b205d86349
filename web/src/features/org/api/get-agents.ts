import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { orgKeys } from '../../../lib/query-keys';
import type { Agent } from './org-types';

export const getAgents = () => api<Agent[]>('/agents');
export const agentsQueryOptions = () => queryOptions({ queryKey: orgKeys.agents(), queryFn: getAgents, staleTime: 5 * 60_000 });
export const useAgents = (enabled = true) => useQuery({ ...agentsQueryOptions(), enabled });
