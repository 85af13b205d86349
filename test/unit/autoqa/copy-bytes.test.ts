import { CopyBytes } from '../../../server/modules/autoqa/autoqa-scoring.service';

const text = (b: CopyBytes) => Buffer.concat(b.chunks()).toString('utf8');

describe('CopyBytes (the COPY text of AutoQA results)', () => {
  it.each([0, 7, 10, 99, 100, 123456789, 999999999, 1e9, 2 ** 40, -1, 66.66666666666667, 0.1, 1e21])('writes %p as String() does', (n) => {
    const b = new CopyBytes();
    b.number(n);
    expect(text(b)).toBe(String(n));
  });

  it('keeps bytes in order across chunk boundaries, with UTF-8 keys intact', () => {
    const b = new CopyBytes();
    const key = Buffer.from('問候_greeting');
    let expected = '';
    for (let i = 0; i < 20_000; i++) {
      b.ascii(String(1_000_000 + i));
      b.byte(9);
      b.bytes(key);
      b.byte(9);
      b.number(i * 37);
      b.byte(10);
      expected += `${1_000_000 + i}\t問候_greeting\t${i * 37}\n`;
    }
    expect(b.chunks().length).toBeGreaterThan(1);
    expect(text(b)).toBe(expected);
  });

  it('is empty until written to', () => {
    const b = new CopyBytes();
    expect(b.empty).toBe(true);
    expect(b.chunks()).toEqual([]);
    b.byte(10);
    expect(b.empty).toBe(false);
  });
});
