import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { automationKeys, type Schedule, type ScheduleInput } from './automation-keys';

export const createSchedule = (input: ScheduleInput) => api<Schedule>('/schedules', { method: 'POST', body: input });

export function useCreateSchedule() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createSchedule, onSuccess: () => qc.invalidateQueries({ queryKey: automationKeys.schedules() }) });
}
