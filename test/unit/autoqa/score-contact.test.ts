import type { Contact, ContactChannel, RuleDefinition, Turn } from '../../../server/modules/autoqa/domain/autoqa.types';
import { compileRuleSet } from '../../../server/modules/autoqa/domain/compile-rule-set';
import { DEFAULT_RULE_SET } from '../../../server/modules/autoqa/domain/default-rule-set';
import { contactScore, scoreContact } from '../../../server/modules/autoqa/domain/score-contact';

const common = { weight: 5, critical: false, channels: null };
const A = (seq: number, text: string, offsetS: number | null = null): Turn => ({ seq, offsetS, speaker: 'agent', text });
const C = (seq: number, text: string, offsetS: number | null = null): Turn => ({ seq, offsetS, speaker: 'customer', text });
const S = (seq: number, text: string, offsetS: number | null = null): Turn => ({ seq, offsetS, speaker: 'system', text });
const contact = (turns: Turn[], channel: ContactChannel = 'phone'): Contact => ({ channel, turns });

function one(rule: RuleDefinition, turns: Turn[], channel: ContactChannel = 'phone') {
  const result = scoreContact(compileRuleSet([rule]), contact(turns, channel));
  return result.findings[0];
}

describe('required', () => {
  const greeting: RuleDefinition = { ...common, key: 'greeting', kind: 'required', where: 'first', turns: 2, phrases: ['您好', 'good morning'] };
  const closing: RuleDefinition = { ...common, key: 'closing', kind: 'required', where: 'last', turns: 2, phrases: ['还有什么可以帮您'] };

  it.each([
    ['first agent turn', [A(1, '您好，客服中心'), C(2, '你好')], 'pass'],
    ['second agent turn (customer turns do not take a place in the window)', [C(0, '喂'), A(1, '喂？'), C(2, '您好'), A(3, '您好！')], 'pass'],
    ['third agent turn is outside first 2', [A(1, '喂'), A(2, '请讲'), A(3, '您好')], 'fail'],
    ['only the customer says it', [C(1, '您好'), A(2, '请讲')], 'fail'],
    ['system turns never count', [S(0, '您好，欢迎致电'), A(1, '请讲')], 'fail'],
    ['system turns do not take a place', [A(0, '喂'), S(1, 'transfer'), A(2, '您好')], 'pass'],
    ['Traditional text, Simplified phrase', [A(1, '您好，請問有什麼可以幫您')], 'pass'],
    ['English, any case, any spacing', [A(1, 'GOOD   Morning!')], 'pass'],
    ['full-width English', [A(1, 'Ｇｏｏｄ ｍｏｒｎｉｎｇ')], 'pass'],
    ['no agent turn', [C(1, '您好')], 'na'],
    ['no turns at all', [], 'na'],
  ] as [string, Turn[], string][])('greeting: %s → %s', (_l, turns, outcome) => {
    expect(one(greeting, turns).outcome).toBe(outcome);
  });

  it.each([
    ['in the last agent turn', [A(1, '您好'), A(2, '好的'), A(3, '請問還有什麼可以幫您？')], 'pass'],
    ['in the second-last agent turn, customer turn after', [A(1, '还有什么可以帮您'), A(2, '再见'), C(3, '拜拜')], 'pass'],
    ['only earlier than the last 2', [A(1, '还有什么可以帮您'), A(2, '好'), A(3, '再见')], 'fail'],
    ['turns out of order are put in seq order', [A(3, '再见'), A(1, '还有什么可以帮您'), A(2, '好')], 'fail'],
  ] as [string, Turn[], string][])('closing: %s → %s', (_l, turns, outcome) => {
    expect(one(closing, turns).outcome).toBe(outcome);
  });

  it('evidence: the turn, its original text and the span of the words in it', () => {
    const f = one(closing, [A(1, '您好'), A(7, '好的。請問 還有什麼 可以幫您？')]);
    expect(f.evidence).toEqual([{ seq: 7, text: '好的。請問 還有什麼 可以幫您？', start: 6, end: 15 }]);
    expect('好的。請問 還有什麼 可以幫您？'.slice(6, 15)).toBe('還有什麼 可以幫您');
  });

  it('evidence stays exact when the turn leaves the one-pass normalisation after or before the words (astral, combining mark)', () => {
    const greeting: RuleDefinition = { ...common, key: 'greeting', kind: 'required', where: 'first', turns: 2, phrases: ['good morning'] };
    const after = 'good morning 😀 mr 𠮷';
    expect(one(greeting, [A(1, after)]).evidence).toEqual([{ seq: 1, text: after, start: 0, end: 12 }]);
    const before = 'cafe\u0301, 😀 Good  Morning!';
    const f = one(greeting, [A(1, before)]);
    expect(f.evidence).toEqual([{ seq: 1, text: before, start: 10, end: 23 }]);
    expect(before.slice(10, 23)).toBe('Good  Morning');
  });
});

