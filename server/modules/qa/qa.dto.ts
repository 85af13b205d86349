import { z } from 'zod';
import { evaluationStatuses } from './domain/evaluation-lifecycle';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar date');

export const IdParam = z.strictObject({ id });
export type IdParam = z.infer<typeof IdParam>;

const FormItemDto = z
  .strictObject({
    text: z.string().trim().min(1).max(2000),
    kind: z.enum(['yes_no', 'scale']),
    max: z.number().int().min(1).max(100).nullable().optional(),
    weight: z.number().finite().min(0).max(1000),
    critical: z.boolean().optional(),
    naAllowed: z.boolean().optional(),
    guidance: z.string().max(4000).nullable().optional(),
  })
  .refine((item) => item.kind !== 'scale' || item.max != null, { message: 'a scale item needs max (the top of its 0..max range)', path: ['max'] });

export const FormDto = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).nullable().optional(),
    sections: z
      .array(z.strictObject({ title: z.string().trim().min(1).max(500), items: z.array(FormItemDto).min(1).max(200) }))
      .min(1)
      .max(50),
  })
  .refine((f) => f.sections.some((s) => s.items.some((i) => i.weight > 0)), { message: 'at least one item must carry points (weight > 0)', path: ['sections'] });
export type FormDto = z.infer<typeof FormDto>;

export const FormListQuery = z.strictObject({ includeArchived: z.enum(['true', 'false']).optional() });
export type FormListQuery = z.infer<typeof FormListQuery>;

const answerValue = z.union([z.boolean(), z.number().finite(), z.literal('na')]);
const AnswerDto = z.strictObject({ itemId: id, value: answerValue, comment: z.string().max(4000).nullable().optional() });
export type AnswerDto = z.infer<typeof AnswerDto>;
const answers = z.array(AnswerDto).max(1000);

export const CreateEvaluationDto = z.strictObject({
  formVersionId: id,
  agentId: id,
  callExternalId: z.string().trim().min(1).max(200).nullable().optional(),
  answers,
  comment: z.string().max(4000).nullable().optional(),
  calibrationId: id.optional(),
  // Declared so clients that send them are not refused; the server computes both.
  score: z.unknown().optional(),
  autoFail: z.unknown().optional(),
});
export type CreateEvaluationDto = z.infer<typeof CreateEvaluationDto>;

export const UpdateEvaluationDto = z.strictObject({
  answers: answers.optional(),
  comment: z.string().max(4000).nullable().optional(),
  callExternalId: z.string().trim().min(1).max(200).nullable().optional(),
  score: z.unknown().optional(),
  autoFail: z.unknown().optional(),
});
export type UpdateEvaluationDto = z.infer<typeof UpdateEvaluationDto>;

const DisputeItemDto = z.strictObject({ itemId: id, reason: z.string().trim().min(1, 'say why you dispute this item').max(4000) });
/** A whole-evaluation dispute is `{ reason }`; `items` points at items of the form, each with its reason. */
export const DisputeDto = z.strictObject({
  reason: z.string().trim().min(1, 'reason: say why you dispute the evaluation').max(4000),
  items: z.array(DisputeItemDto).min(1).max(200).optional(),
});
export type DisputeDto = z.infer<typeof DisputeDto>;

export const ResolveDto = z.strictObject({ answers: answers.optional(), note: z.string().trim().min(1).max(4000) });
export type ResolveDto = z.infer<typeof ResolveDto>;

export const EmptyDto = z.strictObject({});
export type EmptyDto = z.infer<typeof EmptyDto>;

export const EvaluationListQuery = z.strictObject({
  agentId: id.optional(),
  teamId: id.optional(),
  from: localDate.optional(),
  to: localDate.optional(),
  status: z.enum(evaluationStatuses).optional(),
  formId: id.optional(),
  source: z.enum(['app', 'import']).optional(),
  callExternalId: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
export type EvaluationListQuery = z.infer<typeof EvaluationListQuery>;

export const CreateSampleDto = z
  .strictObject({
    from: localDate,
    to: localDate,
    perAgent: z.number().int().min(1).max(100),
    teamId: id.optional(),
    agentIds: z.array(id).min(1).max(1000).optional(),
    queue: z.string().trim().min(1).max(200).optional(),
    minTalkSeconds: z.number().int().min(0).optional(),
    answeredOnly: z.boolean().optional(),
    seed: z.string().trim().min(1).max(100).optional(),
  })
  .refine((d) => d.from <= d.to, { message: 'from must be on or before to', path: ['to'] });
export type CreateSampleDto = z.infer<typeof CreateSampleDto>;

export const SampleListQuery = z.strictObject({ status: z.enum(['open', 'scored', 'all']).optional(), batchId: id.optional(), agentId: id.optional() });
export type SampleListQuery = z.infer<typeof SampleListQuery>;

export const CreateCalibrationDto = z.strictObject({
  callExternalId: z.string().trim().min(1).max(200),
  formVersionId: id,
  evaluatorIds: z.array(id).min(2, 'evaluatorIds: a calibration needs at least two evaluators').max(50),
});
export type CreateCalibrationDto = z.infer<typeof CreateCalibrationDto>;

export const CreateCoachingNoteDto = z.strictObject({
  agentId: id,
  text: z.string().trim().min(1).max(10000),
  followUpDate: localDate.nullable().optional(),
  evaluationId: id.nullable().optional(),
  metric: z.string().trim().min(1).max(100).nullable().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type CreateCoachingNoteDto = z.infer<typeof CreateCoachingNoteDto>;

export const UpdateCoachingNoteDto = z.strictObject({
  text: z.string().trim().min(1).max(10000).optional(),
  followUpDate: localDate.nullable().optional(),
  metric: z.string().trim().min(1).max(100).nullable().optional(),
});
export type UpdateCoachingNoteDto = z.infer<typeof UpdateCoachingNoteDto>;

/** from/to: the local dates (org time zone) the notes were written on. */
export const CoachingListQuery = z
  .strictObject({ agentId: id.optional(), evaluationId: id.optional(), from: localDate.optional(), to: localDate.optional() })
  .refine((d) => !d.from || !d.to || d.from <= d.to, { message: 'from must be on or before to', path: ['to'] });
export type CoachingListQuery = z.infer<typeof CoachingListQuery>;
