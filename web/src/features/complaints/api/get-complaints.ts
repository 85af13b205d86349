import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { complaintKeys, type ComplaintParams } from '../../../lib/query-keys';
import type { ComplaintCase } from './complaint-types';

export const getComplaints = (params: ComplaintParams) => api<ComplaintCase[]>('/complaints', { params: { from: params.from, to: params.to, teamId: params.teamId, agentId: params.agentId } });

export const complaintsQueryOptions = (params: ComplaintParams) => queryOptions({ queryKey: complaintKeys.list(params), queryFn: () => getComplaints(params), refetchInterval: 60_000 });
export const useComplaints = (params: ComplaintParams) => useQuery(complaintsQueryOptions(params));
