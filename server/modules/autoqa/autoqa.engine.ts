/**
 * What the module uses of the pure engine (domain/): a compiled rule set that scores a contact,
 * the score of a contact from its (possibly overruled) outcomes, and agreement with people. One
 * import point, so the services never reach into the engine's files.
 */
import type { Contact, ContactResult, RuleDefinition } from './domain/autoqa.types';
import { compileRuleSet } from './domain/compile-rule-set';
import { DEFAULT_RULE_SET } from './domain/default-rule-set';
import { scoreContact } from './domain/score-contact';

export { contactScore as scoreOutcomes } from './domain/score-contact';
export { ruleAgreement as agreementOf } from './domain/rule-agreement';
export { RuleSetError } from './domain/compile-rule-set';

export interface CompiledRules {
  rules: readonly RuleDefinition[];
  score(contact: Contact): ContactResult;
}

/** Checks and compiles a rule set (a RuleSetError, 400, names the rule and field that cannot work). */
export function compileRules(rules: readonly RuleDefinition[]): CompiledRules {
  const compiled = compileRuleSet(rules);
  return { rules: compiled.rules, score: (contact) => scoreContact(compiled, contact) };
}

/** docs/autoqa.md "The default rule set", keys fixed. */
export const DEFAULT_RULES: readonly RuleDefinition[] = DEFAULT_RULE_SET;
