/**
 * QA scoring (docs/qa.md "Scoring"), pure: the only place an evaluation's score is computed.
 * N/A items leave both earned and possible points; score = 100 x earned / possible; a failed
 * critical item makes the evaluation an auto-fail with score 0. Never rounded here.
 */
export interface ScoringItem {
  id: number;
  sectionId: number;
  text: string;
  kind: 'yes_no' | 'scale';
  /** scale items: the top of the 0..max range */
  max: number | null;
  weight: number;
  critical: boolean;
  naAllowed: boolean;
}

/** A form version's sections and items, as much of it as scoring needs. */
export interface ScorableForm {
  sections: { id: number; items: Omit<ScoringItem, 'sectionId'>[] }[];
}

/** The items of a form version flattened for scoreEvaluation. */
export function scoringItems(form: ScorableForm): ScoringItem[] {
  return form.sections.flatMap((s) => s.items.map((i) => ({ id: i.id, sectionId: s.id, text: i.text, kind: i.kind, max: i.max, weight: i.weight, critical: i.critical, naAllowed: i.naAllowed })));
}

export type AnswerValue = boolean | number | 'na';

export interface Answer {
  itemId: number;
  value: AnswerValue;
}

export interface ItemScore {
  itemId: number;
  earned: number;
  /** 0 when answered N/A */
  possible: number;
  na: boolean;
  failedCritical: boolean;
}

export interface SectionScore {
  sectionId: number;
  earned: number;
  possible: number;
  /** null when every item of the section was N/A */
  score: number | null;
}

export interface ScoreResult {
  score: number;
  autoFail: boolean;
  earned: number;
  possible: number;
  items: ItemScore[];
  sections: SectionScore[];
}

/** An answer that cannot be scored; `itemId` names the item so the API can say which. */
export class AnswerError extends Error {
  constructor(
    readonly itemId: number,
    readonly itemText: string,
    problem: string,
  ) {
    super(itemText ? `Item ${itemId} ("${truncate(itemText)}") ${problem}` : `Item ${itemId} ${problem}`);
  }
}

export function scoreEvaluation(items: readonly ScoringItem[], answers: readonly Answer[]): ScoreResult {
  const byItem = new Map<number, AnswerValue>();
  const known = new Set(items.map((i) => i.id));
  for (const a of answers) {
    if (!known.has(a.itemId)) throw new AnswerError(a.itemId, '', 'is not an item of this form version.');
    if (byItem.has(a.itemId)) throw new AnswerError(a.itemId, '', 'is answered twice.');
    byItem.set(a.itemId, a.value);
  }

  const itemScores = items.map((item) => scoreItem(item, byItem.get(item.id)));
  const earned = sum(itemScores.map((s) => s.earned));
  const possible = sum(itemScores.map((s) => s.possible));
  const autoFail = itemScores.some((s) => s.failedCritical);

  const sectionIds = [...new Set(items.map((i) => i.sectionId))];
  const sections = sectionIds.map((sectionId) => {
    const inSection = itemScores.filter((_, idx) => items[idx].sectionId === sectionId);
    const e = sum(inSection.map((s) => s.earned));
    const p = sum(inSection.map((s) => s.possible));
    return { sectionId, earned: e, possible: p, score: p > 0 ? (100 * e) / p : null };
  });

  // Every item N/A leaves nothing to score: 0 possible points. Such an evaluation scores 0
  // rather than dividing by zero; it cannot pass a form on answers that were all N/A.
  const score = autoFail || possible === 0 ? 0 : (100 * earned) / possible;
  return { score, autoFail, earned, possible, items: itemScores, sections };
}

/** A draft's score: what its answers give so far, and which items are still unanswered. */
export interface DraftScore {
  /** null while items are unanswered, unless a failed critical item already makes it 0 */
  score: number | null;
  autoFail: boolean;
  /** the unanswered items, in form order */
  missing: { id: number; text: string }[];
  /** the answered items' points */
  items: ItemScore[];
  /** the full result once every item is answered */
  complete: ScoreResult | null;
}

/**
 * Scores a draft that may leave items unanswered. Every answer given is checked as in
 * scoreEvaluation; a failed critical item fixes the score at 0 whatever the rest will be.
 */
export function scoreDraft(items: readonly ScoringItem[], answers: readonly Answer[]): DraftScore {
  const answered = new Set(answers.map((a) => a.itemId));
  const missing = items.filter((i) => !answered.has(i.id)).map((i) => ({ id: i.id, text: i.text }));
  if (missing.length === 0) {
    const complete = scoreEvaluation(items, answers);
    return { score: complete.score, autoFail: complete.autoFail, missing, items: complete.items, complete };
  }
  const partial = scoreEvaluation(items.filter((i) => answered.has(i.id)), answers);
  return { score: partial.autoFail ? 0 : null, autoFail: partial.autoFail, missing, items: partial.items, complete: null };
}

function scoreItem(item: ScoringItem, value: AnswerValue | undefined): ItemScore {
  if (value === undefined) throw new AnswerError(item.id, item.text, 'has no answer; every item must be answered.');
  if (value === 'na') {
    if (!item.naAllowed) throw new AnswerError(item.id, item.text, 'does not allow N/A.');
    return { itemId: item.id, earned: 0, possible: 0, na: true, failedCritical: false };
  }
  if (item.kind === 'yes_no') {
    if (typeof value !== 'boolean') throw new AnswerError(item.id, item.text, 'takes true or false.');
    return { itemId: item.id, earned: value ? item.weight : 0, possible: item.weight, na: false, failedCritical: item.critical && !value };
  }
  const max = item.max ?? 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new AnswerError(item.id, item.text, `takes a number from 0 to ${max}.`);
  }
  // A critical scale item fails when it scores 0.
  return { itemId: item.id, earned: (item.weight * value) / max, possible: item.weight, na: false, failedCritical: item.critical && value === 0 };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const truncate = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
