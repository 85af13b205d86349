import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { callKeys } from '../../../lib/query-keys';
import type { CallDetail } from './call-types';

export const getCall = (externalId: string) => api<CallDetail>(`/calls/${encodeURIComponent(externalId)}`);
export const callQueryOptions = (externalId: string) => queryOptions({ queryKey: callKeys.detail(externalId), queryFn: () => getCall(externalId) });
export const useCall = (externalId: string | undefined) => useQuery({ ...callQueryOptions(externalId ?? ''), enabled: !!externalId });
