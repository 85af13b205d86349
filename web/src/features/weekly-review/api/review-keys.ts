import type { MetricKey, Status } from '../../../lib/metrics';

export interface ReviewMetric {
  value: number | null;
  target: number | null;
  status: Status | null;
  delta: number | null;
  previous: number | null;
  avg4w: number | null;
  n?: number;
  lowSample?: boolean;
}

export interface ReviewReason {
  rule: string;
  text: string;
  metric?: MetricKey | null;
  evidence: { metrics: Record<string, unknown>; callIds: number[]; evaluationIds: number[] };
}

export interface ReviewAgent {
  id: number;
  code: string;
  name: string;
}

export interface WeeklyReview {
  week: string;
  team: { id: number; name: string };
  metrics: Partial<Record<MetricKey, ReviewMetric>>;
  attention: Array<{ agent: ReviewAgent; severity: number; level?: 'high' | 'medium' | 'low'; reasons: ReviewReason[] }>;
  recognition: Array<{ agent: ReviewAgent; reasons: ReviewReason[] }>;
  followUps?: ReviewFollowUp[];
}

/** A coaching note whose follow-up date falls in the reviewed week, with whether its metric moved. */
export interface ReviewFollowUp {
  noteId: number;
  agent: ReviewAgent;
  metric: MetricKey;
  rule: string | null;
  noteText: string;
  followUpDate: string;
  before: number | null;
  now: number | null;
  nowN: number;
  nowLowSample: boolean;
  moved: 'improved' | 'worse' | 'unchanged' | 'unknown';
  text: string;
}

export interface ReviewParams {
  week: string;
  teamId: number;
  lang: string;
}

export const reviewKeys = {
  all: ['weekly-review'] as const,
  week: (params: ReviewParams) => [...reviewKeys.all, params] as const,
};
