import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { callKeys, type AgentFindingsParams } from '../../../lib/query-keys';
import type { AgentFinding } from './call-types';

/** `GET /api/autoqa/findings?agentId&from&to&outcome=fail`: an agent's failed findings with the lines, newest call first. */
export const getAgentFindings = (params: AgentFindingsParams) => api<AgentFinding[]>('/autoqa/findings', { params: { ...params, outcome: 'fail' } });
export const agentFindingsQueryOptions = (params: AgentFindingsParams) => queryOptions({ queryKey: callKeys.agentFindings(params), queryFn: () => getAgentFindings(params) });
export const useAgentFindings = (params: AgentFindingsParams) => useQuery(agentFindingsQueryOptions(params));
