import { foldChinese } from '../../../server/modules/autoqa/domain/opencc-fold';
import { normalise, normaliseWithMap, originalSpan, referenceNormalise } from '../../../server/modules/autoqa/domain/normalise-text';
import { openccEntries, rng } from './support/opencc-entries';

describe('normalise (docs/autoqa.md "How matching works")', () => {
  it.each([
    ['Traditional folds to Simplified', '還有什麼可以幫到您？', '还有什么可以帮到您'],
    ['沒有 ~ 没有', '沒有', '没有'],
    ['Simplified is left as it is', '还有什么可以帮您', '还有什么可以帮您'],
    ['Cantonese after folding', '仲有冇其他問題？', '仲有冇其他问题'],
    ['Cantonese 唔關我事', '唔關我事！', '唔关我事'],
    ['full-width letters and punctuation', 'ＨＥＬＬＯ，Ｗｏｒｌｄ！', 'helloworld'],
    ['full-width digits', '３個工作日內', '3个工作日内'],
    ['ligature ﬁ becomes two letters', 'ﬁne', 'fine'],
    ['English case and spaces', 'Thank  You for\tCalling.', 'thankyouforcalling'],
    ['ideographic space and CJK punctuation', '您好　請問【有】什麼…', '您好请问有什么'],
    ['emoji and symbols removed', '👍 好的 ❤ $5', '好的5'],
    ['a phrase (乾淨 → 干净) and a name kept (乾隆)', '乾淨 乾隆', '干净乾隆'],
    ['combining accent composed', 'cafe\u0301', 'café'],
    ['empty', '', ''],
    ['only punctuation', '，。！？ ...', ''],
  ])('%s', (_label, input, expected) => {
    expect(normalise(input)).toBe(expected);
    expect(referenceNormalise(input)).toBe(expected);
  });
});

describe('normaliseWithMap: spans in the original text', () => {
  const spans = (text: string) => {
    const n = normaliseWithMap(text);
    return [...n.text].map((_, i) => [n.start[i], n.end[i]]);
  };

  it('full-width forms and a ligature keep their original positions', () => {
    // Ｈ0 ｅ1 ｌ2 ｌ3 ｏ4 ，5 ﬁ6 n7 e8
    const n = normaliseWithMap('Ｈｅｌｌｏ，ﬁne');
    expect(n.text).toBe('hellofine');
    expect(Array.from(n.start)).toEqual([0, 1, 2, 3, 4, 6, 6, 7, 8]);
    expect(Array.from(n.end)).toEqual([1, 2, 3, 4, 5, 7, 7, 8, 9]);
  });

  it('an emoji (surrogate pair) removed before Traditional text', () => {
    // 👍 is units 0-1, space 2, 還3 有4
    const n = normaliseWithMap('👍 還有');
    expect(n.text).toBe('还有');
    expect(spans('👍 還有')).toEqual([[3, 4], [4, 5]]);
  });

  it('a BMP character folded to an astral one (嗰 → 𠮶) spans one original unit with two normalised units', () => {
    const n = normaliseWithMap('嗰個');
    expect(n.text).toBe('𠮶个');
    expect(n.text.length).toBe(3);
    expect(Array.from(n.start)).toEqual([0, 0, 1]);
    expect(Array.from(n.end)).toEqual([1, 1, 2]);
  });

  it('a phrase match maps back to the original words across removed spaces', () => {
    const text = 'OK, 我 唔 知 啊';
    const n = normaliseWithMap(text);
    expect(n.text).toBe('ok我唔知啊');
    const from = n.text.indexOf('我唔知');
    const span = originalSpan(n, from, from + 3);
    expect(text.slice(span.start, span.end)).toBe('我 唔 知');
  });

  it('a combining accent maps the composed letter to both original units', () => {
    const n = normaliseWithMap('cafe\u0301!');
    expect(n.text).toBe('café');
    const span = originalSpan(n, 3, 4);
    expect([span.start, span.end]).toEqual([3, 5]);
    expect(Array.from(n.start.subarray(0, 3))).toEqual([0, 1, 2]);
  });
});

