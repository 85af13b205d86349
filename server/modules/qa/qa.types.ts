import type { EvaluatorDeviation, ItemDeviation } from './domain/calibration-report';
import type { AnswerValue, ItemScore, ScoringItem } from './domain/score-evaluation';
import type { EvaluationStatus } from './domain/evaluation-lifecycle';
import type { CreateSampleDto } from './qa.dto';

/** The shapes the QA API answers with; pure so the dashboard can import them as types. */
export type { EvaluationStatus } from './domain/evaluation-lifecycle';

export interface FormItemView extends Omit<ScoringItem, 'sectionId'> {
  guidance: string | null;
}
export interface FormSectionView {
  id: number;
  title: string;
  items: FormItemView[];
}
export interface FormVersionView {
  id: number;
  formId: number;
  formName: string;
  version: number;
  archived: boolean;
  createdAt: string;
  sections: FormSectionView[];
}
/** A version as shown inside its form. */
export type FormVersionSummary = Omit<FormVersionView, 'formId' | 'formName' | 'archived'>;
export interface FormView {
  id: number;
  name: string;
  description: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  currentVersion: FormVersionSummary;
  versions?: (FormVersionSummary & { evaluationCount: number })[];
}

export interface EvaluationView {
  id: number;
  source: 'app' | 'import';
  status: EvaluationStatus;
  score: number | null;
  autoFail: boolean;
  agent: { id: number; code: string; name: string };
  evaluator: { id: number; name: string } | null;
  evaluatorLabel: string | null;
  form: { id: number; name: string; versionId: number; version: number } | null;
  formLabel: string | null;
  formVersionId: number | null;
  callExternalId: string | null;
  callId: number | null;
  calibrationId: number | null;
  comment: string | null;
  submittedAt: string | null;
  acknowledgedAt: string | null;
  disputedAt: string | null;
  disputeReason: string | null;
  /** The items the agent disputed, each with its reason; empty for a whole-evaluation dispute. */
  disputeItems: { itemId: number; reason: string }[];
  resolvedAt: string | null;
  resolvedBy: number | null;
  resolutionNote: string | null;
  /** Last moment the agent may dispute (submission + the dispute window); null while a draft. */
  disputeDeadline: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One item of an evaluation: the form item, the answer given and what it earned. */
export interface EvaluationItemView extends FormItemView, Omit<ItemScore, 'itemId'> {
  value: AnswerValue | null;
  comment: string | null;
}

export interface EvaluationSectionView {
  id: number;
  title: string;
  earned: number;
  possible: number;
  score: number | null;
  items: EvaluationItemView[];
}

export interface EvaluationHistoryEntry {
  id: number;
  at: string;
  user: { id: number; name: string } | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  scoreBefore: number | null;
  scoreAfter: number | null;
  detail: Record<string, unknown>;
}

export interface EvaluationDetail extends EvaluationView {
  earned: number | null;
  possible: number | null;
  sections: EvaluationSectionView[];
  /** A draft's items still unanswered (form order); it cannot be submitted until this is empty. */
  unansweredItemIds: number[];
  history: EvaluationHistoryEntry[];
}

export interface CalibrationView {
  id: number;
  status: 'open' | 'closed';
  call: { id: number; externalId: string; startedAt: string };
  agent: { id: number; code: string; name: string };
  formVersionId: number;
  createdBy: number | null;
  createdAt: string;
  closedAt: string | null;
  evaluators: { id: number; name: string; scored: boolean; evaluationId: number | null }[];
}

export interface CalibrationReportView {
  calibration: CalibrationView;
  meanScore: number | null;
  evaluators: (EvaluatorDeviation & { name: string })[];
  items: (ItemDeviation & { text: string; sectionTitle: string })[];
}

export interface SampledCall {
  batchId: number;
  callId: number;
  externalId: string;
  startedAt: string;
  queue: string | null;
  talkSeconds: number | null;
  answered: boolean;
  agent: { id: number; code: string; name: string };
  /** An evaluation (not a calibration score) references the call. */
  scored: boolean;
  evaluationId: number | null;
}

export interface SampleBatch {
  id: number;
  seed: string;
  params: Omit<CreateSampleDto, 'seed'>;
  createdAt: string;
  calls: SampledCall[];
}