describe('forbidden', () => {
  const rule: RuleDefinition = { ...common, key: 'forbidden', kind: 'forbidden', phrases: ['我不知道', '唔关我事', '没办法', 'not my job'], critical: true };

  it.each([
    ['clean', [A(1, '我知道了，马上帮您处理')], 'pass', []],
    ['我知道 does not match 我不知道', [A(1, '这个我知道')], 'pass', []],
    ['我不知道 in an agent turn', [A(1, '这个我不知道')], 'fail', [1]],
    ['spaces inside the phrase', [A(1, '我 不 知 道')], 'fail', [1]],
    ['Cantonese Traditional 唔關我事', [A(1, '呢件事唔關我事㗎')], 'fail', [1]],
    ['Traditional 沒辦法', [A(1, '真係沒辦法')], 'fail', [1]],
    ['English case', [A(1, "That's NOT my job.")], 'fail', [1]],
    ['customer turns never count', [C(1, '我不知道怎么办'), A(2, '我来帮您')], 'pass', []],
    ['system turns never count', [S(1, '没办法接通'), A(2, '您好')], 'pass', []],
    ['every offending turn is evidence', [A(1, '我不知道'), A(2, '好的'), A(3, '没办法')], 'fail', [1, 3]],
    ['no agent turn', [C(1, '没办法')], 'na', []],
  ] as [string, Turn[], string, number[]][])('%s → %s', (_l, turns, outcome, seqs) => {
    const f = one(rule, turns);
    expect(f.outcome).toBe(outcome);
    expect(f.evidence.map((e) => e.seq)).toEqual(seqs);
  });

  it('the honest limit: a substring rule cannot tell negation — 不是没办法 still contains 没办法', () => {
    expect(one(rule, [A(1, '也不是没办法，我们试试')]).outcome).toBe('fail');
  });

  it('the honest limit: spaces are removed, so English phrases can match across words', () => {
    // "she'll owe" → "shellowe" contains "hello"
    const hello: RuleDefinition = { ...common, key: 'hello', kind: 'required', where: 'first', turns: 1, phrases: ['hello'] };
    expect(one(hello, [A(1, "She'll owe nothing")]).outcome).toBe('pass');
  });

  it('a phrase that is a substring of a longer forbidden one: 知道 inside 我不知道', () => {
    const knows: RuleDefinition = { ...common, key: 'knows', kind: 'required', where: 'first', turns: 1, phrases: ['知道'] };
    expect(one(knows, [A(1, '我不知道')]).outcome).toBe('pass');
    const iKnow: RuleDefinition = { ...common, key: 'iknow', kind: 'required', where: 'first', turns: 1, phrases: ['我知道'] };
    expect(one(iKnow, [A(1, '我不知道')]).outcome).toBe('fail');
  });

  it('evidence points at the leftmost match in the original text', () => {
    const f = one(rule, [A(4, 'Sorry, 這個我唔關我事，我不知道')]);
    expect(f.evidence).toEqual([{ seq: 4, text: 'Sorry, 這個我唔關我事，我不知道', start: 10, end: 14 }]);
  });
});