describe('the fast path equals the reference normaliser', () => {
  const entries = openccEntries();

  it('every OpenCC key alone and between neighbours', () => {
    let checked = 0;
    const bad: string[] = [];
    for (const [k, v] of entries) {
      for (const s of [k, v, `我${k}了`, `${k}${k}`]) {
        if (normalise(s) !== referenceNormalise(s)) bad.push(s);
        checked++;
      }
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(20000);
  });

  it('the in-place OpenCC replay equals opencc-js on random runs of dictionary characters', () => {
    const next = rng(7);
    const chars = [...new Set(entries.flatMap(([k, v]) => [...k, ...v]))];
    const bad: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const len = 1 + Math.floor(next() * 30);
      for (let j = 0; j < len; j++) s += chars[Math.floor(next() * chars.length)];
      const cps = Int32Array.from(s, (c) => c.codePointAt(0)!);
      foldChinese.inPlace(cps, cps.length);
      if (String.fromCodePoint(...cps) !== foldChinese.reference(s)) bad.push(s);
      // and through the one-pass path (per-character map or full replay, as the text needs)
      if (normalise(s) !== referenceNormalise(s)) bad.push(`normalise ${s}`);
    }
    expect(bad).toEqual([]);
  });

  it('a generated corpus of mixed text (Simplified, Traditional, Cantonese, English, full-width, emoji, marks, odd cases)', () => {
    const next = rng(42);
    const words = [
      '您好', '请问有什么可以帮您', '我們會盡快處理', '還有什麼可以幫到您', '唔好意思', '仲有冇其他', '唔關我事', '我唔知',
      '三個工作日內', '24小时内', 'Hello', 'THANK YOU', 'anything else?', 'within 3 working days', '乾淨', '頭髮', '發展', '後來',
      '著作', '瞭解', '么麼', '嗰個', '喺度', '冇辦法', '乜嘢', '佢哋', '鬱金香', '台灣', '臺灣', '裡面', '裏面',
    ];
    const odd = ['ＡＢＣ', '１２３', 'ﬁ', 'ﬂ', '①', '㈱', '㎏', 'Σ', 'ΑΣ ', 'ς', 'İ', 'ß', 'e\u0301', '\u0301', 'ㄱㅏ', '가', '\u1100\u1161', '😀', '👍🏽', '🇭🇰', '𠮶', '𡃁', '\u2ff0丿乀', '\u00a0', '\u3000', '\t', '\n', '，', '。', '！', '?', '…', '—', '"', '「', '」', '$', '€', '¥', '™', '©', '\u200b', '\ufeff', '\ud800', '\udc00x'];
    const bad: string[] = [];
    for (let i = 0; i < 5000; i++) {
      let s = '';
      const parts = 1 + Math.floor(next() * 8);
      for (let j = 0; j < parts; j++) {
        const r = next();
        s += r < 0.6 ? words[Math.floor(next() * words.length)] : r < 0.85 ? odd[Math.floor(next() * odd.length)] : ' ';
      }
      const n = normaliseWithMap(s);
      if (n.text !== referenceNormalise(s)) bad.push(s);
      for (let k = 0; k < n.text.length; k++) if (!(n.start[k] >= 0 && n.start[k] < n.end[k] && n.end[k] <= s.length)) bad.push(`span ${k} of ${s}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('the cache of replayed OpenCC runs gives what no cache gives', () => {
  afterAll(() => foldChinese.setRunCacheSize(4096));

  const convert = (s: string) => {
    const cps = Int32Array.from(s, (c) => c.codePointAt(0)!);
    foldChinese.inPlace(cps, cps.length);
    return String.fromCodePoint(...cps);
  };

  it('on texts where the longer OpenCC keys decide (什么, 乾淨 vs 乾隆, Traditional phrases), repeated so the cache answers', () => {
    const texts = ['什么', '什麼', '有什么可以帮您', '還有什麼可以幫到您？', '乾淨', '乾隆', '乾淨乾隆，乾淨', '頭髮發展', '後來著作', '瞭解么麼', '鬱金香', '臺灣裡面', '你好，什么事？什么时候？'];
    foldChinese.setRunCacheSize(0);
    const plain = texts.map(convert);
    expect(plain.map((t, i) => [texts[i], t])).toContainEqual(['乾淨乾隆，乾淨', '干净乾隆，干净']);
    foldChinese.setRunCacheSize(4096);
    for (let round = 0; round < 3; round++) expect(texts.map(convert)).toEqual(plain);
    // the per-turn path with the cache
    for (const t of texts) expect(normalise(t)).toBe(referenceNormalise(t));
  });

  it('on random runs of dictionary text, with a tiny cache (colliding entries replace each other) and a large one', () => {
    const next = rng(11);
    const entries = openccEntries();
    const texts: string[] = [];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const parts = 1 + Math.floor(next() * 4);
      for (let j = 0; j < parts; j++) s += entries[Math.floor(next() * entries.length)][next() < 0.8 ? 0 : 1] + (next() < 0.3 ? '，' : '');
      texts.push(s);
    }
    const repeated = [...texts, ...texts.slice(0, 1500)];
    foldChinese.setRunCacheSize(0);
    const plain = repeated.map(convert);
    for (const size of [4, 4096]) {
      foldChinese.setRunCacheSize(size);
      const cached = repeated.map(convert);
      const differ = cached.flatMap((c, i) => (c === plain[i] ? [] : [repeated[i]]));
      expect(differ).toEqual([]);
    }
  });
});
