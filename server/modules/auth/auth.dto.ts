import { z } from 'zod';

export const LoginDto = z.strictObject({
  email: z.string().trim().min(1, 'is required').max(320),
  password: z.string().min(1, 'is required').max(1024),
});
export type LoginDto = z.infer<typeof LoginDto>;
