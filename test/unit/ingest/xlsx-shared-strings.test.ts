import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource, SharedStringsLimitError, XLSX_MAX_SHARED_STRINGS, XLSX_MAX_SHARED_STRINGS_BYTES } from '../../../server/modules/ingest/source.reader';
import { writeWorkbookWithSharedStrings } from './support/streamed-xlsx';

/** The workbook reader keeps a workbook's shared strings in memory: bounded in count and bytes. */
describe('XLSX shared-string table', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'callscope-sst-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function firstRecords(path: string): Promise<{ header: string[]; rows: string[][] }> {
    const source = await openSource(path, 'calls.xlsx');
    try {
      const rows: string[][] = [];
      for await (const batch of source.batches) rows.push(...batch.map((r) => r.values));
      return { header: source.header, rows };
    } finally {
      await source.close();
    }
  }

  it('reads the text of each entry: runs joined, phonetic guides left out', async () => {
    const path = join(dir, 'small.xlsx');
    const items = ['', '', '<r><rPr><b/></rPr><t>C-</t></r><r><t xml:space="preserve">0001 </t></r>', '<t>山田</t><rPh sb="0" eb="2"><t>ヤマダ</t></rPh>'];
    await writeWorkbookWithSharedStrings(path, items.length, (i) => items[i]);
    expect(await firstRecords(path)).toEqual({ header: ['call_id', 'agent'], rows: [['C-0001 ', '山田']] });
  });

  it(`refuses a table of more than ${XLSX_MAX_SHARED_STRINGS.toLocaleString('en')} strings before reading a row`, async () => {
    const path = join(dir, 'many.xlsx');
    await writeWorkbookWithSharedStrings(path, XLSX_MAX_SHARED_STRINGS + 1, (i) => `<t>s${i}</t>`);
    const opened = openSource(path, 'calls.xlsx');
    await expect(opened).rejects.toThrow(SharedStringsLimitError);
    await expect(opened).rejects.toThrow(/too large \(more than 1,000,000 texts\).*save the sheet as CSV/i);
  }, 120_000);

  it('reads a table of exactly the most strings it allows', async () => {
    const path = join(dir, 'bound.xlsx');
    await writeWorkbookWithSharedStrings(path, XLSX_MAX_SHARED_STRINGS, (i) => `<t>s${i}</t>`);
    expect(await firstRecords(path)).toEqual({ header: ['call_id', 'agent'], rows: [['s2', 's3']] });
  }, 120_000);

  it(`refuses a table of more than ${XLSX_MAX_SHARED_STRINGS_BYTES / 1024 / 1024} MiB, however few its strings`, async () => {
    const path = join(dir, 'long.xlsx');
    const long = 'x'.repeat(1024 * 1024);
    const { xmlBytes } = await writeWorkbookWithSharedStrings(path, 70, (i) => `<t>${i}${long}</t>`);
    expect(xmlBytes).toBeGreaterThan(XLSX_MAX_SHARED_STRINGS_BYTES);
    await expect(openSource(path, 'calls.xlsx')).rejects.toThrow(/too large \(more than 64 MiB\)/);
  }, 120_000);
});
