import { copyText, CopyBytes, textArrayLiteral } from '../../../server/modules/autoqa/autoqa-scoring.service';

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

  describe('a text[] literal of rule keys as a COPY text field', () => {
    const field = (keys: string[]) => copyText(textArrayLiteral(keys));

    it('quotes every element and backslash-escapes " and \\ inside the quotes', () => {
      expect(textArrayLiteral(['greeting', 'closing'])).toBe('{"greeting","closing"}');
      expect(textArrayLiteral(['a,b', 'say "hi"', 'back\\slash', '{brace}', 'two words', 'NULL', '', '问候'])).toBe(
        '{"a,b","say \\"hi\\"","back\\\\slash","{brace}","two words","NULL","","问候"}',
      );
      expect(textArrayLiteral([])).toBe('{}');
    });

    it('then escapes for COPY text: backslashes doubled, tab, newline and carriage return as \\t \\n \\r', () => {
      expect(field(['tab\there', 'new\nline', 'cr\rx'])).toBe('{"tab\\there","new\\nline","cr\\rx"}');
      // A backslash inside the literal becomes two, each doubled again for COPY: four in the field.
      expect(field(['back\\slash'])).toBe('{"back\\\\\\\\slash"}');
      expect(field(['say "hi"'])).toBe('{"say \\\\"hi\\\\""}');
      expect(field(['\\N'])).toBe('{"\\\\\\\\N"}');
      // No raw tab, newline or carriage return survives into the field (they would end it or the line).
      const awkward = ['a,b', 'say "hi"', 'back\\slash', '{brace}', 'two words', 'tab\there', 'new\nline', 'cr\rx', '问候_greeting'];
      expect(field(awkward)).not.toMatch(/[\t\n\r]/);
    });

    it('reads back as the keys when COPY text and then the array literal are undone', () => {
      const awkward = ['a,b', 'say "hi"', 'back\\slash', '{brace}', 'two words', 'tab\there', 'new\nline', 'cr\rx', 'NULL', '', '问候', '\\N', '"', '\\'];
      // COPY text: \\ \t \n \r are the only escapes written.
      const unCopy = (s: string) => s.replace(/\\([\\tnr])/g, (_, c: string) => ({ '\\': '\\', t: '\t', n: '\n', r: '\r' })[c]!);
      // The literal: quoted elements, \x stands for x.
      const unArray = (s: string) => [...s.slice(1, -1).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/gs, '$1'));
      expect(unArray(unCopy(field(awkward)))).toEqual(awkward);
    });
  });
});
