/**
 * Calibration report, pure: several evaluators scored the same call; for each item and for the
 * overall score, each evaluator's deviation from the group mean. A positive deviation is a
 * lenient evaluator, a negative one a harsh evaluator. Items answered N/A by an evaluator leave
 * that evaluator out of the item's mean (there is nothing to compare).
 */
import type { ItemScore } from './score-evaluation';

export interface CalibrationInput {
  evaluatorId: number;
  evaluationId: number;
  score: number;
  autoFail: boolean;
  items: readonly ItemScore[];
}

export interface EvaluatorDeviation {
  evaluatorId: number;
  evaluationId: number;
  score: number;
  autoFail: boolean;
  /** score - group mean score */
  deviation: number | null;
  /** mean of this evaluator's item deviations (items they did not answer N/A); null when none */
  meanItemDeviation: number | null;
}

export interface ItemDeviation {
  itemId: number;
  /** group mean of the item's earned percentage (100 x earned / possible), N/A answers left out */
  mean: number | null;
  /** highest minus lowest earned percentage: how far apart the evaluators are */
  spread: number | null;
  evaluators: { evaluatorId: number; percent: number | null; deviation: number | null }[];
}

export interface CalibrationReport {
  meanScore: number | null;
  evaluators: EvaluatorDeviation[];
  items: ItemDeviation[];
}

export function calibrationReport(itemIds: readonly number[], inputs: readonly CalibrationInput[]): CalibrationReport {
  const meanScore = mean(inputs.map((i) => i.score));

  const items: ItemDeviation[] = itemIds.map((itemId) => {
    const percents = inputs.map((input) => {
      const s = input.items.find((x) => x.itemId === itemId);
      return { evaluatorId: input.evaluatorId, percent: s && !s.na && s.possible > 0 ? (100 * s.earned) / s.possible : null };
    });
    const answered = percents.map((p) => p.percent).filter((p): p is number => p !== null);
    const m = mean(answered);
    return {
      itemId,
      mean: m,
      spread: answered.length ? Math.max(...answered) - Math.min(...answered) : null,
      evaluators: percents.map((p) => ({ ...p, deviation: p.percent === null || m === null ? null : p.percent - m })),
    };
  });

  const evaluators = inputs.map((input) => {
    const devs = items.map((it) => it.evaluators.find((e) => e.evaluatorId === input.evaluatorId)?.deviation ?? null).filter((d): d is number => d !== null);
    return {
      evaluatorId: input.evaluatorId,
      evaluationId: input.evaluationId,
      score: input.score,
      autoFail: input.autoFail,
      deviation: meanScore === null ? null : input.score - meanScore,
      meanItemDeviation: mean(devs),
    };
  });
  return { meanScore, evaluators, items };
}

function mean(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}
