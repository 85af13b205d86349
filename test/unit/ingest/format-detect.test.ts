import iconv from 'iconv-lite';
import { detectDelimiter, detectEncoding, detectFormat, NotATableError } from '../../../server/modules/ingest/domain/format-detect';

describe('detectFormat', () => {
  it.each([
    [Buffer.from('a,b\n1,2\n'), 'x.csv', 'csv'],
    [Buffer.from('{"a":1}\n{"a":2}\n'), 'x.txt', 'jsonl'],
    [Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.xlsx', 'xlsx'],
    [Buffer.from('\uFEFF通话编号,工号\n', 'utf8'), 'x.csv', 'csv'],
    [Buffer.from('\uFEFF通话编号\t工号\n', 'utf16le'), 'x.txt', 'csv'],
  ])('%#: %s', (sample, name, expected) => expect(detectFormat(sample as Buffer, name as string)).toBe(expected));

  it.each([
    ['empty', Buffer.alloc(0), /empty/],
    ['blank', Buffer.from(' \n\n'), /empty/],
    ['binary', Buffer.from([1, 2, 0, 4, 5]), /binary/],
    ['an old .xls', Buffer.from([0x50, 0x4b, 0x03, 0x04]), /xls/],
  ])('refuses %s', (what, sample, message) => {
    expect(() => detectFormat(sample as Buffer, what === 'an old .xls' ? 'old.xls' : 'x.csv')).toThrow(NotATableError);
    expect(() => detectFormat(sample as Buffer, what === 'an old .xls' ? 'old.xls' : 'x.csv')).toThrow(message as RegExp);
  });
});

describe('detectEncoding', () => {
  it('reads UTF-8 (with or without BOM) as UTF-8 and GBK bytes as GB18030', () => {
    expect(detectEncoding(Buffer.from('工号,是否接通\n'), true)).toBe('utf8');
    expect(detectEncoding(Buffer.from('\uFEFFa,b\n'), true)).toBe('utf8');
    expect(detectEncoding(iconv.encode('工号,是否接通\n', 'gbk'), true)).toBe('gb18030');
    expect(detectEncoding(Buffer.from('\uFEFF工号\t是否接通\n', 'utf16le'), true)).toBe('utf16le');
  });

  it('allows a sample cut inside a character', () => {
    const bytes = Buffer.from('a,工号');
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), false)).toBe('utf8');
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1;2', ','],
    ['a;b;c\n', ';'],
    ['a\tb\tc', '\t'],
    ['"x,y";b;c', ';'],
  ])('%j -> %j', (text, expected) => expect(detectDelimiter(text)).toBe(expected));
});
