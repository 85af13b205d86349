import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { STATUS_LABELS } from '../domain/export-format';

export type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;
export type CellValue = string | number | boolean | Date | null | undefined;

export interface ColumnSpec {
  header: string;
  width: number;
  /** Number format for the column's data cells. */
  numFmt?: string;
}

export interface TableSheetOptions {
  /** Columns kept in view when scrolling right (e.g. agent code and name). */
  freezeColumns?: number;
  /** Rows above the table header (a title, the period): frozen and printed on every page with it. */
  titleRows?: string[];
  /** Printed at the top of every page (period, scope, data version). */
  printHeader?: string;
}

/** Cell look for figures that are too few to judge (docs/kpi.md: low-sample figures are greyed). */
export const LOW_SAMPLE_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: 'FF808080' } };

type BufferedWritable = Writable & { _writableState?: { length: number } };

/**
 * Rows written between two turns of the event loop. Every hop of the zip pipeline (sheet stream →
 * CRC → deflate → file) needs the main thread, so compression only keeps pace with rendering when
 * the loop turns often: with 200 rows per turn the writer waited ~240 ms per 5,000-agent workbook
 * for a backlog that ~20 rows per turn never lets build up (~10 ms).
 */
const PACE_EVERY_ROWS = 20;
/** Sheet XML the compressor may hold before the writer waits for it. */
const BACKLOG_LIMIT_BYTES = 2 << 20;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

/** Excel's own good/neutral/bad colours, applied by conditional formatting on the status words. */
const STATUS_STYLES: Record<keyof typeof STATUS_LABELS, Partial<ExcelJS.Style>> = {
  green: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFC6EFCE' } }, font: { color: { argb: 'FF006100' } } },
  amber: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFEB9C' } }, font: { color: { argb: 'FF9C5700' } } },
  red: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } }, font: { color: { argb: 'FF9C0006' } } },
};

export function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** A streaming workbook with styles and shared strings (the layout Excel, WPS and LibreOffice all read alike). */
export function openWorkbook(out: Writable, creator: string): WorkbookWriter {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = creator;
  wb.lastModifiedBy = creator;
  wb.created = new Date();
  return wb;
}

/**
 * One table on one sheet, written row by row: every row is committed as soon as it is added,
 * so memory does not grow with the number of rows. Header frozen and printed on every page,
 * auto-filter over the table, landscape fit-to-width print set-up.
 */
export class TableSheetWriter {
  private readonly sheet: ExcelJS.Worksheet;
  private readonly headerRow: number;
  private nextRow: number;
  private cfPriority = 0;
  private readonly styles = new Map<string, Partial<ExcelJS.Style>>();
  private readonly partIds = new Map<object, number>();
  private readonly columnStyles: Partial<ExcelJS.Style>[] = [];
  private rowsSincePace = 0;

