/**
 * One export measurement in its own process, so its peak RSS (VmHWM, reset after start-up
 * with /proc/self/clear_refs) is the workbook's alone. Prints one JSON line on stdout.
 *   node dist/bench/export-child.js export <databaseUrl> <month> <outFile> <reps>
 *   node dist/bench/export-child.js cells  <databaseUrl> <month> <cellsJson>
 *   node dist/bench/export-child.js plain  <cellsJson> <outFile> <reps>
 */
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { ExportService } from '../server/modules/export/export.service';
import { benchAdmin, openAppContext } from './app-context';
import { peakRssMb, summarise } from './harness';

type Cell = string | number | boolean | null;
interface Cells {
  sheets: { name: string; rows: Cell[][] }[];
}

function resetPeak(): void {
  writeFileSync('/proc/self/clear_refs', '5');
}

async function exportMonthly(url: string, month: string, out: string, reps: number): Promise<void> {
  const ctx = await openAppContext(url);
  const caller = await benchAdmin(ctx);
  const db = ctx.get(DataSource);
  const exports = ctx.get(ExportService);
  const once_ = async () => {
    // Every repetition computes its figures: the data version moves, so no KPI answer is cached.
    await db.query(`UPDATE settings SET data_version = data_version + 1 WHERE id = 1`);
    const t0 = process.hrtime.bigint();
    const file = await exports.monthly(caller, { month });
    const stream = createWriteStream(out);
    const closed = once(stream, 'close');
    await file.write(stream);
    await closed;
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  global.gc?.();
  resetPeak();
  await once_();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push(await once_());
  const peak = peakRssMb();
  await ctx.close();
  console.log(JSON.stringify({ timing: summarise(samples), peakMb: peak }));
}

/** Reads back the workbook the export wrote: the cell values a plain write must reproduce. */
async function cells(url: string, month: string, path: string): Promise<void> {
  const tmp = `${path}.xlsx`;
  const ctx = await openAppContext(url);
  const file = await ctx.get(ExportService).monthly(await benchAdmin(ctx), { month });
  const stream = createWriteStream(tmp);
  const closed = once(stream, 'close');
  await file.write(stream);
  await closed;
  await ctx.close();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(tmp);
  const out: Cells = { sheets: [] };
  let count = 0;
  wb.eachSheet((ws) => {
    const rows: Cell[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const values: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        values[Number(cell.col) - 1] = plainValue(cell.value);
        count++;
      });
      rows.push(values);
    });
    out.sheets.push({ name: ws.name, rows });
  });
  writeFileSync(path, JSON.stringify(out));
  console.log(JSON.stringify({ sheets: out.sheets.map((s) => ({ name: s.name, rows: s.rows.length })), cells: count }));
}

function plainValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return (v.result as Cell) ?? null;
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

/** The baseline: the same cells through a bare exceljs streaming writer (no styles, no shared strings, no formats). */
async function plain(cellsPath: string, out: string, reps: number): Promise<void> {
  const data = JSON.parse(readFileSync(cellsPath, 'utf8')) as Cells;
  const once_ = async () => {
    const t0 = process.hrtime.bigint();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out });
    for (const sheet of data.sheets) {
      const ws = wb.addWorksheet(sheet.name);
      for (const row of sheet.rows) ws.addRow(row).commit();
      ws.commit();
    }
    await wb.commit();
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  resetPeak();
  await once_();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push(await once_());
  console.log(JSON.stringify({ timing: summarise(samples), peakMb: peakRssMb() }));
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'export') await exportMonthly(args[0], args[1], args[2], Number(args[3]));
  else if (mode === 'cells') await cells(args[0], args[1], args[2]);
  else if (mode === 'plain') await plain(args[0], args[1], Number(args[2]));
  else throw new Error(`unknown mode ${mode}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
