import type { ContactChannel, Evidence, Outcome, Turn } from '../../../../../server/modules/autoqa/domain/autoqa.types';

export type { ContactChannel, Evidence, Outcome, Speaker, Turn } from '../../../../../server/modules/autoqa/domain/autoqa.types';

/** One rule's result on the call (api.md "Calls, transcripts and AutoQA"). */
export interface CallFinding {
  rule: string;
  /** The outcome that counts (the overrule's when overruled). */
  outcome: Outcome;
  overruled: boolean;
  originalOutcome?: Outcome;
  overrule?: { outcome: Outcome; reason: string; by: { id: number; name: string } | null; at: string } | null;
  /** The default QA form item this rule answers, for "Score this call". */
  formItemId?: number | null;
  evidence: Evidence[];
}

export interface CallAutoqa {
  ruleSetVersion: number;
  score: number | null;
  autoFail: boolean;
  findings: CallFinding[];
}

/** `GET /api/calls/:externalId`. */
export interface CallDetail {
  id: number;
  externalId: string;
  startedAt: string;
  channel: ContactChannel | string | null;
  queue: string | null;
  agent: { id: number; code: string; name: string } | null;
  team: { id: number; name: string } | null;
  answered: boolean | null;
  queueWaitS: number | null;
  talkS: number | null;
  holdS: number | null;
  acwS: number | null;
  resolved: boolean | null;
  escalated: boolean | null;
  transferred: boolean | null;
  complaintLevel: number | string | null;
  recordingUrl: string | null;
  survey: { csat: number | null; nps: number | null; comment: string | null } | null;
  transcript: Turn[];
  autoqa: CallAutoqa | null;
  evaluations: Array<{ id: number; status: string; score: number | null }>;
  complaints: Array<{ externalId: string; level: number | string | null; status: string }>;
  /** What the caller may do here. */
  can?: { overrule: boolean; evaluate: boolean };
}

export interface OverruleInput {
  externalId: string;
  rule: string;
  outcome: Outcome;
  reason: string;
}

export const callKeys = {
  all: ['calls'] as const,
  detail: (externalId: string) => [...callKeys.all, 'detail', externalId] as const,
};

/** The page of a call, by its external id (URL-encoded: ids may carry `/`, `#` or spaces). */
export const callPath = (externalId: string) => `/calls/${encodeURIComponent(externalId)}`;
