/**
 * What the module uses of the pure engine (domain/): a compiled rule set that scores a contact,
 * and the score of a contact from its (possibly overruled) outcomes. One import point, so the
 * services never reach into the engine's files.
 */
import type { Contact, ContactResult, Finding, Outcome, RuleDefinition } from './domain/autoqa.types';

export interface CompiledRules {
  rules: RuleDefinition[];
  score(contact: Contact): ContactResult;
}

export function compileRules(rules: RuleDefinition[]): CompiledRules {
  void rules;
  throw new Error('The AutoQA engine is not merged yet');
}

/** Score and auto-fail of a contact from its findings' outcomes (after overrules). */
export function scoreOutcomes(rules: RuleDefinition[], findings: Pick<Finding, 'rule' | 'outcome'>[]): { score: number | null; autoFail: boolean } {
  void rules;
  void findings;
  throw new Error('The AutoQA engine is not merged yet');
}

/** Agreement and Cohen's kappa of AutoQA with people over pass/fail pairs (autoqa.md section 6). */
export function agreementOf(pairs: { auto: 'pass' | 'fail'; human: 'pass' | 'fail' }[]): { n: number; agreement: number | null; kappa: number | null } {
  void pairs;
  throw new Error('The AutoQA engine is not merged yet');
}

/** autoqa.md section 4, keys fixed. */
export const DEFAULT_RULES: RuleDefinition[] = [];

export type { Outcome };
