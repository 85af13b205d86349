/**
 * The shapes of the calls and AutoQA endpoints (docs/api.md "Calls, transcripts and AutoQA"). Pure
 * types, so the dashboard can import them.
 */
import type { ContactChannel, Outcome, RuleDefinition, Speaker } from './domain/autoqa.types';

export interface EvidenceView {
  seq: number;
  /** The turn's text verbatim; start/end index the match in it. */
  text: string;
  start: number;
  end: number;
}

export interface FindingView {
  rule: string;
  /** The outcome that counts (the overrule's when overruled). */
  outcome: Outcome;
  overruled: boolean;
  /** The engine's outcome, when overruled. */
  originalOutcome: Outcome;
  overrule: { outcome: Outcome; reason: string; by: { id: number; name: string } | null; at: string } | null;
  /** The QA form item this rule answers on the default form's current version (for "Score this call"). */
  formItemId: number | null;
  evidence: EvidenceView[];
}

export interface CallAutoqa {
  ruleSetVersion: number;
  score: number | null;
  autoFail: boolean;
  findings: FindingView[];
}

export interface CallDetail {
  id: number;
  externalId: string;
  startedAt: string;
  channel: ContactChannel;
  direction: 'inbound' | 'outbound';
  queue: string | null;
  agent: { id: number; code: string; name: string } | null;
  team: { id: number; name: string } | null;
  answered: boolean;
  queueWaitS: number | null;
  talkS: number | null;
  holdS: number | null;
  acwS: number | null;
  resolved: boolean | null;
  escalated: boolean;
  transferred: boolean;
  complaintLevel: string;
  topic: string | null;
  recordingUrl: string | null;
  survey: { csat: number | null; nps: number | null; comment: string | null } | null;
  transcript: { seq: number; offsetS: number | null; speaker: Speaker; text: string }[];
  autoqa: CallAutoqa | null;
  evaluations: { id: number; status: string; score: number | null }[];
  complaints: { externalId: string; level: string; status: string }[];
  /** What the caller may do here. */
  can: { overrule: boolean };
}

export type RuleView = RuleDefinition & { formItemId: number | null; formItemText: string | null };

export interface RuleSetView {
  id: number;
  version: number;
  createdAt: string;
  createdBy: { id: number; name: string } | null;
  rules: RuleView[];
  /** The default QA form version the rules' form items are resolved on. */
  formVersionId: number | null;
  /** The version the figures use (the newest once its re-score has finished). */
  figuresVersion: number;
  rescoring: boolean;
}

export interface RescoringView {
  running: boolean;
  /** The newest version (being scored when running). */
  ruleSetVersion: number;
  /** The version the figures use. */
  figuresVersion: number;
  total: number;
  done: number;
  progress: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface PreviewResult {
  score: number | null;
  autoFail: boolean;
  findings: { rule: string; outcome: Outcome; evidence: EvidenceView[] }[];
}

export interface AgreementRow {
  rule: string;
  formItem: string | null;
  /** Calls (evaluations) where both the person and AutoQA said pass or fail. */
  n: number;
  agreement: number | null;
  kappa: number | null;
}

/** `GET /api/autoqa/findings`: one finding of one of an agent's calls, with the lines (the agent's scorecard). */
export interface AgentFindingView {
  callExternalId: string;
  startedAt: string;
  rule: string;
  /** The outcome that counts (the overrule's when overruled). */
  outcome: Outcome;
  overruled: boolean;
  evidence: EvidenceView[];
}
