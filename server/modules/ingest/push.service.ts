import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, ConflictError, DomainError, NotFoundError } from '../../common/domain-error';
import { ScopeService } from '../auth/scope.service';
import { ImportKind, importKinds } from './domain/import-fields';
import { ImportService } from './import.service';
import type { ImportJob, OnError } from './import.types';

/** docs/automation.md: the largest batch one push may carry (the body is also capped at PUSH_BODY_LIMIT). */
export const MAX_PUSH_RECORDS = 10_000;
/** How long an Idempotency-Key answers with its first answer. */
export const IDEMPOTENCY_HOURS = 24;
const MAX_IDEMPOTENCY_KEY = 200;
/** A key claimed this long ago without an answer belongs to a request that never finished. */
const ABANDONED_MINUTES = 30;

export interface PushAnswer {
  statusCode: number;
  body: ImportJob;
  replayed: boolean;
}

/**
 * Records pushed by a machine as JSON go through the file-import pipeline unchanged: they are
 * written as a JSON Lines file and imported like an upload of that file, so validation, field
 * mapping, upsert, rollups and scoring are the same code, and every kind the pipeline knows
 * (`importKinds`) is pushable by name without anything here knowing the kind.
 */
@Injectable()
export class PushService {
  constructor(
    private readonly db: DataSource,
    private readonly imports: ImportService,
    private readonly scope: ScopeService,
  ) {}

  async push(caller: Caller, kindName: string, batch: { records: unknown[]; onError?: OnError }, idempotencyKey?: string): Promise<PushAnswer> {
    this.scope.assertCanPush(caller);
    const kind = importKindOf(kindName);
    checkBatch(batch.records);
    if (idempotencyKey === undefined) return { statusCode: 200, body: await this.run(caller, kind, batch), replayed: false };

    if (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY) {
      throw new BadInputError(`Idempotency-Key: give 1 to ${MAX_IDEMPOTENCY_KEY} characters.`, undefined, 'invalid_idempotency_key');
    }
    const actor = caller.apiKey ? `api-key:${caller.apiKey.id}` : `user:${caller.userId}`;
    const bodyHash = batchHash(kind, batch.onError ?? 'reject', batch.records);
    const claimed = await this.claim(actor, idempotencyKey, kind, bodyHash);
    if (claimed !== 'claimed') return claimed;
    try {
      const body = await this.run(caller, kind, batch);
      await this.db.query(`UPDATE ingest_idempotency SET status_code = 200, answer = $3 WHERE actor = $1 AND key = $2`, [actor, idempotencyKey, JSON.stringify(body)]);
      return { statusCode: 200, body, replayed: false };
    } catch (e) {
      // Nothing was imported: the same key may be tried again.
      await this.db.query(`DELETE FROM ingest_idempotency WHERE actor = $1 AND key = $2`, [actor, idempotencyKey]);
      throw e;
    }
  }

  /** Takes the key for this request, or answers with the stored answer of the first request that used it. */
  private async claim(actor: string, key: string, kind: string, bodyHash: string): Promise<'claimed' | PushAnswer> {
    // Expired, or claimed by a request whose server died before it answered (a push takes seconds, not minutes).
    await this.db.query(
      `DELETE FROM ingest_idempotency WHERE actor = $1 AND key = $2
          AND (created_at < now() - make_interval(hours => $3) OR (answer IS NULL AND created_at < now() - make_interval(mins => $4)))`,
      [actor, key, IDEMPOTENCY_HOURS, ABANDONED_MINUTES],
    );
    const inserted = await this.db.query(
      `INSERT INTO ingest_idempotency (actor, key, kind, body_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
      [actor, key, kind, bodyHash],
    );
    if (inserted.length) return 'claimed';
    const [first] = await this.db.query(`SELECT kind, body_hash, status_code, answer FROM ingest_idempotency WHERE actor = $1 AND key = $2`, [actor, key]);
    if (!first) return this.claim(actor, key, kind, bodyHash);
    if (first.kind !== kind || first.body_hash !== bodyHash) {
      throw new DomainError(422, 'Idempotency-Key: this key was already used with a different batch in the last 24 hours. Use a new key for a new batch.', undefined, 'idempotency_key_reused');
    }
    if (first.answer === null) throw new ConflictError('Idempotency-Key: the first request with this key is still being imported; ask again when it has finished.', undefined, 'idempotency_in_progress');
    return { statusCode: first.status_code, body: first.answer, replayed: true };
  }

  private async run(caller: Caller, kind: ImportKind, batch: { records: unknown[]; onError?: OnError }): Promise<ImportJob> {
    const filePath = join(tmpdir(), `callscope-push-${Date.now()}-${randomBytes(6).toString('hex')}.jsonl`);
    await fs.writeFile(filePath, toJsonLines(batch.records as Record<string, unknown>[]));
    const { done } = await this.imports.start({
      kind,
      filePath,
      fileName: `push-${kind}.jsonl`,
      onError: batch.onError ?? 'reject',
      caller,
      deleteFile: true,
    });
    return done;
  }

  /** Deletes idempotency records older than the replay window (the scheduler calls this now and then). */
  async pruneIdempotency(): Promise<void> {
    await this.db.query(`DELETE FROM ingest_idempotency WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_HOURS]);
  }
}

/** What a repeat with the same Idempotency-Key must match: the kind, onError and the records. */
export function batchHash(kind: string, onError: OnError, records: unknown[]): string {
  return createHash('sha256').update(JSON.stringify([kind, onError, records])).digest('hex');
}

/** The pipeline's kind of this name; a kind it does not know yet is a 404 naming the ones it does. */
export function importKindOf(name: string): ImportKind {
  if ((importKinds as readonly string[]).includes(name)) return name as ImportKind;
  throw new NotFoundError(`Import kind "${name}" (this server imports ${importKinds.join(', ')})`, 'unknown_import_kind');
}

function checkBatch(records: unknown[]): void {
  if (records.length === 0) throw new BadInputError('records: the batch is empty; send at least one record.');
  if (records.length > MAX_PUSH_RECORDS) {
    throw new DomainError(413, `records: a batch holds at most ${MAX_PUSH_RECORDS} records; this one has ${records.length}. Split it into smaller batches.`, undefined, 'batch_too_large');
  }
  const bad = records.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r));
  if (bad >= 0) throw new BadInputError(`records[${bad}]: every record must be a JSON object of canonical fields.`);
}

/**
 * One line per record, in the batch's order (an error's `row` is then the record's 1-based
 * position). The first line carries every key any record has (null where it has none): JSON
 * Lines take their columns from the first line, and a pushed batch need not repeat absent fields.
 */
export function toJsonLines(records: Record<string, unknown>[]): string {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      keys.push(k);
    }
  }
  return records.map((r) => JSON.stringify(Object.fromEntries(keys.map((k) => [k, r[k] ?? null])))).join('\n') + '\n';
}

