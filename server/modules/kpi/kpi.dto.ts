import { z } from 'zod';
import { channels } from '../org/settings.types';
import { isMetricKey } from './domain/kpi-definitions';
import { isValidLocalDate, withinThreeYears } from './domain/periods';
import { granularities, groupBys, metricKeys, type MetricKey } from './kpi.types';

const id = z.coerce.number().int().positive();
const localDate = z.string().refine(isValidLocalDate, 'must be a real date YYYY-MM-DD');

const rangeChecks = <T extends { from: string; to: string }>(q: T, ctx: z.RefinementCtx) => {
  if (!isValidLocalDate(q.from) || !isValidLocalDate(q.to)) return;
  if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `from (${q.from}) is after to (${q.to})` });
  else if (!withinThreeYears(q.from, q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: `the range ${q.from}..${q.to} is longer than 3 years` });
};

const metricsList = z
  .string()
  .transform((s, ctx) => {
    const list = s.split(',').map((m) => m.trim()).filter(Boolean);
    const bad = list.filter((m) => !isMetricKey(m));
    if (bad.length || list.length === 0) {
      ctx.addIssue({ code: 'custom', message: `unknown metric ${bad.join(', ') || '(empty)'}; known metrics are ${metricKeys.join(', ')}` });
      return z.NEVER;
    }
    return list as MetricKey[];
  });

/** `GET /api/kpis` query parameters. */
export const KpiQueryDto = z
  .strictObject({
    from: localDate,
    to: localDate,
    granularity: z.enum(granularities).default('total'),
    groupBy: z.enum(groupBys).default('org'),
    siteId: id.optional(),
    teamId: id.optional(),
    agentId: id.optional(),
    queue: z.string().trim().min(1).max(200).optional(),
    channel: z.enum(channels).optional(),
    metrics: metricsList.optional(),
    /** `columns`: one array per field instead of one object per row (docs/kpi.md "Columnar answers"). */
    shape: z.enum(['rows', 'columns']).optional(),
  })
  .superRefine(rangeChecks);
export type KpiQueryDto = z.infer<typeof KpiQueryDto>;

/** `GET /api/kpis/summary` query parameters. */
export const KpiSummaryQueryDto = z
  .strictObject({ from: localDate, to: localDate, teamId: id.optional(), agentId: id.optional(), siteId: id.optional() })
  .superRefine(rangeChecks);
export type KpiSummaryQueryDto = z.infer<typeof KpiSummaryQueryDto>;
