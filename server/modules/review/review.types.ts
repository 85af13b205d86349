import type { MetricKey, Status } from '../kpi/kpi.types';
import type { AgentRef, Evidence, RuleId } from './domain/attention-rules';
import type { ReviewLang } from './domain/review-text';

/** One team metric on the review: this week, last week, and the 4 weeks ending with this week. */
export interface ReviewMetric {
  value: number | null;
  num: number;
  den: number;
  n: number;
  lowSample: boolean;
  target: number | null;
  status: Status | null;
  previous: number | null;
  delta: number | null;
  /** One ratio of sums over the 4 weeks ending with this week (counts: the weekly average). */
  avg4w: number | null;
}

export interface ReviewReason {
  rule: RuleId;
  metric: MetricKey | null;
  text: string;
  /** `calls` names each of `callIds` by its external id (the call page's address). */
  evidence: Evidence & { calls: { id: number; externalId: string }[] };
}

export interface ReviewFollowUp {
  noteId: number;
  agent: AgentRef;
  metric: MetricKey;
  rule: string | null;
  noteText: string;
  followUpDate: string;
  /** The figure when the note was written (stored with the note) and in the reviewed week. */
  before: number | null;
  now: number | null;
  nowN: number;
  nowLowSample: boolean;
  /** improved / worse / unchanged, or unknown when either side is missing or too small a sample. */
  moved: 'improved' | 'worse' | 'unchanged' | 'unknown';
  text: string;
}

export interface WeeklyReview {
  week: string;
  from: string;
  to: string;
  lang: ReviewLang;
  team: { id: number; name: string };
  metrics: Partial<Record<MetricKey, ReviewMetric>>;
  attention: { agent: AgentRef; severity: number; level: 'high' | 'medium' | 'low'; reasons: ReviewReason[] }[];
  recognition: { agent: AgentRef; reasons: ReviewReason[] }[];
  followUps: ReviewFollowUp[];
}
