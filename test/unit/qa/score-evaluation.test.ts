import { AnswerError, ScoringItem, scoreDraft, scoreEvaluation } from '../../../server/modules/qa/domain/score-evaluation';
import { DEFAULT_QA_FORM } from '../../../seeds/default-qa-form';

// The default form (seeds/default-qa-form.ts) with ids 1..13 and sections 1..6, in order.
// weights: 5, 5, 10 (critical), 10 (scale 0-5), 10 | 15 (scale 0-5), 10 (N/A), 10 (N/A), 5 (N/A) | 10 (critical), 5 (scale 0-5) | 5 | 5 = 105
let nextId = 1;
const defaultForm: ScoringItem[] = DEFAULT_QA_FORM.sections.flatMap((s, si) =>
  s.items.map((i) => ({ id: nextId++, sectionId: si + 1, text: i.text, kind: i.kind, max: i.kind === 'scale' ? (i.max ?? 5) : null, weight: i.weight, critical: i.critical ?? false, naAllowed: i.naAllowed ?? false })),
);
const answersFor = (values: (boolean | number | 'na')[]) => values.map((value, idx) => ({ itemId: idx + 1, value }));

const yes = (id: number, weight: number, extra: Partial<ScoringItem> = {}): ScoringItem => ({ id, sectionId: 1, text: `item ${id}`, kind: 'yes_no', max: null, weight, critical: false, naAllowed: false, ...extra });
const scale = (id: number, weight: number, max: number, extra: Partial<ScoringItem> = {}): ScoringItem => ({ id, sectionId: 1, text: `item ${id}`, kind: 'scale', max, weight, critical: false, naAllowed: false, ...extra });

describe('scoreEvaluation', () => {
  it('scores the default form: N/A items leave earned and possible, scale items earn weight x value / max, unrounded', () => {
    // Opening 5+5+10, listening 4/5 of 10 = 8, repeat-back 10, information 3/5 of 15 = 9, empathy N/A,
    // commitment 10, hold N/A, no forbidden phrases 10, tone 5/5 of 5 = 5, closing 5, records 5.
    // earned = 5+5+10+8+10+9+10+10+5+5+5 = 82; possible = 105 - 10 - 5 = 90; score = 100 x 82 / 90 = 91.111…
    const r = scoreEvaluation(defaultForm, answersFor([true, true, true, 4, true, 3, 'na', true, 'na', true, 5, true, true]));
    expect(r.earned).toBe(82);
    expect(r.possible).toBe(90);
    expect(r.score).toBeCloseTo(91.11111111111111, 12);
    expect(r.score).not.toBe(91.11);
    expect(r.autoFail).toBe(false);
    // Sections: Opening 20/20, Understanding 18/20, Handling (9+10)/(15+10), Conduct 15/15, Closing 5/5, Records 5/5.
    expect(r.sections.map((s) => [s.earned, s.possible, s.score])).toEqual([
      [20, 20, 100],
      [18, 20, 90],
      [19, 25, 76],
      [15, 15, 100],
      [5, 5, 100],
      [5, 5, 100],
    ]);
    expect(r.items[6]).toEqual({ itemId: 7, earned: 0, possible: 0, na: true, failedCritical: false });
  });

  it.each([
    // [case, items, answers, earned, possible, score]
    ['weights: 2 yes + 6 no + scale 1/4 of 3 = 2.75 of 11', [yes(1, 2), yes(2, 6), scale(3, 3, 4)], [true, false, 1], 2.75, 11, 25],
    ['a third of a point: scale 1/3 of 1 + yes 1 = 4/3 of 2', [scale(1, 1, 3), yes(2, 1)], [1, true], 4 / 3, 2, 66.66666666666667],
    ['scale at the top earns the full weight', [scale(1, 15, 5)], [5], 15, 15, 100],
    ['every applicable item earns 0: a real 0, not an auto-fail', [yes(1, 5), scale(2, 10, 5), yes(3, 5, { naAllowed: true })], [false, 0, 'na'], 0, 15, 0],
  ] as const)('%s', (_case, items, values, earned, possible, score) => {
    const r = scoreEvaluation(items, answersFor([...values]));
    expect(r.earned).toBeCloseTo(earned, 12);
    expect(r.possible).toBe(possible);
    expect(r.score).toBeCloseTo(score, 12);
    expect(r.autoFail).toBe(false);
  });

  it('an evaluation whose applicable items are all N/A scores 0 with nothing possible (decision)', () => {
    const items = [yes(1, 5, { naAllowed: true }), scale(2, 10, 5, { naAllowed: true, sectionId: 2 })];
    const r = scoreEvaluation(items, answersFor(['na', 'na']));
    expect(r).toMatchObject({ score: 0, autoFail: false, earned: 0, possible: 0 });
    expect(r.sections).toEqual([
      { sectionId: 1, earned: 0, possible: 0, score: null },
      { sectionId: 2, earned: 0, possible: 0, score: null },
    ]);
  });

  it('a failed critical yes/no item makes the whole evaluation 0 with autoFail, whatever else was earned', () => {
    // Everything perfect except "verified identity" (critical): earned 95 of 105, score 0.
    const r = scoreEvaluation(defaultForm, answersFor([true, true, false, 5, true, 5, true, true, true, true, 5, true, true]));
    expect(r).toMatchObject({ score: 0, autoFail: true, earned: 95, possible: 105 });
    expect(r.items[2].failedCritical).toBe(true);
  });

  it.each([
    [0, true, 0],
    [1, false, 100 * (1 / 5 * 10 + 5) / 15],
  ])('a critical scale item answered %s: autoFail %s, score %s', (value, autoFail, score) => {
    // critical scale 0..5 weight 10 + yes 5: answered 1 earns 2 + 5 = 7 of 15 = 46.67
    const r = scoreEvaluation([scale(1, 10, 5, { critical: true }), yes(2, 5)], answersFor([value, true]));
    expect(r.autoFail).toBe(autoFail);
    expect(r.score).toBeCloseTo(score, 12);
    if (!autoFail) expect(r.score).toBeCloseTo(46.666666666666664, 12);
  });

  it('an N/A on a critical item that allows it is not a failure', () => {
    const r = scoreEvaluation([yes(1, 10, { critical: true, naAllowed: true }), yes(2, 5)], answersFor(['na', true]));
    expect(r).toMatchObject({ score: 100, autoFail: false, possible: 5 });
  });

  it.each([
    ['a missing answer', [true, true], [yes(1, 5), yes(2, 5), yes(3, 5)], /Item 3 .*has no answer/],
    ['N/A where not allowed', ['na'], [yes(1, 5)], /Item 1 .*does not allow N\/A/],
    ['a scale value above max', [6], [scale(1, 10, 5)], /Item 1 .*from 0 to 5/],
    ['a negative scale value', [-1], [scale(1, 10, 5)], /Item 1 .*from 0 to 5/],
    ['a number for a yes/no item', [1], [yes(1, 5)], /Item 1 .*true or false/],
    ['a boolean for a scale item', [true], [scale(1, 10, 5)], /Item 1 .*from 0 to 5/],
  ] as const)('refuses %s, naming the item', (_case, values, items, message) => {
    expect(() => scoreEvaluation(items, answersFor([...values]))).toThrow(AnswerError);
    expect(() => scoreEvaluation(items, answersFor([...values]))).toThrow(message);
  });

  it('refuses an answer to an item of another form and a doubled answer', () => {
    expect(() => scoreEvaluation([yes(1, 5)], [{ itemId: 1, value: true }, { itemId: 99, value: true }])).toThrow('Item 99 is not an item of this form version.');
    expect(() => scoreEvaluation([yes(1, 5)], [{ itemId: 1, value: true }, { itemId: 1, value: false }])).toThrow('Item 1 is answered twice.');
  });
});

