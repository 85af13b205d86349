import { PhraseMatcher } from '../../../server/modules/autoqa/domain/phrase-matcher';

describe('PhraseMatcher (Aho-Corasick)', () => {
  it('finds overlapping phrases in one pass (the classic he/she/his/hers)', () => {
    const m = new PhraseMatcher(['he', 'she', 'his', 'hers']);
    expect(m.findAll('ushers')).toEqual([
      [1, 1, 4],
      [0, 2, 4],
      [3, 2, 6],
    ]);
  });

  it('finds a phrase inside another and repeated occurrences', () => {
    const m = new PhraseMatcher(['知道', '我不知道', '没办法']);
    expect(m.findAll('我不知道，没办法，不知道')).toEqual([
      [1, 0, 4],
      [0, 2, 4],
      [2, 5, 8],
      [0, 10, 12],
    ]);
  });

  it('does not find 我知道 in 我不知道', () => {
    expect(new PhraseMatcher(['我知道']).findAll('我不知道')).toEqual([]);
  });

  it('follows failure links across a partial match (abcd / bc)', () => {
    expect(new PhraseMatcher(['abcd', 'bc']).findAll('abce')).toEqual([[1, 1, 3]]);
  });

  it('handles astral characters as two units', () => {
    expect(new PhraseMatcher(['𠮶个']).findAll('系𠮶个')).toEqual([[0, 1, 4]]);
  });

  it('agrees with indexOf on random text', () => {
    const phrases = ['ab', 'abc', 'bca', 'c', 'aab', 'cab'];
    const m = new PhraseMatcher(phrases);
    let seed = 1;
    for (let t = 0; t < 300; t++) {
      let s = '';
      for (let i = 0; i < 20; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += 'abc'[seed % 3];
      }
      const expected: [number, number, number][] = [];
      phrases.forEach((p, id) => {
        for (let i = s.indexOf(p); i >= 0; i = s.indexOf(p, i + 1)) expected.push([id, i, i + p.length]);
      });
      const sort = (a: [number, number, number][]) => [...a].sort((x, y) => x[2] - y[2] || x[0] - y[0]);
      expect(sort(m.findAll(s))).toEqual(sort(expected));
    }
  });
});
