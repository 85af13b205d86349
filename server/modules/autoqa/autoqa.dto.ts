import { z } from 'zod';

const channel = z.enum(['phone', 'chat', 'email', 'wechat', 'video']);
const phrase = z.string().trim().min(1).max(200);
const phrases = z.array(phrase).min(1).max(500);
const common = {
  key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lower-case letters, digits and _ (e.g. greeting)'),
  weight: z.number().finite().min(0).max(1000),
  critical: z.boolean().optional().default(false),
  channels: z.array(channel).max(5).nullable().optional().default(null),
  formItem: z.string().max(50).nullable().optional(),
};
const where = z.enum(['first', 'last']);
const turns = z.number().int().min(1).max(50);

export const RuleDto = z.discriminatedUnion('kind', [
  z.strictObject({ ...common, kind: z.literal('required'), phrases, where, turns }),
  z.strictObject({ ...common, kind: z.literal('forbidden'), phrases }),
  z.strictObject({ ...common, kind: z.literal('conditional'), triggers: phrases, phrases, within: turns }),
  z.strictObject({ ...common, kind: z.literal('response_time'), seconds: z.number().finite().min(0).max(86_400) }),
  z.strictObject({
    ...common,
    kind: z.literal('pattern'),
    regex: z
      .string()
      .min(1)
      .max(500)
      .refine((r) => {
        try {
          new RegExp(r, 'u');
          return true;
        } catch {
          return false;
        }
      }, 'is not a valid regular expression'),
    where,
    turns,
  }),
]);

const rules = z
  .array(RuleDto)
  .min(1)
  .max(100)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((r, i) => {
      if (seen.has(r.key)) ctx.addIssue({ code: 'custom', message: `rule key "${r.key}" is used twice; each rule needs its own key`, path: [i, 'key'] });
      seen.add(r.key);
    });
  });

export const RuleSetDto = z.strictObject({ rules });
export type RuleSetDto = z.infer<typeof RuleSetDto>;

const TurnDto = z.strictObject({
  seq: z.number().int().min(0).max(2_147_483_647),
  offsetS: z.number().finite().min(0).max(2_000_000).nullable().optional(),
  speaker: z.enum(['agent', 'customer', 'system']),
  text: z.string().max(10_000),
});

export const PreviewDto = z
  .strictObject({ channel, turns: z.array(TurnDto).max(2000), rules: rules.optional() })
  .superRefine((d, ctx) => {
    const seen = new Set<number>();
    d.turns.forEach((t, i) => {
      if (seen.has(t.seq)) ctx.addIssue({ code: 'custom', message: `seq ${t.seq} appears twice; each turn needs its own seq`, path: ['turns', i, 'seq'] });
      seen.add(t.seq);
    });
  });
export type PreviewDto = z.infer<typeof PreviewDto>;

export const OverruleDto = z.strictObject({
  rule: z.string().min(1).max(64),
  outcome: z.enum(['pass', 'fail', 'na']),
  reason: z.string().trim().min(1, 'say why the finding is overruled').max(2000),
});
export type OverruleDto = z.infer<typeof OverruleDto>;

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a calendar date');

export const AgreementQuery = z
  .strictObject({ from: localDate, to: localDate, teamId: z.coerce.number().int().positive().max(2_147_483_647).optional() })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['from'] });
export type AgreementQuery = z.infer<typeof AgreementQuery>;

export const CallParam = z.strictObject({ externalId: z.string().min(1).max(200) });
export type CallParam = z.infer<typeof CallParam>;
