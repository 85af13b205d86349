import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../../lib/api-client';
import { automationKeys } from '../../../../lib/query-keys';
import type { Delivery } from './automation-types';

export const getDeliveries = (scheduleId: number) => api<Delivery[]>(`/schedules/${scheduleId}/deliveries`);

/** Polls while a delivery is on its way, so "send now" shows its outcome. */
export const deliveriesQueryOptions = (scheduleId: number) =>
  queryOptions({
    queryKey: automationKeys.deliveries(scheduleId),
    queryFn: () => getDeliveries(scheduleId),
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === 'queued' || d.status === 'sending') ? 2000 : false),
  });
export const useDeliveries = (scheduleId: number) => useQuery(deliveriesQueryOptions(scheduleId));
