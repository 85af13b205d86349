import { scoreEvaluation, scoringItems, type Answer, type AnswerValue, type ScorableForm } from '../../../../server/modules/qa/domain/score-evaluation';

export interface LiveScore {
  /** null until something scorable is answered */
  score: number | null;
  autoFail: boolean;
  answered: number;
  total: number;
}

/** The same scoring as the server, over the items answered so far. */
export function liveScore(version: ScorableForm, answers: Record<number, AnswerValue | undefined>): LiveScore {
  const items = scoringItems(version);
  const answered = items.filter((i) => answers[i.id] !== undefined);
  const list: Answer[] = answered.map((i) => ({ itemId: i.id, value: answers[i.id]! }));
  if (answered.length === 0) return { score: null, autoFail: false, answered: 0, total: items.length };
  const r = scoreEvaluation(answered, list);
  return { score: r.possible === 0 && !r.autoFail ? null : r.score, autoFail: r.autoFail, answered: answered.length, total: items.length };
}
