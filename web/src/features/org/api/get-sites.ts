import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { orgKeys } from '../../../lib/query-keys';
import type { Named } from './org-types';

export const getSites = () => api<Named[]>('/sites');
export const sitesQueryOptions = () => queryOptions({ queryKey: orgKeys.sites(), queryFn: getSites, staleTime: 5 * 60_000 });
export const useSites = (enabled = true) => useQuery({ ...sitesQueryOptions(), enabled });
