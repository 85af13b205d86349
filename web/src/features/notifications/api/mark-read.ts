import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';

export const markRead = (id: number) => api<void>(`/notifications/${id}/read`, { method: 'POST' });
export const markAllRead = () => api<void>('/notifications/read-all', { method: 'POST' });

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: markRead, onSuccess: () => invalidateAfter(qc, 'notificationRead') });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: markAllRead, onSuccess: () => invalidateAfter(qc, 'notificationRead') });
}
