/**
 * Checks a rule set (docs/autoqa.md "How to write a rule") and prepares it for scoring, pure: every phrase and
 * trigger normalised once and put into one Aho-Corasick automaton, every expression compiled.
 * A rule that cannot work is refused with a RuleSetError naming the rule and the field.
 */
import { BadInputError } from '../../../common/domain-error';
import type { ContactChannel, RuleDefinition } from './autoqa.types';
import { normalise, PhraseFilter } from './normalise-text';
import { PhraseMatcher } from './phrase-matcher';
import { regexFirstUnits } from './regex-first-units';
import { unsafeRegexReason } from './regex-safety';

export const CONTACT_CHANNELS: readonly ContactChannel[] = ['phone', 'chat', 'email', 'wechat', 'video'];
export const RULE_KINDS = ['required', 'forbidden', 'conditional', 'response_time', 'pattern'] as const;
/** Longest phrase or expression accepted (characters). */
export const MAX_PHRASE_LENGTH = 200;

/** A rule that cannot be applied; `rule` is its key (or its position when it has none), `field` the offending field. */
export class RuleSetError extends BadInputError {
  constructor(
    readonly rule: string,
    readonly field: string,
    problem: string,
  ) {
    super(`Rule "${rule}", ${field}: ${problem}`, { rule, field }, 'invalid_rule');
  }
}

/** Which list a phrase of the automaton belongs to. */
export const PHRASE = 0;
export const TRIGGER = 1;

export interface CompiledRuleSet {
  readonly rules: readonly RuleDefinition[];
  readonly matcher: PhraseMatcher;
  /** per pattern id of the matcher: the (rule index × 2 + PHRASE|TRIGGER) it stands for */
  readonly patternRefs: readonly Int32Array[];
  /** per rule: its expression (pattern rules) or null */
  readonly regexes: readonly (RegExp | null)[];
  /** per rule: the units a match of its expression can start with (a bitmap), or null (no filter) */
  readonly regexFirst: readonly (Uint8Array | null)[];
  /** whether any rule reads customer turns (conditional triggers) */
  readonly readsCustomerText: boolean;
  /** says which customer turns cannot hold any trigger, without normalising them */
  readonly triggerFilter: PhraseFilter;
  /** what a contact's channel decides, worked out once per channel */
  readonly byChannel: ReadonlyMap<ContactChannel, ChannelPlan>;
}

/** The rules that apply on one channel, and what follows from that for the scan. */
export interface ChannelPlan {
  /** per rule: 1 when it applies */
  readonly applies: Uint8Array;
  /** how many applicable conditional rules look for a trigger */
  readonly conditionals: number;
  /** whether an applicable pattern rule needs its expression run */
  readonly patterns: boolean;
}

export function channelPlan(rules: readonly RuleDefinition[], channel: ContactChannel): ChannelPlan {
  const applies = Uint8Array.from(rules, (r) => (!r.channels || r.channels.length === 0 || r.channels.includes(channel) ? 1 : 0));
  return {
    applies,
    conditionals: rules.filter((r, i) => applies[i] === 1 && r.kind === 'conditional').length,
    patterns: rules.some((r, i) => applies[i] === 1 && r.kind === 'pattern'),
  };
}

