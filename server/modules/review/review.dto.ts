import { z } from 'zod';
import { reviewLangs } from './domain/review-text';

const week = z.string().regex(/^\d{4}-W\d{2}$/, 'must be an ISO week such as 2026-W47');
const id = z.coerce.number().int().positive();
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const WeeklyReviewQuery = z.strictObject({
  week: week.optional(),
  teamId: id.optional(),
  lang: z.enum(reviewLangs).optional(),
});
export type WeeklyReviewQuery = z.infer<typeof WeeklyReviewQuery>;

export const ReviewCoachingDto = z.strictObject({
  agentId: id,
  week,
  rule: z.string().trim().min(1).max(100),
  metric: z.string().trim().min(1).max(100).optional(),
  text: z.string().trim().min(1).max(10000),
  followUpDate: localDate,
  /** The review's words for the entry, kept beside the supervisor's own text (shown folded). */
  reasons: z.array(z.string().trim().min(1).max(2000)).max(20).optional(),
});
export type ReviewCoachingDto = z.infer<typeof ReviewCoachingDto>;
