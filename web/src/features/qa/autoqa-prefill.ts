import type { Outcome } from '../../../../server/modules/autoqa/domain/autoqa.types';
import type { AnswerValue, FormVersion } from './api/qa-types';

/** A rule of the rule set, with the form item the server resolved its `formItem` to. */
export interface PrefillRule {
  key: string;
  formItemId?: number | null;
}
export interface PrefillFinding {
  rule: string;
  outcome: Outcome;
  formItemId?: number | null;
}

type Item = FormVersion['sections'][number]['items'][number];

function findFormItem(version: Pick<FormVersion, 'sections'>, itemId: number | null | undefined): Item | undefined {
  if (itemId === null || itemId === undefined) return undefined;
  return version.sections.flatMap((s) => s.items).find((i) => i.id === itemId);
}

function answerFor(item: Item, outcome: Outcome): AnswerValue | undefined {
  if (outcome === 'na') return item.naAllowed ? 'na' : undefined;
  if (item.kind === 'yes_no') return outcome === 'pass';
  // A scale item says how well, which a pass/fail rule cannot tell: the evaluator answers it.
  return undefined;
}

/**
 * The answers a supervisor's evaluation of a call starts with, from the call's AutoQA findings
 * (the outcome as it stands, overruled or not) and the rules mapped to form items (the item
 * ids the server resolved on the default form's current version; another form gets nothing):
 * pass → yes, fail → no, na → N/A where the item allows it (else left unanswered).
 * Several rules on one item: any fail makes it no; otherwise any pass makes it yes.
 * Every prefilled answer stays editable; items no rule answers stay empty.
 */
export function prefillAnswers(version: Pick<FormVersion, 'sections'>, rules: readonly PrefillRule[], findings: readonly PrefillFinding[]): Record<number, AnswerValue> {
  const outcomes = new Map<number, { item: Item; outcomes: Outcome[] }>();
  for (const f of findings) {
    const item = findFormItem(version, f.formItemId ?? rules.find((r) => r.key === f.rule)?.formItemId);
    if (!item) continue;
    const entry = outcomes.get(item.id) ?? { item, outcomes: [] };
    entry.outcomes.push(f.outcome);
    outcomes.set(item.id, entry);
  }
  const answers: Record<number, AnswerValue> = {};
  for (const [id, { item, outcomes: list }] of outcomes) {
    const combined: Outcome = list.includes('fail') ? 'fail' : list.includes('pass') ? 'pass' : 'na';
    const value = answerFor(item, combined);
    if (value !== undefined) answers[id] = value;
  }
  return answers;
}
