import type { EvaluationStatus, FormVersionSummary } from '../../../../../server/modules/qa/qa.types';

export type { AnswerValue } from '../../../../../server/modules/qa/domain/score-evaluation';
export type { FormDto as FormInput, ResolveDto as ResolveInput } from '../../../../../server/modules/qa/qa.dto';
export type {
  EvaluationDetail,
  EvaluationItemView as EvaluationItem,
  EvaluationStatus,
  EvaluationView as Evaluation,
  FormItemView as FormItem,
  FormSectionView as FormSection,
  FormView as QaForm,
} from '../../../../../server/modules/qa/qa.types';
/** A form version as its form shows it (with its evaluation count in the version list). */
export type FormVersion = FormVersionSummary & { evaluationCount?: number };

export interface EvaluationListParams {
  agentId?: number;
  teamId?: number;
  from?: string;
  to?: string;
  status?: EvaluationStatus;
  formId?: number;
  limit?: number;
}

export interface SampleListParams {
  status?: 'open' | 'scored' | 'all';
  batchId?: number;
}

export const qaKeys = {
  all: ['qa'] as const,
  forms: () => [...qaKeys.all, 'forms'] as const,
  form: (id: number) => [...qaKeys.all, 'form', id] as const,
  evaluations: () => [...qaKeys.all, 'evaluations'] as const,
  evaluationList: (params: EvaluationListParams) => [...qaKeys.evaluations(), 'list', params] as const,
  evaluation: (id: number) => [...qaKeys.evaluations(), 'detail', id] as const,
  calibrations: () => [...qaKeys.all, 'calibrations'] as const,
  evaluators: () => [...qaKeys.all, 'evaluators'] as const,
  samples: () => [...qaKeys.all, 'samples'] as const,
  sampleList: (params: SampleListParams) => [...qaKeys.samples(), 'list', params] as const,
  calibrationReport: (id: number) => [...qaKeys.calibrations(), 'report', id] as const,
};
