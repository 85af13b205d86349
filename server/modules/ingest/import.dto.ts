import { z } from 'zod';
import { BadInputError } from '../../common/domain-error';
import { importKinds, type ImportKind } from './domain/import-fields';
import { ImportMapping } from './domain/row.parser';
import type { OnError } from './import.types';

export const ImportIdParam = z.strictObject({ id: z.uuid({ message: 'is not an import id' }) });
export type ImportIdParam = z.infer<typeof ImportIdParam>;

export const ImportListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).optional() });
export type ImportListQuery = z.infer<typeof ImportListQuery>;

const flag = (name: string) => (v: unknown) => {
  if (v === undefined) return undefined;
  if (v === 'true' || v === '1' || v === true) return true;
  if (v === 'false' || v === '0' || v === false) return false;
  throw new BadInputError(`${name}: must be true or false.`);
};

/** The multipart text fields of POST /api/imports; unknown fields are refused. */
export function parseUploadFields(fields: unknown): { kind: ImportKind; mapping?: ImportMapping; onError: OnError; dryRun: boolean; wait: boolean } {
  const body = (fields ?? {}) as Record<string, unknown>;
  const known = ['kind', 'mapping', 'onError', 'dryRun', 'wait'];
  const unknown = Object.keys(body).filter((k) => !known.includes(k));
  if (unknown.length) throw new BadInputError(`${unknown.join(', ')}: not a field of an import; the fields are file, ${known.join(', ')}.`);
  for (const k of Object.keys(body)) if (typeof body[k] !== 'string') throw new BadInputError(`${k}: give this field once, as text.`);
  const kinds: readonly string[] = importKinds;
  if (!body.kind) throw new BadInputError(`kind: say what the file holds: ${kinds.join(', ')}.`);
  if (!kinds.includes(body.kind as string)) throw new BadInputError(`kind: "${body.kind}" is not an import kind; use one of ${kinds.join(', ')}.`);
  if (body.onError !== undefined && body.onError !== 'reject' && body.onError !== 'skip') throw new BadInputError('onError: use reject or skip.');
  return {
    kind: body.kind as ImportKind,
    mapping: body.mapping === undefined || body.mapping === '' ? undefined : parseMapping(body.mapping as string),
    onError: (body.onError as OnError | undefined) ?? 'reject',
    dryRun: flag('dryRun')(body.dryRun) ?? false,
    wait: flag('wait')(body.wait) ?? false,
  };
}

export function parseMapping(text: string): ImportMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BadInputError(`mapping: is not valid JSON (${(e as Error).message}).`);
  }
  const parsed = ImportMapping.safeParse(json);
  if (!parsed.success) {
    throw new BadInputError(`mapping: ${parsed.error.issues.map((i) => `${['mapping', ...i.path.map(String)].join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
