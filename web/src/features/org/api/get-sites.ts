import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { orgKeys, type Named } from './org-keys';

export const getSites = () => api<Named[]>('/sites');
export const sitesQueryOptions = () => queryOptions({ queryKey: orgKeys.sites(), queryFn: getSites, staleTime: 5 * 60_000 });
export const useSites = (enabled = true) => useQuery({ ...sitesQueryOptions(), enabled });
