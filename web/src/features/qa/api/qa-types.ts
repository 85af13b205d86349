import type { FormVersionSummary } from '../../../../../server/modules/qa/qa.types';

export type { AnswerValue } from '../../../../../server/modules/qa/domain/score-evaluation';
export type { FormDto as FormInput, ResolveDto as ResolveInput } from '../../../../../server/modules/qa/qa.dto';
export type { EvaluationDetail, EvaluationItemView as EvaluationItem, EvaluationStatus, EvaluationView as Evaluation, FormItemView as FormItem, FormSectionView as FormSection, FormView as QaForm } from '../../../../../server/modules/qa/qa.types';
/** A form version as its form shows it (with its evaluation count in the version list). */
export type FormVersion = FormVersionSummary & { evaluationCount?: number };