export function compileRuleSet(rules: readonly RuleDefinition[]): CompiledRuleSet {
  if (!Array.isArray(rules)) throw new RuleSetError('(rule set)', 'rules', 'must be a list of rules.');
  const keys = new Set<string>();
  const patternIds = new Map<string, number>();
  const refs: number[][] = [];
  const regexes: (RegExp | null)[] = [];
  const triggers = new Set<string>();
  const add = (ruleIndex: number, role: number, normalised: string) => {
    if (role === TRIGGER) triggers.add(normalised);
    let id = patternIds.get(normalised);
    if (id === undefined) {
      id = refs.length;
      patternIds.set(normalised, id);
      refs.push([]);
    }
    const ref = ruleIndex * 2 + role;
    if (!refs[id].includes(ref)) refs[id].push(ref);
  };
  const checked: RuleDefinition[] = rules.map((raw, index) => {
    const rule = raw as unknown as Record<string, unknown>;
    if (typeof rule !== 'object' || rule === null) throw new RuleSetError(`#${index + 1}`, 'rule', 'must be an object.');
    const name = typeof rule.key === 'string' && rule.key.trim() !== '' ? rule.key : `#${index + 1}`;
    const fail = (field: string, problem: string): never => {
      throw new RuleSetError(name, field, problem);
    };
    if (typeof rule.key !== 'string' || rule.key.trim() === '') fail('key', 'is required.');
    if ((rule.key as string).length > 100) fail('key', 'is longer than 100 characters.');
    if (keys.has(rule.key as string)) fail('key', 'is used by two rules; keys must be unique.');
    keys.add(rule.key as string);
    if (!(RULE_KINDS as readonly unknown[]).includes(rule.kind)) fail('kind', `must be one of ${RULE_KINDS.join(', ')}.`);
    if (typeof rule.weight !== 'number' || !Number.isFinite(rule.weight) || rule.weight < 0) fail('weight', 'must be a number of 0 or more.');
    if (typeof rule.critical !== 'boolean') fail('critical', 'must be true or false.');
    if (rule.channels !== null && rule.channels !== undefined) {
      if (!Array.isArray(rule.channels)) fail('channels', 'must be a list of channels, or empty for all.');
      (rule.channels as unknown[]).forEach((c, i) => {
        if (!(CONTACT_CHANNELS as readonly unknown[]).includes(c)) fail(`channels[${i}]`, `must be one of ${CONTACT_CHANNELS.join(', ')}.`);
      });
    }
    if (rule.formItem !== undefined && rule.formItem !== null && typeof rule.formItem !== 'string') fail('formItem', 'must be text or empty.');
    const phrases = (field: 'phrases' | 'triggers', role: number) => {
      const list = rule[field];
      if (!Array.isArray(list) || list.length === 0) fail(field, 'needs at least one phrase.');
      (list as unknown[]).forEach((p, i) => {
        if (typeof p !== 'string') return fail(`${field}[${i}]`, 'must be text.');
        if (p.length > MAX_PHRASE_LENGTH) fail(`${field}[${i}]`, `is longer than ${MAX_PHRASE_LENGTH} characters.`);
        const n = normalise(p);
        if (n === '') fail(`${field}[${i}]`, `"${p}" has no letters or digits left once spaces, punctuation and symbols are removed, so it would match every text.`);
        add(index, role, n);
      });
    };
    const positiveInt = (field: string) => {
      const v = rule[field];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(field, 'must be a whole number of 1 or more.');
    };
    const where = () => {
      if (rule.where !== 'first' && rule.where !== 'last') fail('where', 'must be "first" or "last".');
      positiveInt('turns');
    };
    let regex: RegExp | null = null;
    switch (rule.kind) {
      case 'required':
        phrases('phrases', PHRASE);
        where();
        break;
      case 'forbidden':
        phrases('phrases', PHRASE);
        break;
      case 'conditional':
        phrases('triggers', TRIGGER);
        phrases('phrases', PHRASE);
        positiveInt('within');
        break;
      case 'response_time':
        if (typeof rule.seconds !== 'number' || !Number.isFinite(rule.seconds) || rule.seconds < 0) fail('seconds', 'must be a number of seconds, 0 or more.');
        break;
      case 'pattern': {
        where();
        if (typeof rule.regex !== 'string' || rule.regex === '') fail('regex', 'is required.');
        if ((rule.regex as string).length > MAX_PHRASE_LENGTH) fail('regex', `is longer than ${MAX_PHRASE_LENGTH} characters.`);
        try {
          regex = new RegExp(rule.regex as string, 'u');
        } catch (e) {
          fail('regex', `is not a valid regular expression (${(e as Error).message}).`);
        }
        if (regex!.test('')) fail('regex', 'matches empty text, so it would match every turn.');
        const unsafe = unsafeRegexReason(rule.regex as string);
        if (unsafe) fail('regex', unsafe);
        break;
      }
    }
    regexes.push(regex);
    return cloneRule(raw);
  });
  return {
    rules: checked,
    matcher: new PhraseMatcher([...patternIds.keys()]),
    patternRefs: refs.map((r) => Int32Array.from(r)),
    regexes,
    regexFirst: regexes.map((re) => (re === null ? null : regexFirstUnits(re.source))),
    readsCustomerText: checked.some((r) => r.kind === 'conditional'),
    triggerFilter: new PhraseFilter([...triggers]),
    byChannel: new Map(CONTACT_CHANNELS.map((channel) => [channel, channelPlan(checked, channel)])),
  };
}

function cloneRule(r: RuleDefinition): RuleDefinition {
  const common = { key: r.key, weight: r.weight, critical: r.critical, channels: r.channels?.length ? [...r.channels] : null, formItem: r.formItem ?? null };
  switch (r.kind) {
    case 'required':
      return { ...common, kind: r.kind, phrases: [...r.phrases], where: r.where, turns: r.turns };
    case 'forbidden':
      return { ...common, kind: r.kind, phrases: [...r.phrases] };
    case 'conditional':
      return { ...common, kind: r.kind, triggers: [...r.triggers], phrases: [...r.phrases], within: r.within };
    case 'response_time':
      return { ...common, kind: r.kind, seconds: r.seconds };
    case 'pattern':
      return { ...common, kind: r.kind, regex: r.regex, where: r.where, turns: r.turns };
  }
}
