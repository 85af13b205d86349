import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { callKeys, type CallDetail } from './call-keys';

export const getCall = (externalId: string) => api<CallDetail>(`/calls/${encodeURIComponent(externalId)}`);
export const callQueryOptions = (externalId: string) => queryOptions({ queryKey: callKeys.detail(externalId), queryFn: () => getCall(externalId) });
export const useCall = (externalId: string | undefined) => useQuery({ ...callQueryOptions(externalId ?? ''), enabled: !!externalId });
