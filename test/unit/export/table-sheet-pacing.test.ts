import { Writable } from 'node:stream';
import { openWorkbook, TableSheetWriter } from '../../../server/modules/export/workbook/table-sheet.writer';

/** A client that reads slowly: each 16 KB chunk takes a timer tick. */
function slowSink(): Writable {
  return new Writable({ highWaterMark: 16 * 1024, write: (_chunk, _enc, done) => setTimeout(done, 1) });
}

/** The most sheet XML waiting in the zip entry's buffer while `rows` rows are written. */
async function largestBacklog(rows: number, paced: boolean): Promise<number> {
  const wb = openWorkbook(slowSink(), 'test');
  const columns = Array.from({ length: 20 }, (_, i) => ({ header: `c${i}`, width: 10 }));
  const sheet = new TableSheetWriter(wb, 'Agents', columns);
  const stream = (wb.getWorksheet('Agents') as unknown as { stream: { pipes: { _writableState: { length: number } }[] } }).stream;
  let largest = 0;
  for (let r = 0; r < rows; r++) {
    sheet.add(columns.map((_, i) => (i === 0 ? `Agent ${r}` : r * 20 + i)));
    for (const pipe of stream.pipes) largest = Math.max(largest, pipe._writableState.length);
    if (paced) await sheet.paced();
  }
  sheet.finish();
  await wb.commit();
  return largest;
}

describe('TableSheetWriter pacing', () => {
  // 20,000 rows of 20 cells is ~8 MB of sheet XML.
  it('keeps the sheet XML waiting for the compressor near 2 MB, whatever the row count', async () => {
    expect(await largestBacklog(20_000, true)).toBeLessThan(3 * 1024 ** 2);
  }, 60_000);

  it('(control) without pacing the whole sheet queues up', async () => {
    expect(await largestBacklog(20_000, false)).toBeGreaterThan(6 * 1024 ** 2);
  }, 60_000);
});
