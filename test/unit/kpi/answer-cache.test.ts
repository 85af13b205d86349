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

  describe('getOrCreate', () => {
    /** A creation the test finishes by hand. */
    const deferred = () => {
      let resolve!: (v: string) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    };

    it('builds an answer once for callers asking at the same time, then serves it kept', async () => {
      const cache = new AnswerCache<string>(100, 10);
      const d = deferred();
      const create = jest.fn(() => d.promise);
      const asked = [cache.getOrCreate('k', create, () => 1), cache.getOrCreate('k', create, () => 1), cache.getOrCreate('k', create, () => 1)];
      d.resolve('A');
      expect(await Promise.all(asked)).toEqual(['A', 'A', 'A']);
      expect(await cache.getOrCreate('k', create, () => 1)).toBe('A');
      expect(create).toHaveBeenCalledTimes(1);
      expect(cache.figureCount).toBe(1);
    });

    it('keeps no failure: every waiting caller gets it, and the next caller builds again', async () => {
      const cache = new AnswerCache<string>(100, 10);
      const d = deferred();
      const first = [cache.getOrCreate('k', () => d.promise, () => 1), cache.getOrCreate('k', () => d.promise, () => 1)];
      d.reject(new Error('database down'));
      await expect(first[0]).rejects.toThrow('database down');
      await expect(first[1]).rejects.toThrow('database down');
      expect(await cache.getOrCreate('k', async () => 'B', () => 1)).toBe('B');
    });

    it('does not keep an answer whose building began before a clear, and builds anew after it', async () => {
      const cache = new AnswerCache<string>(100, 10);
      const d = deferred();
      const old = cache.getOrCreate('k', () => d.promise, () => 1);
      cache.clear();
      const fresh = cache.getOrCreate('k', async () => 'new', () => 1);
      d.resolve('old');
      expect(await old).toBe('old');
      expect(await fresh).toBe('new');
      expect(cache.get('k')).toBe('new');
      expect(cache.size).toBe(1);
    });
  });
});
