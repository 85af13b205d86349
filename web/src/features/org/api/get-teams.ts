import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { orgKeys } from '../../../lib/query-keys';
import type { Team } from './org-types';

export const getTeams = () => api<Team[]>('/teams');
export const teamsQueryOptions = () => queryOptions({ queryKey: orgKeys.teams(), queryFn: getTeams, staleTime: 5 * 60_000 });
export const useTeams = (enabled = true) => useQuery({ ...teamsQueryOptions(), enabled });
