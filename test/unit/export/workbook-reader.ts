import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';

/** Test helpers: build a workbook into memory and read it back (exceljs, and the raw XML for exact numbers). */

export async function collect(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

/**
 * The numbers exactly as stored in a sheet's XML, by cell address. exceljs turns cells with a
 * time format into Dates (rounded to the millisecond) when reading; this reads the stored double.
 */
export async function rawNumbers(buffer: Buffer, sheetIndex: number): Promise<Map<string, number>> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file(`xl/worksheets/sheet${sheetIndex}.xml`)!.async('string');
  const cells = new Map<string, number>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"(?:(?! t=)[^>])*>(?:<f>[^<]*<\/f>)?<v>([^<]*)<\/v><\/c>/g)) cells.set(m[1], Number(m[2]));
  return cells;
}

/** A cell as the number Excel holds: Dates read back from time-formatted cells are turned into day fractions. */
export function excelNumber(value: ExcelJS.CellValue): number | null {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return (value.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
  return null;
}
