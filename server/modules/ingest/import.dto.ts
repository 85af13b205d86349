import { z } from 'zod';

export const ImportIdParam = z.strictObject({ id: z.uuid({ message: 'is not an import id' }) });
export type ImportIdParam = z.infer<typeof ImportIdParam>;

export const ImportListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() });
export type ImportListQuery = z.infer<typeof ImportListQuery>;
