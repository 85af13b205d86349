import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { readPlainLines } from '../../../server/modules/ingest/domain/csv-plain-lines';
import { csvRecords } from '../../../server/modules/ingest/source.reader';

/** What csv-parse alone makes of the whole file (the reader's reference). */
function reference(bytes: Buffer, delimiter: string): { rows: string[][]; error: string | null } {
  try {
    return { rows: parse(bytes, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 1024 * 1024 }), error: null };
  } catch (e) {
    return { rows: [], error: (e as Error).message };
  }
}

async function viaReader(bytes: Buffer, delimiter: string, chunkSize: number): Promise<{ rows: string[][]; numbers: number[]; error: string | null }> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const rows: string[][] = [];
  const numbers: number[] = [];
  try {
    for await (const batch of csvRecords(Readable.from(chunks), delimiter)) {
      for (const r of batch) {
        rows.push(r.values);
        numbers.push(r.row);
      }
    }
    return { rows, numbers, error: null };
  } catch (e) {
    return { rows, numbers, error: (e as Error).message };
  }
}

const cases: Array<[string, string, string]> = [
  ['plain LF', 'a,b,c\n1,2,3\n4,5,6\n', ','],
  ['CRLF with empty lines and no final line ending', 'a,b\r\n1,2\r\n\r\n3,4\r\n\r\n5,6', ','],
  ['BOM and semicolons', '\uFEFFa;b\n1;2\n', ';'],
  ['tabs, commas inside cells', 'a\tb\n1,5\t2,5\n', '\t'],
  ['quoted record in the middle (hand-over)', 'a,b,c\n1,2,3\n"x,y","He said ""hi""\nthen",z\n7,8,9\n\n10,11,12\n', ','],
  ['quoted record on the first data line of a CRLF file', 'a,b\r\n"1\r\n2",3\r\n4,5\r\n', ','],
  ['quoted header', '"a","b"\n1,2\n', ','],
  ['a lone CR in a LF file', 'a,b\n1,x\ry\n2,3\n', ','],
  ['a lone LF in a CRLF file stays in the cell', 'a,b\r\n1,x\ny\r\n2,3\r\n', ','],
  ['old Mac line endings', 'a,b\r1,2\r3,4\r', ','],
  ['ragged rows and a line of delimiters', 'a,b,c\n1\n1,2,3,4\n,,\n', ','],
  ['Chinese', '通话编号,工号\nA-1,张三\n', ','],
  ['invalid closing quote far down', 'a,b\n1,2\n3,4\n"5"x,6\n', ','],
  ['invalid opening quote', 'a,b\n1,2\n3,a"b\n', ','],
  ['unclosed quote at the end', 'a,b\n1,2\n"3,4\n', ','],
  ['control characters kept', 'a,b\n1,a\u0001b\n', ','],
];

describe('csvRecords (plain lines split here, the rest handed to csv-parse)', () => {
  it.each(cases)('%s: same records and errors as csv-parse on the whole file, at any chunk size', async (_name, text, delimiter) => {
    const bytes = Buffer.from(text, 'utf8');
    const ref = reference(bytes, delimiter);
    for (const chunkSize of [1, 2, 3, 7, 64 * 1024]) {
      const got = await viaReader(bytes, delimiter, chunkSize);
      if (ref.error) {
        expect(got.error).toContain(ref.error);
      } else {
        expect(got.error).toBeNull();
        expect(got.rows).toEqual(ref.rows);
        expect(got.numbers).toEqual(ref.rows.map((_r, i) => i + 1));
      }
    }
  });

  it('hands a record over the size limit to csv-parse, which refuses it', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    const got = await viaReader(Buffer.from(`a,b\n1,2\n${big},3\n4,5\n`), ',', 64 * 1024);
    expect(got.rows).toEqual([['a', 'b'], ['1', '2']]);
    expect(got.error).toMatch(/^record 3: Max Record Size/);
  });

  it('names the line of the file in a csv-parse error after the hand-over', async () => {
    const got = await viaReader(Buffer.from('a,b\n1,2\n\n3,4\n"5"x,6\n'), ',', 4);
    expect(got.error).toMatch(/^record 4: Invalid Closing Quote: got "x" at line 5/);
  });
});

describe('readPlainLines', () => {
  it('stops before an incomplete line and before a line with a quote', () => {
    const out: string[][] = [];
    const state = { delimiter: ',', eol: null, line: 1 };
    expect(readPlainLines('a,b\n1,2\n3,', 0, state, false, 1000, out)).toEqual({ pos: 8, needsFullParser: false });
    expect(out).toEqual([['a', 'b'], ['1', '2']]);
    expect(state).toEqual({ delimiter: ',', eol: '\n', line: 3 });
    expect(readPlainLines('3,4\n"5",6\n', 0, state, false, 1000, out)).toEqual({ pos: 4, needsFullParser: true });
    expect(out).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });
});
