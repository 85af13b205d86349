import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { notificationKeys } from '../../../lib/query-keys';
import type { Notification } from './notification-types';

export const getNotifications = () => api<{ items: Notification[]; unread: number }>('/notifications');
/** The badge refreshes every minute while the dashboard is open. */
export const notificationsQueryOptions = () => queryOptions({ queryKey: notificationKeys.inbox(), queryFn: getNotifications, refetchInterval: 60_000 });
export const useNotifications = () => useQuery(notificationsQueryOptions());
