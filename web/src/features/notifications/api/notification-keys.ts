export type { NotificationView as Notification } from '../../../../../server/modules/notification/notification.types';

export const notificationKeys = {
  all: ['notifications'] as const,
  inbox: () => [...notificationKeys.all, 'inbox'] as const,
  settings: () => [...notificationKeys.all, 'settings'] as const,
};
