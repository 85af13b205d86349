export type AnswerValue = boolean | number | 'na';
export type EvaluationStatus = 'draft' | 'submitted' | 'acknowledged' | 'disputed' | 'resolved';

export interface FormItem {
  id: number;
  text: string;
  kind: 'yes_no' | 'scale';
  max: number | null;
  weight: number;
  critical: boolean;
  naAllowed: boolean;
  guidance?: string | null;
}
export interface FormSection {
  id: number;
  title: string;
  items: FormItem[];
}
export interface FormVersion {
  id: number;
  version: number;
  createdAt?: string;
  sections: FormSection[];
  evaluationCount?: number;
}
export interface QaForm {
  id: number;
  name: string;
  description?: string | null;
  archivedAt?: string | null;
  updatedAt?: string;
  currentVersion: FormVersion;
  versions?: FormVersion[];
}

/** The body of POST/PUT /api/qa/forms. */
export interface FormInput {
  name: string;
  description?: string | null;
  sections: Array<{ title: string; items: Array<{ text: string; kind: 'yes_no' | 'scale'; max?: number | null; weight: number; critical?: boolean; naAllowed?: boolean }> }>;
}

export interface Evaluation {
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
  callExternalId: string | null;
  callId?: number | null;
  comment: string | null;
  submittedAt: string | null;
  disputedAt?: string | null;
  disputeReason: string | null;
  resolutionNote?: string | null;
  disputeDeadline: string | null;
  createdAt: string;
}

export interface EvaluationItem extends FormItem {
  value: AnswerValue | null;
  comment: string | null;
  earned: number;
  possible: number;
  na: boolean;
  failedCritical: boolean;
}

export interface EvaluationDetail extends Evaluation {
  earned: number | null;
  possible: number | null;
  sections: Array<{ id: number; title: string; earned: number; possible: number; score: number | null; items: EvaluationItem[] }>;
  history: Array<{ id: number; at: string; user: { id: number; name: string } | null; action: string; fromStatus: string | null; toStatus: string | null; scoreBefore: number | null; scoreAfter: number | null }>;
}

export interface EvaluationListParams {
  agentId?: number;
  teamId?: number;
  from?: string;
  to?: string;
  status?: EvaluationStatus;
  limit?: number;
}

export const qaKeys = {
  all: ['qa'] as const,
  forms: () => [...qaKeys.all, 'forms'] as const,
  form: (id: number) => [...qaKeys.all, 'form', id] as const,
  evaluations: () => [...qaKeys.all, 'evaluations'] as const,
  evaluationList: (params: EvaluationListParams) => [...qaKeys.evaluations(), 'list', params] as const,
  evaluation: (id: number) => [...qaKeys.evaluations(), 'detail', id] as const,
  calibrations: () => [...qaKeys.all, 'calibrations'] as const,
  calibrationReport: (id: number) => [...qaKeys.calibrations(), 'report', id] as const,
};
