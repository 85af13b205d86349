import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../lib/api-client';
import { invalidateAfter } from '../../../../lib/invalidation';

export const deleteSchedule = (id: number) => api<void>(`/schedules/${id}`, { method: 'DELETE' });

export function useDeleteSchedule() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: deleteSchedule, onSuccess: () => invalidateAfter(qc, 'schedule') });
}
