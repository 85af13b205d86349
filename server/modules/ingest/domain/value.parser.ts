/**
 * Parsers for the cell values of an import (pure). Each takes the trimmed text of a cell and
 * returns the canonical value, or throws a ValueError whose message a supervisor can act on.
 * Blank cells never reach these parsers: blank means unknown (null), never 0.
 */
export class ValueError extends Error {}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', 'f']);

export function parseBoolean(text: string): boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const v = text.trim().toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  throw new ValueError('is not a yes/no value; use true/false, yes/no, y/n, 1/0 or 是/否.');
}

const INT_RE = /^[+]?\d+$/;
const DECIMAL_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** The value of a short run of plain digits (the common case, read without a regex), or -1. */
function plainDigits(text: string): number {
  const n = text.length;
  if (n === 0 || n > 15) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** A whole number in [min, max]; "4.0" is accepted as 4, "4.5" is not. */
export function parseInteger(text: string, min: number, max: number): number {
  const plain = plainDigits(text);
  if (plain !== -1 && plain >= min && plain <= max) return plain;
  const v = text.trim();
  if (!DECIMAL_RE.test(v)) throw new ValueError(`is not a number; expected a whole number from ${min} to ${max}.`);
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ValueError(`is not a whole number; expected a whole number from ${min} to ${max}.`);
  if (n < min || n > max) throw new ValueError(`is out of range; expected a whole number from ${min} to ${max}.`);
  return n;
}

/** A decimal number in [min, max]. */
export function parseDecimal(text: string, min: number, max: number): number {
  const v = text.trim();
  if (!DECIMAL_RE.test(v)) throw new ValueError(`is not a number; expected a number from ${min} to ${max}.`);
  const n = Number(v);
  if (n < min || n > max) throw new ValueError(`is out of range; expected a number from ${min} to ${max}.`);
  return n;
}

const CLOCK_RE = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/;
const DURATION_HELP = 'use seconds (95), mm:ss (1:35) or h:mm:ss (0:01:35).';

/** Seconds (a whole number, or a decimal rounded to the second), `mm:ss` or `h:mm:ss`. */
export function parseDuration(text: string): number {
  const plain = plainDigits(text);
  if (plain !== -1) return plain;
  const v = text.trim();
  if (INT_RE.test(v)) return Number(v);
  if (DECIMAL_RE.test(v)) {
    const n = Number(v);
    if (n < 0) throw new ValueError(`is negative; ${DURATION_HELP}`);
    return Math.round(n);
  }
  const m = CLOCK_RE.exec(v);
  if (!m) throw new ValueError(`is not a duration; ${DURATION_HELP}`);
  const [a, b, c] = [Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
  if (c === undefined) {
    if (b > 59) throw new ValueError(`is not a duration (seconds above 59); ${DURATION_HELP}`);
    return a * 60 + b;
  }
  if (b > 59 || c > 59) throw new ValueError(`is not a duration (minutes or seconds above 59); ${DURATION_HELP}`);
  return a * 3600 + b * 60 + c;
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC when the value carried an offset (Z = 0); null for a local time. */
  offsetMinutes: number | null;
}

/** A date pattern made of YYYY, YY, MM, DD and separators, compiled once per import. */
export interface DatePattern {
  source: string;
  regex: RegExp;
  order: Array<'Y' | 'y' | 'M' | 'D'>;
}

export function compileDatePattern(pattern: string): DatePattern {
  const order: DatePattern['order'] = [];
  let re = '';
  let rest = pattern;
  while (rest.length) {
    if (rest.startsWith('YYYY')) {
      re += '(\\d{4})';
      order.push('Y');
      rest = rest.slice(4);
    } else if (rest.startsWith('YY')) {
      re += '(\\d{2})';
      order.push('y');
      rest = rest.slice(2);
    } else if (rest.startsWith('MM')) {
      re += '(\\d{1,2})';
      order.push('M');
      rest = rest.slice(2);
    } else if (rest.startsWith('DD')) {
      re += '(\\d{1,2})';
      order.push('D');
      rest = rest.slice(2);
    } else if (/^[-/. ]/.test(rest)) {
      re += `\\${rest[0]}`;
      rest = rest.slice(1);
    } else {
      throw new ValueError(`dateFormat "${pattern}" is not understood; use YYYY, YY, MM, DD and the separators - / . or space.`);
    }
  }
  const letters = new Set(order.map((o) => (o === 'y' ? 'Y' : o)));
  if (letters.size !== 3 || order.length !== 3) throw new ValueError(`dateFormat "${pattern}" must contain a year, a month and a day once each.`);
  // Packed patterns (YYMMDD) need fixed widths for month and day.
  const packed = !/[-/. ]/.test(pattern);
  if (packed) re = re.replace(/\\d\{1,2\}/g, '\\d{2}');
  return { source: pattern, regex: new RegExp(`^${re}$`), order };
}

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASH_RE = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

function parseOffset(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

function fraction(text: string | undefined): number {
  return text ? Math.floor(Number(`0.${text}`) * 1000) : 0;
}

const DATE_HELP = 'use an ISO date like 2026-11-03T09:15:00+08:00, 2026-11-03 09:15, 2026/11/03 or the dateFormat of the mapping.';

/**
 * A date, optionally with a time of day and an offset. `auto` understands ISO 8601 (with or
 * without offset), `YYYY/MM/DD` and `YYYY-MM-DD HH:mm[:ss]`; a pattern reads the date part
 * (a time may follow after a space).
 */
export function parseDateTime(text: string, pattern: DatePattern | null): LocalDateTime {
  const v = text.trim();
  let out: LocalDateTime;
  if (pattern) {
    const space = v.search(/[ T]/);
    const datePart = space === -1 ? v : v.slice(0, space);
    const m = pattern.regex.exec(datePart);
    if (!m) throw new ValueError(`is not a date in the format ${pattern.source}.`);
    let year = 0;
    let month = 0;
    let day = 0;
    pattern.order.forEach((o, i) => {
      const n = Number(m[i + 1]);
      if (o === 'Y') year = n;
      else if (o === 'y') year = n < 70 ? 2000 + n : 1900 + n;
      else if (o === 'M') month = n;
      else day = n;
    });
    out = { year, month, day, hour: 0, minute: 0, second: 0, ms: 0, offsetMinutes: null };
    if (space !== -1) {
      const t = parseTimeOfDay(v.slice(space + 1));
      out = { ...out, ...t };
    }
  } else {
    const fast = plainIso(v);
    if (fast) {
      checkCalendar(fast);
      return fast;
    }
    const m = ISO_RE.exec(v) ?? SLASH_RE.exec(v);
    if (!m) throw new ValueError(`is not a date; ${DATE_HELP}`);
    out = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: m[4] ? Number(m[4]) : 0,
      minute: m[5] ? Number(m[5]) : 0,
      second: m[6] ? Number(m[6]) : 0,
      ms: fraction(m[7]),
      offsetMinutes: parseOffset(m[8]),
    };
  }
  checkCalendar(out);
  return out;
}

/** Two or four digits at `at`, or -1. */
function digitsAt(v: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * `YYYY-MM-DDTHH:mm:ss[.sss][Z|±HH:mm]` (what most systems write) read without the regex, to the
 * same value ISO_RE gives; anything else returns null and takes the general path.
 */
function plainIso(v: string): LocalDateTime | null {
  const n = v.length;
  if (n < 19 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return null;
  const sep = v.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return null;
  const year = digitsAt(v, 0, 4);
  const month = digitsAt(v, 5, 2);
  const day = digitsAt(v, 8, 2);
  const hour = digitsAt(v, 11, 2);
  const minute = digitsAt(v, 14, 2);
  const second = digitsAt(v, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let at = 19;
  let ms = 0;
  if (at < n && v.charCodeAt(at) === 46) {
    if (n < 23 || digitsAt(v, 20, 3) < 0) return null;
    ms = fraction(v.slice(20, 23));
    at = 23;
  }
  let offsetMinutes: number | null = null;
  if (at < n) {
    const c = v.charCodeAt(at);
    if ((c === 90 || c === 122) && at + 1 === n) offsetMinutes = 0;
    else if ((c === 43 || c === 45) && at + 6 === n && v.charCodeAt(at + 3) === 58) {
      const hh = digitsAt(v, at + 1, 2);
      const mm = digitsAt(v, at + 4, 2);
      if (hh < 0 || mm < 0) return null;
      offsetMinutes = (c === 45 ? -1 : 1) * (hh * 60 + mm);
    } else return null;
  }
  return { year, month, day, hour, minute, second, ms, offsetMinutes };
}

export function parseTimeOfDay(text: string): Pick<LocalDateTime, 'hour' | 'minute' | 'second' | 'ms'> {
  const m = TIME_RE.exec(text.trim());
  if (!m) throw new ValueError('is not a time of day; use HH:mm or HH:mm:ss.');
  const t = { hour: Number(m[1]), minute: Number(m[2]), second: m[3] ? Number(m[3]) : 0, ms: fraction(m[4]) };
  if (t.hour > 23 || t.minute > 59 || t.second > 59) throw new ValueError('is not a valid time of day.');
  return t;
}

function checkCalendar(d: LocalDateTime): void {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.hour > 23 || d.minute > 59 || d.second > 59) {
    throw new ValueError('is not a valid date or time.');
  }
  // Every month has 28 days: only later days need the calendar.
  if (d.day > 28 && new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDate() !== d.day) throw new ValueError(`is not a valid date (${d.year}-${d.month} has no day ${d.day}).`);
}

/**
 * Converts local wall-clock times of one time zone to UTC instants. Offsets are cached per
 * local hour, so a million rows cost a few thousand Intl calls, not a million.
 */
export class ZoneConverter {
  private readonly format: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset of the zone at a UTC instant, in ms (local = utc + offset). */
  offsetAt(utcMs: number): number {
    const parts = this.format.formatToParts(new Date(utcMs));
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return local - Math.floor(utcMs / 1000) * 1000;
  }

  /** The UTC instant of a local wall-clock time; a time skipped by a DST jump moves forward, a repeated one takes the first. */
  toUtc(d: LocalDateTime): Date {
    const wall = Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second, d.ms);
    if (d.offsetMinutes !== null) return new Date(wall - d.offsetMinutes * 60_000);
    const hourKey = Math.floor(wall / 3_600_000);
    let utc: number;
    const cached = this.cache.get(hourKey);
    if (cached !== undefined) {
      utc = wall - cached;
    } else {
      // The offsets 12 h either side; they differ only near a transition (at most one within a day).
      const before = this.offsetAt(wall - 43_200_000);
      const after = this.offsetAt(wall + 43_200_000);
      if (before === after) {
        utc = wall - before;
      } else {
        const early = wall - before;
        const late = wall - after;
        const earlyOk = this.offsetAt(early) === before;
        const lateOk = this.offsetAt(late) === after;
        // A repeated hour takes the first occurrence; a skipped one is read with the offset before the jump (so it moves forward).
        utc = earlyOk && lateOk ? Math.min(early, late) : lateOk && !earlyOk ? late : early;
      }
      if (this.cache.size < 100_000) this.cache.set(hourKey, wall - utc);
    }
    return new Date(utc);
  }

  /** The local date (YYYY-MM-DD) of an instant in this zone. */
  localDate(at: Date): string {
    const local = new Date(at.getTime() + this.offsetAt(at.getTime()));
    return local.toISOString().slice(0, 10);
  }
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
