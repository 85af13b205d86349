import { z } from 'zod';
import { apiKeyScopes } from '../../common/auth/caller';

const id = z.coerce.number().int().positive();

export const CreateApiKeyDto = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  scope: z.enum(apiKeyScopes),
  teamIds: z.array(id).max(500).nullable().optional(),
  expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with offset' }).nullable().optional(),
});
export type CreateApiKeyDto = z.infer<typeof CreateApiKeyDto>;

export const ApiKeyIdParam = z.strictObject({ id });
export type ApiKeyIdParam = z.infer<typeof ApiKeyIdParam>;
