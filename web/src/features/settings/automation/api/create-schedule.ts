import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../lib/api-client';
import { invalidateAfter } from '../../../../lib/invalidation';
import type { Schedule, ScheduleInput } from './automation-types';

export const createSchedule = (input: ScheduleInput) => api<Schedule>('/schedules', { method: 'POST', body: input });

export function useCreateSchedule() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createSchedule, onSuccess: () => invalidateAfter(qc, 'schedule') });
}
