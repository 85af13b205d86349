import {
  evaluationActions,
  evaluationAllows,
  evaluationStatuses,
  evaluationStep,
  type EvaluationAction,
  type EvaluationStatus,
} from '../../../server/modules/qa/domain/evaluation-lifecycle';

type Expected = EvaluationStatus | 'deleted' | 'evaluation_not_draft' | 'evaluation_not_submitted' | 'evaluation_not_disputed' | 'evaluation_delete_needs_admin';

// Every (status, action) pair, written out by hand from qa.md: a next status, or the refusal's code.
const expected: Record<EvaluationStatus, Record<EvaluationAction, Expected>> = {
  draft: {
    edit: 'draft',
    submit: 'submitted',
    acknowledge: 'evaluation_not_submitted',
    dispute: 'evaluation_not_submitted',
    resolve: 'evaluation_not_disputed',
    delete: 'deleted',
    delete_as_admin: 'deleted',
  },
  submitted: {
    edit: 'evaluation_not_draft',
    submit: 'evaluation_not_draft',
    acknowledge: 'acknowledged',
    dispute: 'disputed',
    resolve: 'evaluation_not_disputed',
    delete: 'evaluation_delete_needs_admin',
    delete_as_admin: 'deleted',
  },
  acknowledged: {
    edit: 'evaluation_not_draft',
    submit: 'evaluation_not_draft',
    acknowledge: 'evaluation_not_submitted',
    dispute: 'evaluation_not_submitted',
    resolve: 'evaluation_not_disputed',
    delete: 'evaluation_delete_needs_admin',
    delete_as_admin: 'deleted',
  },
  disputed: {
    edit: 'evaluation_not_draft',
    submit: 'evaluation_not_draft',
    acknowledge: 'evaluation_not_submitted',
    dispute: 'evaluation_not_submitted',
    resolve: 'resolved',
    delete: 'evaluation_delete_needs_admin',
    delete_as_admin: 'deleted',
  },
  resolved: {
    edit: 'evaluation_not_draft',
    submit: 'evaluation_not_draft',
    acknowledge: 'evaluation_not_submitted',
    dispute: 'evaluation_not_submitted',
    resolve: 'evaluation_not_disputed',
    delete: 'evaluation_delete_needs_admin',
    delete_as_admin: 'deleted',
  },
};

const pairs = evaluationStatuses.flatMap((status) => evaluationActions.map((action) => [status, action, expected[status][action]] as const));

describe('QA evaluation lifecycle', () => {
  it('covers every status and action (35 pairs)', () => {
    expect(pairs).toHaveLength(5 * 7);
  });

  it.each(pairs)('%s × %s → %s', (status, action, outcome) => {
    const step = evaluationStep(status, action);
    if (step.allowed) expect(step.to).toBe(outcome);
    else {
      expect(step.code).toBe(outcome);
      expect(step.reason.length).toBeGreaterThan(0);
    }
    expect(evaluationAllows(status, action)).toBe(step.allowed);
  });

  it('never leads back to a draft once submitted', () => {
    for (const status of evaluationStatuses.filter((s) => s !== 'draft')) {
      for (const action of evaluationActions) {
        const step = evaluationStep(status, action);
        if (step.allowed) expect(step.to).not.toBe('draft');
      }
    }
  });
});
