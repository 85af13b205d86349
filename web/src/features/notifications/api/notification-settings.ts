import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { notificationKeys } from '../../../lib/query-keys';

export interface NotificationSettings {
  email: boolean;
}

export const getNotificationSettings = () => api<NotificationSettings>('/notifications/settings');
export const notificationSettingsQueryOptions = () => queryOptions({ queryKey: notificationKeys.settings(), queryFn: getNotificationSettings });
export const useNotificationSettings = () => useQuery(notificationSettingsQueryOptions());

export const updateNotificationSettings = (s: NotificationSettings) => api<NotificationSettings>('/notifications/settings', { method: 'PATCH', body: s });

export function useUpdateNotificationSettings() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateNotificationSettings, onSuccess: (s) => qc.setQueryData(notificationKeys.settings(), s) });
}