  constructor(
    wb: WorkbookWriter,
    name: string,
    private readonly columns: ColumnSpec[],
    options: TableSheetOptions = {},
  ) {
    const titles = options.titleRows ?? [];
    this.headerRow = titles.length + 1;
    this.sheet = wb.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: options.freezeColumns ?? 0, ySplit: this.headerRow }],
      pageSetup: {
        orientation: 'landscape',
        paperSize: 9, // A4
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0, // as many pages tall as needed
        printTitlesRow: `1:${this.headerRow}`,
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddHeader: options.printHeader ? `&L${options.printHeader.replace(/&/g, '&&')}` : undefined, oddFooter: `&L${name}&RPage &P of &N` },
    });
    this.sheet.columns = columns.map((c) => ({ width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    titles.forEach((title, i) => {
      const row = this.sheet.getRow(i + 1);
      row.getCell(1).value = title;
      row.getCell(1).font = { bold: i === 0, size: i === 0 ? 13 : 10 };
      row.commit();
    });
    const header = this.sheet.getRow(this.headerRow);
    columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.header;
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', wrapText: true };
      cell.border = { bottom: { style: 'thin' } };
    });
    header.commit();
    this.nextRow = this.headerRow + 1;
  }

  get firstDataRow(): number {
    return this.headerRow + 1;
  }

  /** Adds and commits one row. Strings are always stored as text (a name starting with '=' is not a formula). */
  add(values: CellValue[], styles?: (Partial<ExcelJS.Style> | undefined)[]): number {
    const rowNumber = this.nextRow++;
    const row = this.sheet.getRow(rowNumber);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) continue;
      const cell = row.getCell(i + 1);
      cell.value = v;
      // One frozen style object per distinct look: exceljs's style table remembers an object it has
      // seen (WeakMap), so a shared object costs one lookup instead of rendering and hashing the
      // cell's <xf> XML for every cell.
      cell.style = this.styleFor(i, v instanceof Date, styles?.[i]);
    }
    row.commit();
    return rowNumber;
  }

  /**
   * Call once per row added in a loop: every few rows, lets the zip pipeline run, and waits while
   * the compressor still holds more than ~2 MB of this sheet's XML. exceljs's streaming writer
   * hands every committed row straight to the zip without back-pressure, so a synchronous loop
   * over 5,000 agents would otherwise queue the whole sheet in memory before the first byte is
   * compressed. The writer resumes as soon as the backlog is under the mark (not when it is
   * empty), so rendering and compressing keep running side by side.
   */
  async paced(): Promise<void> {
    if (++this.rowsSincePace < PACE_EVERY_ROWS) return;
    this.rowsSincePace = 0;
    // exceljs internals: the worksheet's StreamBuf and the zip entry stream it writes to
    // (archiver's readable-stream PassThrough, whose buffer shows in _writableState).
    const pipes = (this.sheet as unknown as { stream?: { pipes?: BufferedWritable[] } }).stream?.pipes ?? [];
    for (const pipe of pipes) {
      while ((pipe._writableState?.length ?? 0) > BACKLOG_LIMIT_BYTES) await delay(1);
    }
    // Let finished compression callbacks run before the next rows.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * The style a cell of column `index` gets: the column's number format, then the row's font /
   * number format / alignment on top (what exceljs would build per cell). Dates are kept apart
   * because exceljs gives a style without a number format a date format for them and caches by object.
   */
  private styleFor(index: number, isDate: boolean, style: Partial<ExcelJS.Style> | undefined): Partial<ExcelJS.Style> {
    const font = style?.font;
    const numFmt = style?.numFmt;
    const alignment = style?.alignment;
    const plain = !font && !numFmt && !alignment;
    // Most cells carry only their column's look: an array slot, no key to build.
    if (plain) {
      const hit = this.columnStyles[index * 2 + (isDate ? 1 : 0)];
      if (hit) return hit;
    }
    const key = plain ? `${index}|${isDate ? 1 : 0}` : `${index}|${isDate ? 1 : 0}|${this.idOf(font)}|${numFmt ?? ''}|${this.idOf(alignment)}`;
    let shared = this.styles.get(key);
    if (!shared) {
      const base = this.columns[index]?.numFmt;
      const built: Partial<ExcelJS.Style> = {};
      if (numFmt || base) built.numFmt = numFmt || base;
      if (font) built.font = font as ExcelJS.Font;
      if (alignment) built.alignment = alignment;
      shared = Object.freeze(built);
      this.styles.set(key, shared);
      if (plain) this.columnStyles[index * 2 + (isDate ? 1 : 0)] = shared;
    }
    return shared;
  }

  /** Style parts are compared by identity (callers pass shared constants); each distinct object gets a small id. */
  private idOf(part: object | undefined): number {
    if (!part) return 0;
    let id = this.partIds.get(part);
    if (id === undefined) {
      id = this.partIds.size + 1;
      this.partIds.set(part, id);
    }
    return id;
  }

  /**
   * Colours `column`'s data cells green/amber/red from the status words in `statusColumn` of the
   * same row — real conditional formatting, so the colours follow if someone edits a status.
   */
  colourByStatus(column: number, statusColumn: number, lastRow: number = this.lastRow): void {
    if (lastRow < this.firstDataRow) return;
    const ref = `${columnLetter(column)}${this.firstDataRow}:${columnLetter(column)}${lastRow}`;
    const status = `$${columnLetter(statusColumn)}${this.firstDataRow}`;
    this.sheet.addConditionalFormatting({
      ref,
      rules: (Object.keys(STATUS_STYLES) as (keyof typeof STATUS_STYLES)[]).map((s) => ({
        type: 'expression' as const,
        priority: ++this.cfPriority,
        formulae: [`${status}="${STATUS_LABELS[s]}"`],
        style: STATUS_STYLES[s],
      })),
    });
  }

  get lastRow(): number {
    return this.nextRow - 1;
  }

  /** Writes a free line below the table (notes, settings); call after the table rows. */
  note(values: CellValue[], bold = false): void {
    this.add(values, bold ? values.map(() => ({ font: { bold: true } as ExcelJS.Font })) : undefined);
  }

  /** Auto-filter over the table, then the sheet is written out. */
  finish(filterLastRow: number = this.lastRow): void {
    this.sheet.autoFilter = {
      from: { row: this.headerRow, column: 1 },
      to: { row: Math.max(this.headerRow, filterLastRow), column: this.columns.length },
    };
    this.sheet.commit();
  }
}
