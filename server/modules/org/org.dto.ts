import { z } from 'zod';

const id = z.coerce.number().int().positive();
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const IdParam = z.strictObject({ id });
export type IdParam = z.infer<typeof IdParam>;

export const CreateSiteDto = z.strictObject({ name: z.string().trim().min(1).max(200) });
export type CreateSiteDto = z.infer<typeof CreateSiteDto>;
export const UpdateSiteDto = CreateSiteDto.partial();
export type UpdateSiteDto = z.infer<typeof UpdateSiteDto>;

export const CreateTeamDto = z.strictObject({ name: z.string().trim().min(1).max(200), siteId: id.nullable().optional() });
export type CreateTeamDto = z.infer<typeof CreateTeamDto>;
export const UpdateTeamDto = CreateTeamDto.partial();
export type UpdateTeamDto = z.infer<typeof UpdateTeamDto>;

export const CreateAgentDto = z.strictObject({
  code: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  teamId: id,
  email: z.string().email().nullable().optional(),
  active: z.boolean().optional(),
});
export type CreateAgentDto = z.infer<typeof CreateAgentDto>;
export const UpdateAgentDto = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.string().email().nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateAgentDto = z.infer<typeof UpdateAgentDto>;

export const MoveAgentDto = z.strictObject({ teamId: id, effectiveFrom: localDate });
export type MoveAgentDto = z.infer<typeof MoveAgentDto>;

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(10000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  teamId: id.optional(),
  siteId: id.optional(),
  q: z.string().max(100).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;
