import { z } from 'zod';
import { isValidLocalDate, withinThreeYears } from '../kpi/domain/periods';
import { complaintLevels } from './domain/complaint-clock';

const id = z.coerce.number().int().positive();
const localDate = z.string().refine(isValidLocalDate, 'must be a real date YYYY-MM-DD');

/** `GET /api/complaints` (docs/api.md "Complaints"); `level` and `category` narrow the list further. */
export const ComplaintListQueryDto = z
  .strictObject({
    from: localDate,
    to: localDate,
    status: z.enum(['open', 'overdue', 'closed']).optional(),
    teamId: id.optional(),
    agentId: id.optional(),
    level: z.enum(complaintLevels).optional(),
    category: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((q, ctx) => {
    if (!isValidLocalDate(q.from) || !isValidLocalDate(q.to)) return;
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `from (${q.from}) is after to (${q.to})` });
    else if (!withinThreeYears(q.from, q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range ${q.from}..${q.to} is longer than 3 years` });
  });
export type ComplaintListQueryDto = z.infer<typeof ComplaintListQueryDto>;
