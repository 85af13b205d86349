/**
 * Turns the source records of an import into canonical rows (pure). A parser is compiled once
 * per import from the kind, the mapping and the file's header; parsing a record then costs no
 * look-ups by name and no regex compilation.
 */
import { z } from 'zod';
import { ColumnRef, FieldDef, FieldType, FIELDS, ImportKind, PRESETS } from './import-fields';
import { compileDatePattern, DatePattern, isValidTimeZone, LocalDateTime, parseBoolean, parseDateTime, parseDecimal, parseDuration, parseInteger, parseTimeOfDay, ValueError, ZoneConverter } from './value.parser';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const ImportMapping = z.strictObject({
  columns: z.record(z.string(), z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(5)])).optional(),
  values: z.record(z.string(), z.record(z.string(), scalar)).optional(),
  skipWhen: z.record(z.string(), z.array(z.string())).optional(),
  timezone: z.string().refine(isValidTimeZone, 'is not a time zone name such as Asia/Shanghai').optional(),
  dateFormat: z.string().optional(),
  sheet: z.string().optional(),
});
export type ImportMapping = z.infer<typeof ImportMapping>;

export class MappingError extends Error {}

export interface RowError {
  row: number;
  column: string | null;
  value: string | null;
  message: string;
}

export type CanonicalValue = string | number | boolean | Date | null;
export type CanonicalRow = Record<string, CanonicalValue>;

/** An error keeps the values that did parse (a transcript turn's call id, to keep its call whole). */
export type ParseResult = { kind: 'ok'; values: CanonicalRow } | { kind: 'skip' } | { kind: 'error'; errors: RowError[]; values: CanonicalRow };

interface BoundField {
  def: FieldDef;
  /** Column indexes in the record, and their names for messages. */
  indexes: number[];
  label: string;
  translate?: Map<string, CanonicalValue>;
}

export interface CompiledParser {
  kind: ImportKind;
  /** Canonical field -> the source column(s) it is read from. */
  resolved: Record<string, ColumnRef>;
  presets: string[];
  /** Required fields with no column; always empty unless compiled with `allowMissingRequired` (a preview). */
  missingRequired: string[];
  parse(record: string[], row: number): ParseResult;
}

export interface CompileOptions {
  kind: ImportKind;
  header: string[];
  mapping: ImportMapping | undefined;
  /** The org's time zone, used when the mapping names none. */
  orgTimeZone: string;
  /** A preview reports missing required columns instead of refusing the file; its rows then fail "a value is required". */
  allowMissingRequired?: boolean;
}

const norm = (s: string) => s.trim().toLowerCase();

