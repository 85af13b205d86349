import type { RuleDefinition } from '../../../server/modules/autoqa/domain/autoqa.types';
import { compileRuleSet, RuleSetError } from '../../../server/modules/autoqa/domain/compile-rule-set';
import { DEFAULT_FORM_ITEMS, DEFAULT_RULE_SET } from '../../../server/modules/autoqa/domain/default-rule-set';
import { BadInputError } from '../../../server/common/domain-error';

const base = { weight: 5, critical: false, channels: null };
const ok: RuleDefinition = { ...base, key: 'greeting', kind: 'required', where: 'first', turns: 2, phrases: ['您好'] };

function errorOf(rules: unknown[]): RuleSetError {
  try {
    compileRuleSet(rules as RuleDefinition[]);
  } catch (e) {
    return e as RuleSetError;
  }
  throw new Error('compileRuleSet accepted the rules');
}

describe('compileRuleSet refuses a rule that cannot work, naming the rule and the field', () => {
  it.each([
    ['empty phrase list', [{ ...ok, phrases: [] }], 'greeting', 'phrases'],
    ['a phrase of punctuation only', [{ ...ok, phrases: ['您好', ' ，。 '] }], 'greeting', 'phrases[1]'],
    ['a phrase that is not text', [{ ...ok, phrases: ['您好', 3] }], 'greeting', 'phrases[1]'],
    ['turns 0', [{ ...ok, turns: 0 }], 'greeting', 'turns'],
    ['turns 1.5', [{ ...ok, turns: 1.5 }], 'greeting', 'turns'],
    ['where middle', [{ ...ok, where: 'middle' }], 'greeting', 'where'],
    ['unknown kind', [{ ...ok, kind: 'sometimes' }], 'greeting', 'kind'],
    ['negative weight', [{ ...ok, weight: -1 }], 'greeting', 'weight'],
    ['critical not a boolean', [{ ...ok, critical: 'yes' }], 'greeting', 'critical'],
    ['unknown channel', [{ ...ok, channels: ['chat', 'fax'] }], 'greeting', 'channels[1]'],
    ['duplicate key', [ok, { ...ok }], 'greeting', 'key'],
    ['missing key', [{ ...ok, key: '' }], '#1', 'key'],
    ['conditional without triggers', [{ ...base, key: 'e', kind: 'conditional', triggers: [], phrases: ['sorry'], within: 3 }], 'e', 'triggers'],
    ['conditional within 0', [{ ...base, key: 'e', kind: 'conditional', triggers: ['投诉'], phrases: ['sorry'], within: 0 }], 'e', 'within'],
    ['response_time negative', [{ ...base, key: 'r', kind: 'response_time', seconds: -5 }], 'r', 'seconds'],
    ['bad regex', [{ ...base, key: 'p', kind: 'pattern', where: 'last', turns: 3, regex: '(\\d+' }], 'p', 'regex'],
    ['regex that can backtrack exponentially', [{ ...base, key: 'p', kind: 'pattern', where: 'last', turns: 3, regex: '(\\d+)+天' }], 'p', 'regex'],
    ['regex matching empty text', [{ ...base, key: 'p', kind: 'pattern', where: 'last', turns: 3, regex: '\\d*' }], 'p', 'regex'],
    ['the second rule is named', [ok, { ...base, key: 'f', kind: 'forbidden', phrases: ['ok', ''] }], 'f', 'phrases[1]'],
  ])('%s', (_l, rules, rule, field) => {
    const e = errorOf(rules);
    expect(e).toBeInstanceOf(RuleSetError);
    expect(e).toBeInstanceOf(BadInputError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_rule');
    expect(e.rule).toBe(rule);
    expect(e.field).toBe(field);
    expect(e.message).toContain(`"${rule}"`);
    expect(e.details).toEqual({ rule, field });
  });

  it('accepts the default rule set and keeps a copy (later edits of the input do not leak in)', () => {
    const input = JSON.parse(JSON.stringify(DEFAULT_RULE_SET)) as RuleDefinition[];
    const compiled = compileRuleSet(input);
    (input[0] as { phrases: string[] }).phrases.push('zzz');
    expect(compiled.rules).toEqual(DEFAULT_RULE_SET);
  });
});

describe('DEFAULT_RULE_SET (docs/autoqa.md "The default rule set")', () => {
  it('has the fixed keys, kinds, weights, critical flags and channels', () => {
    expect(DEFAULT_RULE_SET.map((r) => [r.key, r.kind, r.weight, r.critical, r.channels])).toEqual([
      ['greeting', 'required', 5, false, null],
      ['closing', 'required', 5, false, null],
      ['forbidden_phrases', 'forbidden', 10, true, null],
      ['empathy_in_complaint', 'conditional', 10, false, null],
      ['time_commitment', 'pattern', 5, false, null],
      ['first_response', 'response_time', 10, false, ['chat', 'wechat']],
    ]);
  });

  it('has the parameters of the contract', () => {
    const [greeting, closing, forbidden, empathy, commitment, first] = DEFAULT_RULE_SET;
    expect(greeting).toMatchObject({ where: 'first', turns: 2 });
    expect(closing).toMatchObject({ where: 'last', turns: 2 });
    expect(forbidden).toMatchObject({ phrases: expect.arrayContaining(['我不知道', '唔关我事', 'not my job']) });
    expect(empathy).toMatchObject({ within: 3 });
    expect(commitment).toMatchObject({ where: 'last', turns: 3, regex: '\\d+(个)?(工作日|小时|分钟|天)(之)?内|within\\d+(working)?(hours?|days?|minutes?)' });
    expect(first).toMatchObject({ seconds: 60 });
    expect(DEFAULT_RULE_SET.map((r) => ('phrases' in r ? r.phrases.length : 0))).toEqual([10, 10, 12, 10, 0, 0]);
    expect(empathy.kind === 'conditional' && empathy.triggers.length).toBe(10);
  });

  it('maps five rules to the default QA form items, first_response to none', () => {
    expect(DEFAULT_RULE_SET.map((r) => r.formItem)).toEqual([
      DEFAULT_FORM_ITEMS.greeting,
      DEFAULT_FORM_ITEMS.closing,
      DEFAULT_FORM_ITEMS.forbiddenPhrases,
      DEFAULT_FORM_ITEMS.empathy,
      DEFAULT_FORM_ITEMS.commitment,
      null,
    ]);
    expect(Object.values(DEFAULT_FORM_ITEMS)).toEqual(['opening.greeting', 'closing.standard_closing', 'conduct.no_forbidden_phrases', 'handling.empathy_in_complaint', 'handling.commitment_with_time']);
  });
});
