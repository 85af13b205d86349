import { compileRuleSet } from '../../../server/modules/autoqa/domain/compile-rule-set';
import { DEFAULT_RULE_SET } from '../../../server/modules/autoqa/domain/default-rule-set';
import { normalise, PhraseFilter } from '../../../server/modules/autoqa/domain/normalise-text';
import { scoreContact } from '../../../server/modules/autoqa/domain/score-contact';
import { openccEntries, rng } from './support/opencc-entries';

const complaintTriggers = DEFAULT_RULE_SET.flatMap((r) => (r.kind === 'conditional' ? r.triggers : [])).map(normalise);

describe('PhraseFilter: skips a text only when no phrase can occur in it once normalised', () => {
  const filter = new PhraseFilter(complaintTriggers);

  it.each([
    ['Simplified', '我要投诉'],
    ['Traditional', '我要投訴！'],
    ['Traditional 不滿意', '我對處理結果好不滿意'],
    ['Cantonese 唔滿意', '我對呢個處理結果唔滿意。'],
    ['spaces and punctuation inside the phrase', '太 ， 慢！'],
    ['full-width Chinese punctuation and Traditional 氣', '我好生氣。'],
    ['English in capitals', 'THIS IS UNACCEPTABLE'],
    ['full-width English', 'ｔｅｒｒｉｂｌｅ service'],
    ['full-width capitals with spaces', 'I want to ＣＯＭ ＰＬＡＩＮ'],
    ['astral text around it (the general path)', '😡 投訴 😡'],
    ['a combining mark elsewhere (context-sensitive)', 'cafe\u0301 complain'],
  ])('%s: "%s" is not skipped', (_label, text) => {
    expect(complaintTriggers.some((t) => normalise(text).includes(t))).toBe(true);
    expect(filter.mayOccurIn(text)).toBe(true);
  });

  it.each([
    ['an ordinary Simplified turn', '我想查一下我的话费。'],
    ['an ordinary Cantonese turn', '我屋企上網由琴日開始就斷咗線。'],
    ['an ordinary English turn', 'When will it be fixed?'],
    ['empty', ''],
  ])('%s is skipped', (_label, text) => {
    expect(filter.mayOccurIn(text)).toBe(false);
  });

  it('a character changed only inside an OpenCC phrase counts (乾淨 → 干净, while 乾隆 keeps 乾)', () => {
    const clean = new PhraseFilter([normalise('干净')]);
    expect(normalise('乾淨')).toBe('干净');
    expect(clean.mayOccurIn('乾淨')).toBe(true);
    expect(clean.mayOccurIn('乾隆')).toBe(false);
  });

  it('never skips a text whose normalised form holds a phrase: OpenCC keys, trigger spellings and odd characters mixed at random', () => {
    const keys = openccEntries().map(([key]) => key);
    const spellings = ['投訴', '投诉', '不滿意', '唔滿意', '太差', '太慢', '生氣', '好差', 'Complain', 'UNACCEPTABLE', 'ｔｅｒｒｉｂｌｅ', '投 訴', '太、慢'];
    const odd = ['，', '。', ' ', 'Ａ', 'ﬁ', 'e\u0301', '😀', '𠮶', '嗰', '\u2ff0', 'İ', 'Σ', '\u3000'];
    // phrases made of dictionary text too, so Traditional keys are often what a phrase needs
    const phrases = [...complaintTriggers, ...Array.from({ length: 40 }, (_, i) => normalise(keys[(i * 7919) % keys.length])).filter((p) => p !== '')];
    const f = new PhraseFilter(phrases);
    const next = rng(16);
    let occurring = 0;
    const missed: string[] = [];
    for (let i = 0; i < 20000; i++) {
      let s = '';
      const parts = 1 + Math.floor(next() * 6);
      for (let j = 0; j < parts; j++) {
        const r = next();
        s += r < 0.5 ? keys[Math.floor(next() * keys.length)] : r < 0.8 ? spellings[Math.floor(next() * spellings.length)] : odd[Math.floor(next() * odd.length)];
      }
      const n = normalise(s);
      if (!phrases.some((p) => n.includes(p))) continue;
      occurring++;
      if (!f.mayOccurIn(s)) missed.push(s);
    }
    expect(missed).toEqual([]);
    expect(occurring).toBeGreaterThan(5000);
  });

  it('every BMP character that normalises to text holding a trigger unit stands for that unit', () => {
    const units = [...new Set(complaintTriggers.join(''))];
    const filters = new Map(units.map((u) => [u, new PhraseFilter([u])]));
    const missed: string[] = [];
    for (let cu = 0; cu < 0x10000; cu++) {
      if (cu >= 0xd800 && cu <= 0xdfff) continue;
      const ch = String.fromCharCode(cu);
      for (const u of units) if (normalise(ch).includes(u) && !filters.get(u)!.mayOccurIn(ch)) missed.push(`${ch} → ${u}`);
    }
    expect(missed).toEqual([]);
  });
});

describe('scoring with the trigger filter gives the same findings as normalising every customer turn', () => {
  it('a complaint in Traditional and full-width forms is found, with its evidence', () => {
    const compiled = compileRuleSet([...DEFAULT_RULE_SET]);
    const result = scoreContact(compiled, {
      channel: 'phone',
      turns: [
        { seq: 0, offsetS: 0, speaker: 'agent', text: '您好' },
        { seq: 1, offsetS: 5, speaker: 'customer', text: '等咗半個鐘，ＴＥＲＲＩＢＬＥ！' },
        { seq: 2, offsetS: 9, speaker: 'agent', text: '唔好意思，令你等咗咁耐。' },
      ],
    });
    const empathy = result.findings.find((f) => f.rule === 'empathy_in_complaint')!;
    expect(empathy.outcome).toBe('pass');
    expect(empathy.evidence[0]).toEqual({ seq: 1, text: '等咗半個鐘，ＴＥＲＲＩＢＬＥ！', start: 6, end: 14 });
  });
});