/** Resolves the columns of every field and compiles the record parser; a missing required column is a MappingError. */
export function compileRowParser(opts: CompileOptions): CompiledParser {
  const { kind, header, mapping } = opts;
  const fields = FIELDS[kind];
  const byName = new Map<string, number>();
  header.forEach((h, i) => {
    if (!byName.has(norm(h))) byName.set(norm(h), i);
  });
  const indexOf = (col: string) => byName.get(norm(col));
  const known = new Set(fields.map((f) => f.name));
  // A header naming one column twice (e.g. "talk_s" and "TALK_S"): reading either would be a guess.
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const h of header) {
    if (h.trim() === '') continue;
    if (seen.has(norm(h))) repeated.add(norm(h));
    seen.add(norm(h));
  }
  const assertUnique = (col: string, what: string) => {
    if (repeated.has(norm(col))) throw new MappingError(`${what}: the file has more than one column named "${col}" (compared ignoring case and spaces); rename one or map another column.`);
  };

  const resolved: Record<string, ColumnRef> = {};
  for (const [field, ref] of Object.entries(mapping?.columns ?? {})) {
    if (!known.has(field)) throw new MappingError(`mapping.columns: "${field}" is not a field of a ${kind} import; the fields are ${[...known].join(', ')}.`);
    const def = fields.find((f) => f.name === field)!;
    if (Array.isArray(ref) && ref.length > 1 && !def.composite) throw new MappingError(`mapping.columns.${field}: only a date-time or a key can be read from several columns.`);
    if (Array.isArray(ref) && def.composite === 'datetime' && ref.length !== 2) throw new MappingError(`mapping.columns.${field}: give two columns, the date and the time.`);
    for (const col of Array.isArray(ref) ? ref : [ref]) {
      if (indexOf(col) === undefined) throw new MappingError(`mapping.columns.${field}: the file has no column "${col}". Its columns are: ${header.join(', ')}.`);
    }
    resolved[field] = ref;
  }
  for (const f of fields) {
    if (resolved[f.name] === undefined && indexOf(f.name) !== undefined) resolved[f.name] = f.name;
  }
  const usedPresets: string[] = [];
  for (const preset of PRESETS) {
    if (preset.kind !== kind) continue;
    let used = false;
    for (const [field, ref] of Object.entries(preset.columns)) {
      if (resolved[field] !== undefined) continue;
      const cols = Array.isArray(ref) ? ref : [ref];
      if (cols.every((c) => indexOf(c) !== undefined)) {
        resolved[field] = ref;
        used = true;
      }
    }
    if (used) usedPresets.push(preset.name);
  }
  for (const [field, ref] of Object.entries(resolved)) for (const col of Array.isArray(ref) ? ref : [ref]) assertUnique(col, field);
  const missing = fields.filter((f) => f.required && resolved[f.name] === undefined).map((f) => f.name);
  if (missing.length && !opts.allowMissingRequired) {
    throw new MappingError(
      `The file has no column for ${missing.join(', ')} (required for a ${kind} import). Its columns are: ${header.join(', ')}. Rename the columns or send a mapping.`,
    );
  }

  const tz = new ZoneConverter(mapping?.timezone ?? opts.orgTimeZone);
  let pattern: DatePattern | null = null;
  if (mapping?.dateFormat && mapping.dateFormat !== 'auto') {
    try {
      pattern = compileDatePattern(mapping.dateFormat);
    } catch (e) {
      throw new MappingError(`mapping.dateFormat: ${(e as Error).message}`);
    }
  }

  // A translation that gives an invalid value is a mistake in the mapping, not in the rows: say so once, before reading them.
  for (const [field, table] of Object.entries(mapping?.values ?? {})) {
    const def = fields.find((f) => f.name === field);
    if (!def) throw new MappingError(`mapping.values: "${field}" is not a field of a ${kind} import; the fields are ${[...known].join(', ')}.`);
    for (const [from, to] of Object.entries(table)) {
      try {
        coerceTranslated(to, def.type, tz, pattern);
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        throw new MappingError(`mapping.values.${field}: "${from}" is translated to ${JSON.stringify(to)}, which ${e.message}`);
      }
    }
  }

  const bound: BoundField[] = fields
    .filter((f) => resolved[f.name] !== undefined)
    .map((def) => {
      const ref = resolved[def.name];
      const cols = Array.isArray(ref) ? ref : [ref];
      const table = mapping?.values?.[def.name];
      return {
        def,
        indexes: cols.map((c) => indexOf(c)!),
        label: cols.map((c) => header[indexOf(c)!]).join(' + '),
        translate: table ? new Map(Object.entries(table)) : undefined,
      };
    });

  const skipRules = Object.entries(mapping?.skipWhen ?? {}).map(([col, values]) => {
    const i = indexOf(col);
    if (i === undefined) throw new MappingError(`mapping.skipWhen: the file has no column "${col}".`);
    assertUnique(col, 'mapping.skipWhen');
    return { index: i, values: new Set(values.map((v) => v.trim())) };
  });

  // Every row object gets its bound fields in one go (one shape, no growing property store).
  const shape: CanonicalRow = Object.fromEntries(bound.map((b) => [b.def.name, null]));
  const finish = { calls: finishCall, surveys: finishSurvey, evaluations: finishEvaluation, agents: finishAgent, transcripts: finishTurn, complaints: finishComplaint }[kind];

  return {
    kind,
    resolved,
    presets: usedPresets,
    missingRequired: missing,
    parse(record, row) {
      for (const rule of skipRules) {
        if (rule.values.has((record[rule.index] ?? '').trim())) return { kind: 'skip' };
      }
      const values: CanonicalRow = { ...shape };
      const errors: RowError[] = [];
      for (const b of bound) {
        const cell = b.indexes.length === 1 ? (record[b.indexes[0]] ?? '') : '';
        const raw = cell.trim();
        try {
          if (b.indexes.length > 1) {
            values[b.def.name] = readComposite(b, record, tz, pattern);
            continue;
          }
          if (b.translate?.has(raw)) {
            values[b.def.name] = coerceTranslated(b.translate.get(raw)!, b.def.type, tz, pattern);
            continue;
          }
          values[b.def.name] = raw === '' ? null : parseValue(b.def.type.t === 'text' && b.def.type.verbatim ? cell : raw, b.def.type, tz, pattern);
        } catch (e) {
          if (!(e instanceof ValueError)) throw e;
          errors.push({ row, column: b.label, value: b.indexes.length > 1 ? b.indexes.map((i) => record[i] ?? '').join(' ') : raw, message: `${b.label}: "${shorten(raw || b.indexes.map((i) => record[i] ?? '').join(' '))}" ${e.message}` });
        }
      }
      if (!errors.length) {
        for (const f of fields) {
          if (f.required && (values[f.name] === null || values[f.name] === undefined)) {
            const label = bound.find((b) => b.def.name === f.name)?.label ?? f.name;
            errors.push({ row, column: label, value: '', message: `${label}: a value is required (${f.name}).` });
          }
        }
      }
      if (!errors.length) {
        const problem = finish(values);
        // Name the file's column (满意度), not the canonical field (csat), as every other error does.
        if (problem) errors.push({ row, column: bound.find((b) => b.def.name === problem.column)?.label ?? problem.column, value: problem.value, message: problem.message });
      }
      return errors.length ? { kind: 'error', errors, values } : { kind: 'ok', values };
    },
  };
}

