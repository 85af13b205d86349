import type { KpiDefinition } from '../../kpi/domain/kpi-definitions';
import type { MetricValue, Status } from '../../kpi/kpi.types';

/**
 * How KPI figures become Excel cells: numbers stay numbers (value = num/den in full precision,
 * converted only to Excel's own unit for durations) and carry a number format for display.
 */

const SECONDS_PER_DAY = 86_400;

export const NUMBER_FORMATS = {
  percent: '0.0%',
  // m:ss under an hour (1/24 of a day), hours and minutes from an hour on (docs/kpi.md "Targets and status").
  duration: '[<0.0416666666666667][m]:ss;[h]" h "mm" min"',
  score: '0.0',
  points: '0.0',
  count: '#,##0',
  perThousand: '0.00',
  dateTime: 'yyyy-mm-dd hh:mm',
  date: 'yyyy-mm-dd',
} as const;

export function numberFormatFor(def: Pick<KpiDefinition, 'unit'>): string {
  switch (def.unit) {
    case 'ratio':
      return NUMBER_FORMATS.percent;
    case 'seconds':
      return NUMBER_FORMATS.duration;
    case 'score':
      return NUMBER_FORMATS.score;
    case 'points':
      return NUMBER_FORMATS.points;
    case 'count':
      return NUMBER_FORMATS.count;
    case 'per_thousand':
      return NUMBER_FORMATS.perThousand;
  }
}

/** A metric's value (or target) as the number stored in the cell: durations become fractions of a day for `[m]:ss`. */
export function toCellNumber(def: Pick<KpiDefinition, 'unit'>, value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return def.unit === 'seconds' ? value / SECONDS_PER_DAY : value;
}

/** The workbooks are bilingual (English headers with Simplified Chinese beside them): so are the status words, the dashboard's words. */
export type StatusLabel = 'met 达标' | 'not met (near) 接近目标' | 'not met 未达标' | 'low sample 样本不足' | 'no data 无数据' | '';

export const STATUS_LABELS: Record<Status, StatusLabel> = { green: 'met 达标', amber: 'not met (near) 接近目标', red: 'not met 未达标' };

/**
 * The words in the status column: met / not met (near) / not met, "no data" when nothing was
 * known to count (n = 0: e.g. a log without an escalation column), "low sample" when too few
 * records to judge, blank when the metric has no target.
 */
export function statusLabel(metric: Pick<MetricValue, 'status' | 'lowSample'> & { n?: number } | undefined): StatusLabel {
  if (!metric) return '';
  if (metric.status) return STATUS_LABELS[metric.status];
  if (metric.n === 0) return 'no data 无数据';
  return metric.lowSample ? 'low sample 样本不足' : '';
}

/** Display width of text in Excel column units: CJK (full-width) characters take two. */
export function textWidth(text: string): number {
  // Code units, not a regex per character: column widths are fitted over every cell of a sheet.
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++; // a character outside the BMP: one column
    width += isWide(c) ? 2 : 1;
  }
  return width;
}

/** East Asian wide ranges: Hangul Jamo, CJK, Hangul syllables, compatibility ideographs and forms, full-width forms. */
function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6)
  );
}

/** A column width that fits the longest text, with a little padding, within sane bounds. */
export function fittedWidth(texts: Iterable<string>, min = 6, max = 60): number {
  let widest = 0;
  for (const t of texts) widest = Math.max(widest, textWidth(t));
  return Math.min(max, Math.max(min, widest + 2));
}

/** ASCII-safe file-name slug: lowercase letters, digits and dashes; '' when nothing ASCII remains (e.g. a Chinese name). */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `Content-Disposition` for a download: an ASCII `filename` every client understands, and
 * RFC 5987 `filename*` carrying the UTF-8 name (Chinese team or agent names) when it differs.
 */
export function contentDisposition(asciiName: string, utf8Name: string = asciiName): string {
  const plain = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const header = `attachment; filename="${plain}"`;
  if (utf8Name === plain) return header;
  const encoded = encodeURIComponent(utf8Name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${header}; filename*=UTF-8''${encoded}`;
}

/** A local date-time 'YYYY-MM-DD HH:MM[:SS]' as a Date whose UTC fields are those local fields, so Excel shows the local time. */
export function localDateTimeCell(local: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) throw new Error(`not a local date-time: ${local}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
}
