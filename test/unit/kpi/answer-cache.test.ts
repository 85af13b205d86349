import { AnswerCache } from '../../../server/modules/kpi/domain/answer-cache';

describe('AnswerCache', () => {
  it('keeps at most maxEntries answers, dropping the oldest', () => {
    const cache = new AnswerCache<string>(2, 1_000);
    cache.set('a', 'A', 1);
    cache.set('b', 'B', 1);
    cache.set('c', 'C', 1);
    expect(cache.get('a')).toBeUndefined();
    expect([cache.get('b'), cache.get('c')]).toEqual(['B', 'C']);
    expect(cache.size).toBe(2);
  });

  it('drops the oldest answers until the new one fits the figure budget', () => {
    const cache = new AnswerCache<string>(100, 10);
    cache.set('a', 'A', 4);
    cache.set('b', 'B', 4);
    cache.set('c', 'C', 5); // 4 + 4 + 5 = 13 > 10: 'a' goes, 4 + 5 = 9 fits
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe('B');
    expect(cache.get('c')).toBe('C');
    expect(cache.figureCount).toBe(9);
  });

  it('does not keep an answer larger than the whole budget, and keeps the others', () => {
    const cache = new AnswerCache<string>(100, 10);
    cache.set('small', 'S', 3);
    cache.set('huge', 'H', 11);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBe('S');
    expect(cache.figureCount).toBe(3);
  });

  it('replacing a key counts its figures once', () => {
    const cache = new AnswerCache<string>(100, 10);
    cache.set('a', 'A1', 6);
    cache.set('a', 'A2', 7);
    expect(cache.get('a')).toBe('A2');
    expect(cache.figureCount).toBe(7);
    expect(cache.size).toBe(1);
  });

  it('clear empties it and frees the budget', () => {
    const cache = new AnswerCache<string>(100, 10);
    cache.set('a', 'A', 10);
    cache.clear();
    expect(cache.size).toBe(0);
    cache.set('b', 'B', 10);
    expect(cache.get('b')).toBe('B');
  });
});
