import { z } from 'zod';

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar date');

/** `GET /api/autoqa/findings`: one agent's findings over a range of local dates (at most a year). */
export const AgentFindingsQuery = z
  .strictObject({
    agentId: z.coerce.number().int().positive().max(2_147_483_647),
    from: localDate,
    to: localDate,
    outcome: z.enum(['pass', 'fail', 'na']).optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: 'the range may span at most a year', path: ['to'] });
export type AgentFindingsQuery = z.infer<typeof AgentFindingsQuery>;
