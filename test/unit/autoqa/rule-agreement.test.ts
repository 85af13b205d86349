import type { Outcome } from '../../../server/modules/autoqa/domain/autoqa.types';
import { ruleAgreement } from '../../../server/modules/autoqa/domain/rule-agreement';

const pairs = (spec: [Outcome, Outcome, number][]) => spec.flatMap(([auto, human, count]) => Array.from({ length: count }, () => ({ auto, human })));

describe('ruleAgreement (docs/autoqa.md "Agreement with people")', () => {
  it.each([
    // 6 both pass, 1 auto pass/human fail, 1 auto fail/human pass, 2 both fail:
    // po = 8/10; auto pass 7/10, human pass 7/10; pe = .7×.7 + .3×.3 = .58; kappa = .22/.42 = 11/21
    ['mostly agreeing', pairs([['pass', 'pass', 6], ['pass', 'fail', 1], ['fail', 'pass', 1], ['fail', 'fail', 2]]), 10, 0.8, 11 / 21],
    // N/A on either side is left out: same as above
    ['N/A pairs left out', pairs([['pass', 'pass', 6], ['pass', 'fail', 1], ['fail', 'pass', 1], ['fail', 'fail', 2], ['na', 'pass', 3], ['pass', 'na', 2], ['na', 'na', 1]]), 10, 0.8, 11 / 21],
    // po = 0; pe = .5×.5 + .5×.5 = .5; kappa = -.5/.5 = -1
    ['always disagreeing', pairs([['pass', 'fail', 2], ['fail', 'pass', 2]]), 4, 0, -1],
    // 4 pass/pass, 4 fail/fail, 2 pass/fail: po = .8; auto pass .6, human pass .4; pe = .24 + .24 = .48; kappa = .32/.52 = 8/13
    ['asymmetric', pairs([['pass', 'pass', 4], ['fail', 'fail', 4], ['pass', 'fail', 2]]), 10, 0.8, 8 / 13],
    // agreement by chance only: auto always pass, human half: po = .5, pe = 1×.5 + 0 = .5 → kappa 0
    ['chance level', pairs([['pass', 'pass', 3], ['pass', 'fail', 3]]), 6, 0.5, 0],
    // both always pass: pe = 1, kappa undefined
    ['both always pass', pairs([['pass', 'pass', 5]]), 5, 1, null],
    ['nothing to compare', pairs([['na', 'pass', 2]]), 0, null, null],
    ['no pairs', [], 0, null, null],
  ])('%s', (_l, input, n, agreement, kappa) => {
    const r = ruleAgreement(input);
    expect(r.n).toBe(n);
    if (agreement === null) expect(r.agreement).toBeNull();
    else expect(r.agreement).toBeCloseTo(agreement, 12);
    if (kappa === null) expect(r.kappa).toBeNull();
    else expect(r.kappa).toBeCloseTo(kappa, 12);
  });
});
