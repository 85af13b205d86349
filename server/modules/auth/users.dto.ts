import { z } from 'zod';
import { roles } from '../../common/auth/caller';
import { MIN_PASSWORD_LENGTH } from './password';

const id = z.coerce.number().int().positive();
const email = z.string().trim().max(320).email('must be an email address');
const password = z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024);
const name = z.string().trim().min(1, 'is required').max(200);
const teamIds = z.array(id).max(500);

export const CreateUserDto = z.strictObject({
  email,
  name,
  password,
  role: z.enum(roles),
  agentId: id.nullable().optional(),
  teamIds: teamIds.optional(),
});
export type CreateUserDto = z.infer<typeof CreateUserDto>;

export const UpdateUserDto = z.strictObject({
  email: email.optional(),
  name: name.optional(),
  password: password.optional(),
  role: z.enum(roles).optional(),
  agentId: id.nullable().optional(),
  teamIds: teamIds.optional(),
  active: z.boolean().optional(),
});
export type UpdateUserDto = z.infer<typeof UpdateUserDto>;

export const UserIdParam = z.strictObject({ id });
export type UserIdParam = z.infer<typeof UserIdParam>;
