export type { ReviewFollowUp, ReviewMetric, ReviewReason, WeeklyReview } from '../../../../../server/modules/review/review.types';
export type { AgentRef as ReviewAgent } from '../../../../../server/modules/review/domain/attention-rules';
