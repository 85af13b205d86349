import { generatedContact } from '../../../bench/autoqa-corpus';
import { naiveScorer } from '../../../bench/autoqa-naive';
import { compileRuleSet } from '../../../server/modules/autoqa/domain/compile-rule-set';
import { DEFAULT_RULE_SET } from '../../../server/modules/autoqa/domain/default-rule-set';
import { normalise } from '../../../server/modules/autoqa/domain/normalise-text';
import { scoreContact } from '../../../server/modules/autoqa/domain/score-contact';

/** Two independent computations that must agree: the engine and the plain scorer of the benchmark. */
describe('the engine agrees with the naive scorer on generated contacts', () => {
  const compiled = compileRuleSet([...DEFAULT_RULE_SET]);
  const naive = naiveScorer(DEFAULT_RULE_SET);

  it('same outcomes, score and auto-fail on 3,000 mixed-language contacts', () => {
    const differ: number[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const c = generatedContact(i);
      const fast = scoreContact(compiled, c);
      const slow = naive(c);
      fast.findings.forEach((f) => seen.add(`${f.rule}:${f.outcome}`));
      if (JSON.stringify([fast.findings.map((f) => f.outcome), fast.score, fast.autoFail]) !== JSON.stringify([slow.outcomes, slow.score, slow.autoFail])) differ.push(i);
    }
    expect(differ).toEqual([]);
    // the corpus exercises pass and fail of every rule, and na where a contact can lack the trigger or the timing
    for (const r of DEFAULT_RULE_SET) for (const o of r.kind === 'conditional' || r.kind === 'response_time' ? ['pass', 'fail', 'na'] : ['pass', 'fail']) expect(seen).toContain(`${r.key}:${o}`);
  });

  it('every phrase evidence span, cut from the original text, normalises to text containing one of the rule phrases', () => {
    const phrases = new Map(DEFAULT_RULE_SET.map((r) => [r.key, [...('phrases' in r ? r.phrases : []), ...(r.kind === 'conditional' ? r.triggers : [])].map(normalise)]));
    let checked = 0;
    for (let i = 0; i < 1500; i++) {
      for (const f of scoreContact(compiled, generatedContact(i)).findings) {
        const list = phrases.get(f.rule)!;
        if (list.length === 0) continue;
        for (const e of f.evidence) {
          const cut = normalise(e.text.slice(e.start, e.end));
          expect(list).toContain(cut);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});
