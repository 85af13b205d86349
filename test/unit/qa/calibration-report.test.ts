import { calibrationReport } from '../../../server/modules/qa/domain/calibration-report';
import { ScoringItem, scoreEvaluation } from '../../../server/modules/qa/domain/score-evaluation';

// Item 1: yes/no, 10 points. Item 2: scale 0..4, 10 points, N/A allowed.
const items: ScoringItem[] = [
  { id: 1, sectionId: 1, text: 'greeting', kind: 'yes_no', max: null, weight: 10, critical: false, naAllowed: false },
  { id: 2, sectionId: 1, text: 'information', kind: 'scale', max: 4, weight: 10, critical: false, naAllowed: true },
];
const scored = (evaluatorId: number, v1: boolean, v2: number | 'na') => {
  const r = scoreEvaluation(items, [
    { itemId: 1, value: v1 },
    { itemId: 2, value: v2 },
  ]);
  return { evaluatorId, evaluationId: 100 + evaluatorId, score: r.score, autoFail: r.autoFail, items: r.items };
};

describe('calibrationReport', () => {
  // A: yes, 4/4 -> 20/20 = 100 (items 100%, 100%)
  // B: yes, 2/4 -> 15/20 = 75  (items 100%, 50%)
  // C: no, N/A  -> 0/10  = 0   (items 0%, -)
  const report = calibrationReport([1, 2], [scored(1, true, 4), scored(2, true, 2), scored(3, false, 'na')]);

  it('gives each evaluator the deviation of their overall score from the group mean', () => {
    // mean = (100 + 75 + 0) / 3 = 58.333…
    expect(report.meanScore).toBeCloseTo(58.333333333333336, 12);
    expect(report.evaluators.map((e) => e.deviation)).toEqual([expect.closeTo(41.666666666666664, 12), expect.closeTo(16.666666666666664, 12), expect.closeTo(-58.333333333333336, 12)]);
  });

  it('per item, compares earned percentages and leaves N/A answers out of the mean', () => {
    const [i1, i2] = report.items;
    // item 1: (100 + 100 + 0) / 3 = 66.667; deviations +33.33, +33.33, -66.67; spread 100
    expect(i1.mean).toBeCloseTo(66.66666666666667, 12);
    expect(i1.spread).toBe(100);
    expect(i1.evaluators.map((e) => e.deviation)).toEqual([expect.closeTo(33.333333333333336, 12), expect.closeTo(33.333333333333336, 12), expect.closeTo(-66.66666666666667, 12)]);
    // item 2: (100 + 50) / 2 = 75; deviations +25, -25; C answered N/A
    expect(i2.mean).toBe(75);
    expect(i2.spread).toBe(50);
    expect(i2.evaluators).toEqual([
      { evaluatorId: 1, percent: 100, deviation: 25 },
      { evaluatorId: 2, percent: 50, deviation: -25 },
      { evaluatorId: 3, percent: null, deviation: null },
    ]);
  });

  it("averages each evaluator's item deviations, so harsh and lenient evaluators show", () => {
    // A: (33.333 + 25) / 2 = 29.1667; B: (33.333 - 25) / 2 = 4.1667; C: -66.667 (one item)
    expect(report.evaluators.map((e) => e.meanItemDeviation)).toEqual([expect.closeTo(29.166666666666668, 12), expect.closeTo(4.166666666666668, 12), expect.closeTo(-66.66666666666667, 12)]);
  });

  it('has no means for an empty session', () => {
    expect(calibrationReport([1, 2], [])).toEqual({
      meanScore: null,
      evaluators: [],
      items: [
        { itemId: 1, mean: null, spread: null, evaluators: [] },
        { itemId: 2, mean: null, spread: null, evaluators: [] },
      ],
    });
  });
});
