import { z } from 'zod';

export const ImportIdParam = z.strictObject({ id: z.uuid({ message: 'is not an import id' }) });
export type ImportIdParam = z.infer<typeof ImportIdParam>;
