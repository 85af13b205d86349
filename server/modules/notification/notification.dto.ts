import { z } from 'zod';

export const NotificationIdParam = z.strictObject({ id: z.coerce.number().int().positive() });
export type NotificationIdParam = z.infer<typeof NotificationIdParam>;

export const NotificationListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;

export const NotificationSettingsDto = z.strictObject({ email: z.boolean() });
export type NotificationSettingsDto = z.infer<typeof NotificationSettingsDto>;