describe('conditional', () => {
  const rule: RuleDefinition = { ...common, key: 'empathy', kind: 'conditional', triggers: ['投诉', 'complain'], phrases: ['非常抱歉', 'sorry'], within: 2 };

  it.each([
    ['no trigger → na', [C(1, '查一下余额'), A(2, '好的')], 'na'],
    ['trigger only in an agent turn → na', [A(1, '投诉请按1'), C(2, '好')], 'na'],
    ['trigger, apology in the next agent turn', [C(1, '我要投訴'), A(2, '非常抱歉')], 'pass'],
    ['apology in the 2nd agent turn after', [C(1, '我要投诉'), A(2, '请讲'), C(3, '...'), A(4, 'Sorry!')], 'pass'],
    ['apology only in the 3rd agent turn after', [C(1, '我要投诉'), A(2, '请讲'), A(3, '嗯'), A(4, '非常抱歉')], 'fail'],
    ['apology before the trigger does not count', [A(1, '非常抱歉让您久等'), C(2, '我要投诉'), A(3, '请讲')], 'fail'],
    ['no agent turn after the trigger', [A(1, '您好'), C(2, '我要投诉')], 'fail'],
    ['the first triggering customer turn counts', [C(1, 'I complain'), A(2, 'ok'), A(3, 'ok'), C(4, 'I complain again'), A(5, 'sorry')], 'fail'],
    ['apology by the customer does not count', [C(1, '我要投诉'), C(2, '非常抱歉打扰'), A(3, '请讲')], 'fail'],
  ] as [string, Turn[], string][])('%s', (_l, turns, outcome) => {
    expect(one(rule, turns).outcome).toBe(outcome);
  });

  it('the honest limit: "understand" fires on "I don\'t understand"', () => {
    const empathy: RuleDefinition = { ...common, key: 'e', kind: 'conditional', triggers: ['complain'], phrases: ['understand'], within: 1 };
    expect(one(empathy, [C(1, 'I want to complain'), A(2, "I don't understand what you mean.")]).outcome).toBe('pass');
  });

  it('evidence: the trigger in the customer turn and the phrase in the agent turn', () => {
    const f = one(rule, [C(1, '我要投訴你們！'), A(2, '好的，非常抱歉。')]);
    expect(f.evidence).toEqual([
      { seq: 1, text: '我要投訴你們！', start: 2, end: 4 },
      { seq: 2, text: '好的，非常抱歉。', start: 3, end: 7 },
    ]);
  });
});

describe('response_time', () => {
  const rule: RuleDefinition = { ...common, key: 'first_response', kind: 'response_time', seconds: 60 };

  it.each([
    ['exactly 60 s → pass', [C(1, 'hi', 10), A(2, 'hello', 70)], 'pass'],
    ['61 s → fail', [C(1, 'hi', 10), A(2, 'hello', 71)], 'fail'],
    ['0 s → pass', [C(1, 'hi', 5), A(2, 'hello', 5)], 'pass'],
    ['agent turns before the customer do not count', [A(0, 'welcome', 0), C(1, 'hi', 10), A(2, 'hello', 100)], 'fail'],
    ['the first customer turn counts, not a later one', [C(1, 'hi', 0), C(2, 'hello?', 50), A(3, 'hello', 61)], 'fail'],
    ['system turns are not the agent', [C(1, 'hi', 0), S(2, 'queued', 1), A(3, 'hello', 30)], 'pass'],
    ['no agent turn follows → fail', [A(0, 'welcome', 0), C(1, 'hi', 10)], 'fail'],
    ['no customer turn → na', [A(1, 'hello', 0)], 'na'],
    ['customer offset missing → na', [C(1, 'hi', null), A(2, 'hello', 10)], 'na'],
    ['agent offset missing → na', [C(1, 'hi', 10), A(2, 'hello', null)], 'na'],
  ] as [string, Turn[], string][])('%s', (_l, turns, outcome) => {
    expect(one(rule, turns).outcome).toBe(outcome);
  });

  it('evidence: the two turns compared, whole', () => {
    expect(one(rule, [C(1, 'hi', 10), A(2, 'hello', 70)]).evidence).toEqual([
      { seq: 1, text: 'hi', start: 0, end: 2 },
      { seq: 2, text: 'hello', start: 0, end: 5 },
    ]);
  });
});

