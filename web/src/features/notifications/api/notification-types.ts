export type { NotificationView as Notification } from '../../../../../server/modules/notification/notification.types';
