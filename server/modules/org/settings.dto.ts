import { z } from 'zod';
import { channels } from './settings.types';
import { complaintLevels } from '../complaints/domain/complaint-clock';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const deadlineSeconds = z.number().int().min(1).max(90 * 86400);

const target = z.strictObject({ target: z.number().finite(), tolerance: z.number().min(0).finite().optional() });
const targetMap = z.record(z.string(), target);

export const UpdateSettingsDto = z.strictObject({
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai').optional(),
  serviceLevelSeconds: z.number().int().min(0).max(86400 * 7).optional(),
  serviceLevelByChannel: z.partialRecord(z.enum(channels), z.number().int().min(0).max(86400 * 7)).optional(),
  shortAbandonSeconds: z.number().int().min(0).max(3600).optional(),
  fcrMethod: z.enum(['flag', 'repeat']).optional(),
  fcrWindowDays: z.number().int().min(1).max(90).optional(),
  minSample: z
    .strictObject({
      calls: z.number().int().min(0).optional(),
      surveys: z.number().int().min(0).optional(),
      nps: z.number().int().min(0).optional(),
      qa: z.number().int().min(0).optional(),
      complaints: z.number().int().min(0).optional(),
    })
    .optional(),
  disputeWindowDays: z.number().int().min(0).max(365).optional(),
  targets: z
    .strictObject({
      org: targetMap.optional(),
      teams: z.record(z.string().regex(/^\d+$/, 'team keys are team ids'), targetMap).optional(),
      channels: z.partialRecord(z.enum(channels), targetMap).optional(),
    })
    .optional(),
  reviewRules: z.record(z.string(), z.number().finite()).optional(),
  /** Seconds per grade; any subset (docs/complaints.md). Up to 90 days. */
  complaintDeadlines: z
    .strictObject({
      response: z.partialRecord(z.enum(complaintLevels), deadlineSeconds).optional(),
      resolution: z.partialRecord(z.enum(complaintLevels), deadlineSeconds).optional(),
    })
    .optional(),
});
export type UpdateSettingsDto = z.infer<typeof UpdateSettingsDto>;