describe('pattern', () => {
  const rule: RuleDefinition = { ...common, key: 'commit', kind: 'pattern', where: 'last', turns: 2, regex: '\\d+(个)?(工作日|小时)(之)?内|within\\d+(working)?(hours?|days?)' };

  it.each([
    ['Simplified', [A(1, '我们会在3个工作日内回复您')], 'pass'],
    ['Traditional and full-width digits', [A(1, '我哋會喺２４小時之內覆你')], 'pass'],
    ['English with spaces and case', [A(1, 'We will call you back WITHIN 2 working days.')], 'pass'],
    ['a Chinese numeral is not \\d', [A(1, '三个工作日内回复')], 'fail'],
    ['outside the last 2 agent turns', [A(1, '24小时内回复'), A(2, '好'), A(3, '再见')], 'fail'],
    ['customer turn does not count', [C(1, '24小时内能回复吗'), A(2, '好的')], 'fail'],
    ['no agent turn', [C(1, '24小时内')], 'na'],
  ] as [string, Turn[], string][])('%s', (_l, turns, outcome) => {
    expect(one(rule, turns).outcome).toBe(outcome);
  });

  it('evidence: the match mapped back to the original text', () => {
    const text = '好的，我們會喺 24 小時內覆你。';
    const f = one(rule, [A(3, text)]);
    expect(f.evidence).toEqual([{ seq: 3, text, start: 8, end: 14 }]);
    expect(text.slice(8, 14)).toBe('24 小時內');
  });
});

describe('channels', () => {
  const rule: RuleDefinition = { ...common, key: 'first_response', kind: 'response_time', seconds: 60, channels: ['chat', 'wechat'] };
  it.each([
    ['chat', 'pass'],
    ['wechat', 'pass'],
    ['phone', 'na'],
    ['email', 'na'],
  ] as [ContactChannel, string][])('%s → %s', (channel, outcome) => {
    expect(one(rule, [C(1, 'hi', 0), A(2, 'hello', 5)], channel).outcome).toBe(outcome);
  });
});

describe('the score (100 × Σ weight pass / Σ weight pass + fail; critical fail → 0)', () => {
  const rules: RuleDefinition[] = [
    { ...common, key: 'a', kind: 'required', where: 'first', turns: 1, phrases: ['您好'], weight: 5 },
    { ...common, key: 'b', kind: 'required', where: 'last', turns: 1, phrases: ['再见'], weight: 15 },
    { ...common, key: 'c', kind: 'forbidden', phrases: ['没办法'], weight: 10, critical: true },
    { ...common, key: 'd', kind: 'response_time', seconds: 60, weight: 20 },
  ];

  it('na rules leave the denominator: 5 + 10 passed of 5 + 15 + 10 → 50', () => {
    const r = scoreContact(compileRuleSet(rules), contact([A(1, '您好'), A(2, '好的')]));
    expect(r.findings.map((f) => f.outcome)).toEqual(['pass', 'fail', 'pass', 'na']);
    expect(r.score).toBe(50);
    expect(r.autoFail).toBe(false);
  });

  it('a failed critical rule is an auto-fail with score 0', () => {
    const r = scoreContact(compileRuleSet(rules), contact([A(1, '您好'), A(2, '没办法，再见')]));
    expect(r.findings.map((f) => f.outcome)).toEqual(['pass', 'pass', 'fail', 'na']);
    expect(r).toMatchObject({ score: 0, autoFail: true });
  });

  it('no applicable rule → no score', () => {
    const r = scoreContact(compileRuleSet(rules), contact([S(1, 'ivr')]));
    expect(r.findings.map((f) => f.outcome)).toEqual(['na', 'na', 'na', 'na']);
    expect(r).toMatchObject({ score: null, autoFail: false });
  });

  it('contactScore recomputes from (possibly overruled) outcomes', () => {
    expect(contactScore(rules, [{ rule: 'a', outcome: 'pass' }, { rule: 'b', outcome: 'pass' }, { rule: 'c', outcome: 'pass' }, { rule: 'd', outcome: 'fail' }])).toEqual({ score: 60, autoFail: false });
  });
});

