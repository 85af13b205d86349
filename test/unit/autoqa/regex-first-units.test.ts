import { TIME_COMMITMENT_REGEX } from '../../../server/modules/autoqa/domain/default-rule-set';
import { regexFirstUnits } from '../../../server/modules/autoqa/domain/regex-first-units';

const firstOf = (source: string) => {
  const map = regexFirstUnits(source);
  return map === null ? null : [...map.keys()].filter((u) => map[u] === 1).map((u) => String.fromCharCode(u)).join('');
};

describe('regexFirstUnits: the units a match can start with', () => {
  it.each([
    ['the default time commitment', TIME_COMMITMENT_REGEX, '0123456789w'],
    ['a literal', '您好', '您'],
    ['alternation and groups', '(?:早上|下午)好|good(morning)?', 'g下早'],
    ['an optional prefix adds what follows', '(请)?稍等', '稍请'],
    ['a class with a range and an escape', '[a-c\\d]x', '0123456789abc'],
    ['a counted repeat of zero adds what follows', 'a{0,2}b', 'ab'],
    ['anchors and word boundaries take no character', '^\\bok$', 'o'],
    ['a named group', '(?<n>\\d+)天', '0123456789'],
    ['identity escapes', '\\.\\$', '.'],
  ])('%s: %s → %s', (_label, source, expected) => {
    expect(firstOf(source)).toBe(expected);
  });

  it.each([
    ['any character', '.+内'],
    ['a negated class', '[^a]b'],
    ['a lookahead', '(?=a)a'],
    ['a back reference', '(a)\\1'],
    ['\\s, \\D, \\p', '\\s+x'],
    ['a property escape', '\\p{Script=Han}'],
    ['an expression that can match empty text', 'a*'],
    ['an optional whole', '(abc)?'],
  ])('%s (%s) gives no filter', (_label, source) => {
    expect(regexFirstUnits(source)).toBeNull();
  });

  it('never rules out a text the expression matches (random texts over the expressions\' own characters)', () => {
    const sources = [TIME_COMMITMENT_REGEX, '(?:早上|下午)好|good(morning)?', '[a-c\\d]x', 'a{0,2}b', '(请)?稍等', '\\bok', '(?<n>\\d+)天'];
    const alphabet = [...'0123456789within24小时工作日天内个之分钟早上下午好goodmrnabcx请稍等ok '];
    let seed = 5;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const missed: string[] = [];
    let matched = 0;
    for (const source of sources) {
      const re = new RegExp(source, 'u');
      const first = regexFirstUnits(source)!;
      for (let i = 0; i < 12000; i++) {
        let text = '';
        const len = 1 + Math.floor(next() * 12);
        for (let j = 0; j < len; j++) text += alphabet[Math.floor(next() * alphabet.length)];
        if (!re.test(text)) continue;
        matched++;
        if (![...text].some((c) => first[c.charCodeAt(0)] === 1)) missed.push(`${source} on ${text}`);
      }
    }
    expect(missed).toEqual([]);
    expect(matched).toBeGreaterThan(1000);
  });
});