// PostgreSQL text cannot hold NUL; a NUL past the binary check of the first 64 KiB would otherwise fail the whole load.
const NUL_MESSAGE = 'contains a NUL character (byte 0), which cannot be stored; remove it from the file.';

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function parseValue(raw: string, type: FieldType, tz: ZoneConverter, pattern: DatePattern | null): CanonicalValue {
  switch (type.t) {
    case 'text':
      if (type.maxLength && raw.length > type.maxLength && [...raw].length > type.maxLength) throw new ValueError(`is longer than ${type.maxLength} characters.`);
      if (raw.includes('\u0000')) throw new ValueError(NUL_MESSAGE);
      return raw;
    case 'url':
      return parseUrl(raw, type.maxLength);
    case 'bool':
      return parseBoolean(raw);
    case 'int':
      return parseInteger(raw, type.min, type.max);
    case 'decimal':
      return parseDecimal(raw, type.min, type.max);
    case 'duration':
      return parseDuration(raw);
    case 'datetime':
      return tz.toUtc(parseDateTime(raw, pattern));
    case 'date': {
      const d = parseDateTime(raw, pattern);
      return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
    }
    case 'enum': {
      const v = raw.toLowerCase();
      if (type.values.includes(v)) return v;
      const syn = type.synonyms?.[v] ?? type.synonyms?.[raw];
      if (syn !== undefined) return syn;
      throw new ValueError(`is not one of ${type.values.join(', ')}.`);
    }
  }
}

/** An http(s) link, as given. */
function parseUrl(raw: string, maxLength: number): string {
  if (raw.length > maxLength) throw new ValueError(`is longer than ${maxLength} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValueError('is not a link; give a full http:// or https:// address.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ValueError('is not an http:// or https:// link.');
  return raw;
}

/** A value from the mapping's `values` table: null stays null, other values go through the field's parser. */
function coerceTranslated(v: CanonicalValue, type: FieldType, tz: ZoneConverter, pattern: DatePattern | null): CanonicalValue {
  if (v === null) return null;
  if (typeof v === 'boolean' && type.t === 'bool') return v;
  return parseValue(String(v), type, tz, pattern);
}

function readComposite(b: BoundField, record: string[], tz: ZoneConverter, pattern: DatePattern | null): CanonicalValue {
  const parts = b.indexes.map((i) => (record[i] ?? '').trim());
  if (b.def.composite === 'key') {
    if (parts.every((p) => p === '')) return null;
    if (parts.some((p) => p === '')) throw new ValueError('has a blank part; every column of a composite key needs a value.');
    if (parts.some((p) => p.includes('\u0000'))) throw new ValueError(NUL_MESSAGE);
    return parts.join('-');
  }
  const [datePart, timePart] = parts;
  if (datePart === '' && timePart === '') return null;
  if (datePart === '') throw new ValueError('has a time but no date.');
  const d: LocalDateTime = parseDateTime(datePart, pattern);
  if (timePart !== '') Object.assign(d, parseTimeOfDay(timePart));
  return b.def.type.t === 'date' ? `${d.year}-${pad(d.month)}-${pad(d.day)}` : tz.toUtc(d);
}

const pad = (n: number) => String(n).padStart(2, '0');

interface RowProblem {
  column: string;
  value: string;
  message: string;
}

/** Defaults and cross-field rules of a call (docs/kpi.md "Records"). */
function finishCall(v: CanonicalRow): RowProblem | null {
  v.channel ??= 'phone';
  v.direction ??= 'inbound';
  // escalated, transferred and resolved stay null when the column is absent or the cell blank: unknown, never "no".
  v.escalated ??= null;
  v.transferred ??= null;
  v.resolved ??= null;
  v.complaint_level ??= 'none';
  v.agent_code ??= null;
  if (v.answered === null || v.answered === undefined) v.answered = v.agent_code !== null && typeof v.talk_s === 'number' && v.talk_s > 0;
  return null;
}

function finishSurvey(v: CanonicalRow): RowProblem | null {
  if (v.csat == null && v.nps == null && v.ces == null) {
    return { column: 'csat', value: '', message: 'A survey response needs at least one score (csat, nps or ces).' };
  }
  return null;
}

function finishEvaluation(v: CanonicalRow): RowProblem | null {
  v.auto_fail ??= false;
  return null;
}

function finishTurn(v: CanonicalRow): RowProblem | null {
  v.offset_s ??= null;
  return null;
}

function finishAgent(v: CanonicalRow): RowProblem | null {
  v.active ??= true;
  return null;
}

/** A complaint's clocks cannot stop before it was received (docs/complaints.md). */
function finishComplaint(v: CanonicalRow): RowProblem | null {
  const opened = v.opened_at as Date;
  for (const field of ['first_response_at', 'resolved_at'] as const) {
    const at = v[field];
    if (at instanceof Date && at.getTime() < opened.getTime()) {
      return { column: field, value: at.toISOString(), message: `${field} (${at.toISOString()}) is before opened_at (${opened.toISOString()}); a complaint cannot be answered or resolved before it was received.` };
    }
  }
  return null;
}
