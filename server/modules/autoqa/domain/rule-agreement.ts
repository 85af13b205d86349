/**
 * Agreement of one AutoQA rule with people (docs/autoqa.md "Agreement with people"), pure: over the calls that
 * have both a human answer on the rule's form item and an AutoQA outcome, the share where both
 * say the same and Cohen's kappa for pass/fail. Pairs where either side is N/A are left out.
 */
import type { Outcome } from './autoqa.types';

export interface RuleAgreement {
  /** pairs compared (neither side N/A) */
  n: number;
  /** share of the n pairs where both agree; null when n = 0 */
  agreement: number | null;
  /** Cohen's kappa; null when n = 0 or when chance agreement is 1 (both sides gave one same answer throughout) */
  kappa: number | null;
}

export function ruleAgreement(pairs: readonly { auto: Outcome; human: Outcome }[]): RuleAgreement {
  let n = 0;
  let agree = 0;
  let autoPass = 0;
  let humanPass = 0;
  for (const p of pairs) {
    if (p.auto === 'na' || p.human === 'na') continue;
    n++;
    if (p.auto === p.human) agree++;
    if (p.auto === 'pass') autoPass++;
    if (p.human === 'pass') humanPass++;
  }
  if (n === 0) return { n, agreement: null, kappa: null };
  const po = agree / n;
  const pe = (autoPass / n) * (humanPass / n) + ((n - autoPass) / n) * ((n - humanPass) / n);
  return { n, agreement: po, kappa: pe === 1 ? null : (po - pe) / (1 - pe) };
}
