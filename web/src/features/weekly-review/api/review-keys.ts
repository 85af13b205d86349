export type { ReviewFollowUp, ReviewMetric, ReviewReason, WeeklyReview } from '../../../../../server/modules/review/review.types';
export type { AgentRef as ReviewAgent } from '../../../../../server/modules/review/domain/attention-rules';

export interface ReviewParams {
  week: string;
  teamId: number;
  lang: string;
}

export const reviewKeys = {
  all: ['weekly-review'] as const,
  week: (params: ReviewParams) => [...reviewKeys.all, params] as const,
};
