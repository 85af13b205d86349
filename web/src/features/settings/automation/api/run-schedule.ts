import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../lib/api-client';
import { invalidateAfter } from '../../../../lib/invalidation';
import type { Delivery } from './automation-types';

/** "Send now": the delivery is queued and the server's worker takes it at once. */
export const runSchedule = (id: number) => api<Delivery>(`/schedules/${id}/run`, { method: 'POST' });

export function useRunSchedule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: runSchedule,
    onSuccess: () => invalidateAfter(qc, 'scheduleRun'),
  });
}
