/**
 * The life of a QA evaluation, written once: which action is allowed in which status and the
 * status it leads to. A draft is edited and submitted (or deleted); the agent acknowledges or
 * disputes a submitted evaluation; a supervisor resolves a dispute. Only an admin deletes an
 * evaluation past its draft. Pure: the service (and the dashboard, to show its buttons) read it;
 * who the caller is, calibration practice scores and the dispute window stay with the service.
 */

export const evaluationStatuses = ['draft', 'submitted', 'acknowledged', 'disputed', 'resolved'] as const;
export type EvaluationStatus = (typeof evaluationStatuses)[number];

/** `delete_as_admin`: the delete of a caller allowed to remove submitted evaluations (the KPIs follow). */
export const evaluationActions = ['edit', 'submit', 'acknowledge', 'dispute', 'resolve', 'delete', 'delete_as_admin'] as const;
export type EvaluationAction = (typeof evaluationActions)[number];

/** Stable codes of a refused action (409 bodies carry them; clients branch on them). */
export type EvaluationRefusalCode = 'evaluation_not_draft' | 'evaluation_not_submitted' | 'evaluation_not_disputed' | 'evaluation_delete_needs_admin';

export type EvaluationStep =
  | { allowed: true; to: EvaluationStatus | 'deleted' }
  | { allowed: false; code: EvaluationRefusalCode; reason: string };

const to = (status: EvaluationStatus | 'deleted'): EvaluationStep => ({ allowed: true, to: status });

const notDraftToEdit: EvaluationStep = { allowed: false, code: 'evaluation_not_draft', reason: 'only a draft can be edited (a submitted one changes through a dispute)' };
const notDraftToSubmit: EvaluationStep = { allowed: false, code: 'evaluation_not_draft', reason: 'only a draft can be submitted' };
const notSubmittedToAcknowledge: EvaluationStep = { allowed: false, code: 'evaluation_not_submitted', reason: 'only a submitted evaluation can be acknowledged' };
const notSubmittedToDispute: EvaluationStep = { allowed: false, code: 'evaluation_not_submitted', reason: 'only a submitted evaluation can be disputed' };
const notDisputed: EvaluationStep = { allowed: false, code: 'evaluation_not_disputed', reason: 'only a disputed evaluation can be resolved' };
const deleteNeedsAdmin: EvaluationStep = { allowed: false, code: 'evaluation_delete_needs_admin', reason: 'only an admin can delete a submitted evaluation' };

/** Acknowledged and resolved evaluations are settled: nothing moves them but an admin's delete. */
const settled: Record<EvaluationAction, EvaluationStep> = {
  edit: notDraftToEdit,
  submit: notDraftToSubmit,
  acknowledge: notSubmittedToAcknowledge,
  dispute: notSubmittedToDispute,
  resolve: notDisputed,
  delete: deleteNeedsAdmin,
  delete_as_admin: to('deleted'),
};

const LIFECYCLE: Record<EvaluationStatus, Record<EvaluationAction, EvaluationStep>> = {
  draft: {
    edit: to('draft'),
    submit: to('submitted'),
    acknowledge: notSubmittedToAcknowledge,
    dispute: notSubmittedToDispute,
    resolve: notDisputed,
    delete: to('deleted'),
    delete_as_admin: to('deleted'),
  },
  submitted: {
    edit: notDraftToEdit,
    submit: notDraftToSubmit,
    acknowledge: to('acknowledged'),
    dispute: to('disputed'),
    resolve: notDisputed,
    delete: deleteNeedsAdmin,
    delete_as_admin: to('deleted'),
  },
  acknowledged: settled,
  // A dispute waits for its resolution; otherwise it is as settled as the rest.
  disputed: { ...settled, resolve: to('resolved') },
  resolved: settled,
};

/** What `action` does to an evaluation in `status`: the next status, or a refusal with its code. */
export function evaluationStep(status: EvaluationStatus, action: EvaluationAction): EvaluationStep {
  return LIFECYCLE[status][action];
}

export function evaluationAllows(status: EvaluationStatus, action: EvaluationAction): boolean {
  return LIFECYCLE[status][action].allowed;
}