describe('scoreDraft', () => {
  const form = [yes(1, 5), yes(2, 10, { critical: true }), scale(3, 10, 4, { naAllowed: true })];

  it('leaves the score open while items are unanswered and names them in form order', () => {
    const d = scoreDraft(form, [{ itemId: 3, value: 2 }]);
    expect(d.score).toBeNull();
    expect(d.autoFail).toBe(false);
    expect(d.missing).toEqual([
      { id: 1, text: 'item 1' },
      { id: 2, text: 'item 2' },
    ]);
    // item 3: 2 of 4 on weight 10 = 5 earned of 10.
    expect(d.items).toEqual([{ itemId: 3, earned: 5, possible: 10, na: false, failedCritical: false }]);
    expect(d.complete).toBeNull();
  });

  it('is 0 and an auto-fail as soon as a critical item fails, answered or not the rest', () => {
    expect(scoreDraft(form, [{ itemId: 2, value: false }])).toMatchObject({ score: 0, autoFail: true, missing: [{ id: 1 }, { id: 3 }] });
  });

  it('scores like scoreEvaluation once every item is answered', () => {
    // 5 + 10 + 10 x 3/4 = 22.5 of 25 = 90.
    const d = scoreDraft(form, [{ itemId: 1, value: true }, { itemId: 2, value: true }, { itemId: 3, value: 3 }]);
    expect(d.score).toBe(90);
    expect(d.missing).toEqual([]);
    expect(d.complete?.score).toBe(90);
  });

  it('still refuses a wrong answer, naming its item', () => {
    expect(() => scoreDraft(form, [{ itemId: 3, value: 5 }])).toThrow(/Item 3 .*from 0 to 4/);
    expect(() => scoreDraft(form, [{ itemId: 1, value: 'na' }])).toThrow(AnswerError);
    expect(() => scoreDraft(form, [{ itemId: 99, value: true }])).toThrow(/Item 99 is not an item/);
  });
});
