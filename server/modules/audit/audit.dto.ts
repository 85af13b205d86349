import { z } from 'zod';
import { auditActions } from './audit.service';

const localDateOrInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/, 'must be a date YYYY-MM-DD or an ISO 8601 instant with offset')
  .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)), 'is not a real date');

/** `GET /api/audit`. A bare date is a local date in the org time zone; `to` includes the whole day. */
export const AuditQuery = z.strictObject({
  action: z.enum(auditActions).optional(),
  userId: z.coerce.number().int().positive().optional(),
  from: localDateOrInstant.optional(),
  to: localDateOrInstant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditQuery = z.infer<typeof AuditQuery>;
