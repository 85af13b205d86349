import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../../lib/api-client';
import { automationKeys } from '../../../../lib/query-keys';
import type { Schedule } from './automation-types';

export const getSchedules = () => api<Schedule[]>('/schedules');
export const schedulesQueryOptions = () => queryOptions({ queryKey: automationKeys.schedules(), queryFn: getSchedules });
export const useSchedules = () => useQuery(schedulesQueryOptions());