describe('the default rule set on whole contacts', () => {
  const compiled = compileRuleSet([...DEFAULT_RULE_SET]);
  const outcomes = (c: Contact) => Object.fromEntries(scoreContact(compiled, c).findings.map((f) => [f.rule, f.outcome]));

  it('a good Mandarin phone call', () => {
    const c = contact([
      A(0, '您好，这里是客服中心，工号1024，请问有什么可以帮您？'),
      C(1, '我的宽带太慢了，我要投诉！'),
      A(2, '非常抱歉给您带来不便，我马上帮您查询。'),
      C(3, '好。'),
      A(4, '已经为您提交工单，我们会在24小时内给您回复。'),
      A(5, '请问还有什么可以帮您？感谢您的来电。'),
    ]);
    expect(outcomes(c)).toEqual({ greeting: 'pass', closing: 'pass', forbidden_phrases: 'pass', empathy_in_complaint: 'pass', time_commitment: 'pass', first_response: 'na' });
    // 5 + 5 + 10 + 10 + 5 of the same → 100
    expect(scoreContact(compiled, c).score).toBe(100);
  });

  it('a poor Cantonese chat: no greeting, forbidden phrase, no empathy, slow first response', () => {
    const c = contact(
      [
        C(0, '你哋啲服務好差！', 0),
        A(1, '咩事？', 95),
        C(2, '我唔滿意', 100),
        A(3, '呢啲唔關我事，我唔知。', 110),
        A(4, '拜拜', 120),
      ],
      'chat',
    );
    expect(outcomes(c)).toEqual({ greeting: 'fail', closing: 'fail', forbidden_phrases: 'fail', empathy_in_complaint: 'fail', time_commitment: 'fail', first_response: 'fail' });
    expect(scoreContact(compiled, c)).toMatchObject({ score: 0, autoFail: true });
  });

  it('a good English chat, closing in Cantonese phrase written in Traditional', () => {
    const c = contact(
      [C(0, 'hi', 0), A(1, 'Good afternoon, how can I help?', 30), C(2, 'my order'), A(3, 'It will arrive within 3 days.'), A(4, '仲有冇其他可以幫到你？', 200)],
      'wechat',
    );
    expect(outcomes(c)).toEqual({ greeting: 'pass', closing: 'pass', forbidden_phrases: 'pass', empathy_in_complaint: 'na', time_commitment: 'pass', first_response: 'pass' });
    // 5 + 5 + 10 + 5 + 10 passed, empathy na → 100
    expect(scoreContact(compiled, c).score).toBe(100);
  });

  it('greeting and closing missed, the rest passing: 100 × (10 + 5) / (5 + 5 + 10 + 5) = 60', () => {
    const c = contact([A(0, '喂'), C(1, '查快递'), A(2, '两个工作日内到'), A(3, '嗯')]);
    // time_commitment: 两 is not \d → fail; so pass = forbidden 10 only: 100 × 10 / 25 = 40
    expect(outcomes(c)).toEqual({ greeting: 'fail', closing: 'fail', forbidden_phrases: 'pass', empathy_in_complaint: 'na', time_commitment: 'fail', first_response: 'na' });
    expect(scoreContact(compiled, c).score).toBe(40);
  });
});
