/**
 * The naive AutoQA scorer the benchmark measures against, written the obvious way from
 * docs/autoqa.md "How matching works": every turn normalised with the reference normaliser (String.normalize,
 * toLowerCase, opencc-js, a regular expression), every phrase of every rule tested with
 * `includes`. It gives outcomes and scores only (no evidence spans) and doubles as an independent
 * oracle: the benchmark checks that both scorers agree on every generated contact.
 */
import type { Contact, Outcome, RuleDefinition } from '../server/modules/autoqa/domain/autoqa.types';
import { referenceNormalise } from '../server/modules/autoqa/domain/normalise-text';

export interface NaiveResult {
  outcomes: Outcome[];
  score: number | null;
  autoFail: boolean;
}

export function naiveScorer(rules: readonly RuleDefinition[]): (contact: Contact) => NaiveResult {
  const phrases = rules.map((r) => ('phrases' in r ? r.phrases.map(referenceNormalise) : []));
  const triggers = rules.map((r) => (r.kind === 'conditional' ? r.triggers.map(referenceNormalise) : []));
  const regexes = rules.map((r) => (r.kind === 'pattern' ? new RegExp(r.regex, 'u') : null));
  return (contact) => {
    const turns = [...contact.turns].sort((a, b) => a.seq - b.seq);
    const texts = turns.map((t) => referenceNormalise(t.text));
    const saysPhrase = texts.map((text) => phrases.map((list) => list.some((p) => text.includes(p))));
    const saysTrigger = texts.map((text) => triggers.map((list) => list.some((p) => text.includes(p))));
    const agent = turns.map((t, i) => i).filter((i) => turns[i].speaker === 'agent');
    const outcomes = rules.map((rule, r): Outcome => {
      if (rule.channels && rule.channels.length && !rule.channels.includes(contact.channel)) return 'na';
      switch (rule.kind) {
        case 'required':
        case 'pattern': {
          if (agent.length === 0) return 'na';
          const window = rule.where === 'first' ? agent.slice(0, rule.turns) : agent.slice(-rule.turns);
          const hit = (i: number) => (rule.kind === 'required' ? saysPhrase[i][r] : regexes[r]!.test(texts[i]));
          return window.some(hit) ? 'pass' : 'fail';
        }
        case 'forbidden':
          if (agent.length === 0) return 'na';
          return agent.some((i) => saysPhrase[i][r]) ? 'fail' : 'pass';
        case 'conditional': {
          const c = turns.findIndex((t, i) => t.speaker === 'customer' && saysTrigger[i][r]);
          if (c < 0) return 'na';
          return agent.filter((i) => i > c).slice(0, rule.within).some((i) => saysPhrase[i][r]) ? 'pass' : 'fail';
        }
        case 'response_time': {
          const c = turns.findIndex((t) => t.speaker === 'customer');
          if (c < 0 || turns[c].offsetS === null) return 'na';
          const a = turns.findIndex((t, i) => i > c && t.speaker === 'agent');
          if (a < 0) return 'fail';
          if (turns[a].offsetS === null) return 'na';
          return turns[a].offsetS! - turns[c].offsetS! <= rule.seconds ? 'pass' : 'fail';
        }
      }
    });
    let earned = 0;
    let possible = 0;
    let autoFail = false;
    outcomes.forEach((o, r) => {
      if (o === 'na') return;
      possible += rules[r].weight;
      if (o === 'pass') earned += rules[r].weight;
      else if (rules[r].critical) autoFail = true;
    });
    return { outcomes, score: autoFail ? 0 : possible > 0 ? (100 * earned) / possible : null, autoFail };
  };
}
