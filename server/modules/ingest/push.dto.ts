import { z } from 'zod';

export const PushKindParam = z.strictObject({ kind: z.string().max(50) });
export type PushKindParam = z.infer<typeof PushKindParam>;

/** Records are checked one by one in the service, so a bad one is named by its index. */
export const PushBatchDto = z.strictObject({
  records: z.array(z.unknown()),
  onError: z.enum(['reject', 'skip']).optional(),
});
export type PushBatchDto = z.infer<typeof PushBatchDto>;
