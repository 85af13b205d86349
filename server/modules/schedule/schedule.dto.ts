import { z } from 'zod';

const id = z.coerce.number().int().positive();
const email = z.string().trim().max(320).email('must be an email address');

const fields = {
  kind: z.enum(['monthly', 'weekly', 'scorecard']),
  teamId: id.nullable().optional(),
  agentId: id.nullable().optional(),
  recipients: z.array(email).min(1, 'name at least one recipient').max(100),
  language: z.enum(['en', 'zh-cn']).optional(),
  timezone: z.string().max(100).optional(),
  dayOfMonth: z.number().int().min(1).max(28, 'use 1 to 28 (every month has those days)').nullable().optional(),
  dayOfWeek: z.number().int().min(1, 'use 1 (Monday) to 7 (Sunday)').max(7, 'use 1 (Monday) to 7 (Sunday)').nullable().optional(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM'),
  active: z.boolean().optional(),
};

export const CreateScheduleDto = z.strictObject(fields);
export type CreateScheduleDto = z.infer<typeof CreateScheduleDto>;

export const UpdateScheduleDto = z.strictObject({ ...fields, kind: fields.kind.optional(), recipients: fields.recipients.optional(), time: fields.time.optional() });
export type UpdateScheduleDto = z.infer<typeof UpdateScheduleDto>;

export const ScheduleIdParam = z.strictObject({ id });
export type ScheduleIdParam = z.infer<typeof ScheduleIdParam>;
