import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { promises as fs } from 'node:fs';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { DataChangeService } from '../kpi/data-change.service';
import { SettingsService } from '../org/settings.service';
import { NotATableError } from './domain/format-detect';
import { importKinds, type ImportKind } from './domain/import-fields';
import { missingFields } from './domain/missing-fields';
import { compileRowParser, CompiledParser, ImportMapping, MappingError } from './domain/row.parser';
import { ZoneConverter } from './domain/value.parser';
import { csvCell, ErrorSink } from './import-errors';
import { takeRowsOutsideImportScope } from './import-scope.repository';
import {
  returnedRows,
  SqlRowError,
  STAGED_TURNS_SQL,
  StagingWriter,
  takeDuplicateKeys,
  takeComplaintProblems,
  takeTurnsOfRejectedCalls,
  takeUnresolvedReferences,
  writeAgents,
  writeCalls,
  writeComplaints,
  writeEvaluations,
  writeSurveys,
  writeTranscripts,
} from './import.repository';
import { AutoqaScoringService } from '../autoqa/autoqa-scoring.service';
import { openSource, OpenedSource } from './source.reader';

import type { ImportJob, OnError } from './import.types';
export type { ImportJob, OnError } from './import.types';

export interface ImportRequest {
  kind: ImportKind;
  filePath: string;
  fileName: string;
  mapping?: ImportMapping;
  onError?: OnError;
  dryRun?: boolean;
  /** Null: the command line, which may write everything. */
  caller: Pick<Caller, 'userId' | 'email' | 'role' | 'teamIds'> | null;
  /** Delete the file when the import ends (uploads); the CLI keeps the user's file. */
  deleteFile?: boolean;
  /** Benchmarks only (bench/cases/transcripts.case.ts): a transcripts import without its AutoQA scoring, the baseline scoring is measured against. The API and CLI never set it. */
  skipScoring?: boolean;
  onProgress?: (job: ImportJob) => void;
}

interface Counts {
  total: number;
  skipped: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

const PROGRESS_EVERY_MS = 500;

/**
 * Imports of calls, surveys, agents and evaluations. Each import runs in one transaction: rows
 * are parsed and validated as the file streams, COPYed into a staging table, then upserted
 * set-based; KPI rollups are updated in the same transaction. Imports of one kind run one at
 * a time (an advisory lock; the next waits as `queued`).
 */
@Injectable()
export class ImportService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Import');
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly dataChanges: DataChangeService,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly autoqa: AutoqaScoringService,
  ) {}

  /** Jobs whose worker connection is gone were cut off by a crash or kill: nothing of them was committed. */
  async onApplicationBootstrap(): Promise<void> {
    await this.failOrphanedJobs();
  }

  async failOrphanedJobs(): Promise<number> {
    const rows = returnedRows(await this.db.query(
      `UPDATE imports SET status = 'failed', finished_at = now(),
              failure_message = 'The import stopped before it finished (the server was stopped or the connection was lost); nothing of it was written.'
        WHERE status IN ('queued', 'running')
          AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = (imports.options->>'backendPid')::int)
        RETURNING id`,
    ));
    return rows.length;
  }

  /** Parses the multipart fields of an upload and starts the import; the uploaded file is removed if it cannot start. */
  async startUpload(caller: Caller, file: { path: string; originalname: string } | undefined, fields: unknown): Promise<{ job: ImportJob; done: Promise<ImportJob> }> {
    if (!file) throw new BadInputError('file: attach the file to import (multipart field "file").');
    try {
      const parsed = parseUploadFields(fields);
      return await this.start({ ...parsed, filePath: file.path, fileName: file.originalname, caller, deleteFile: true });
    } catch (e) {
      await fs.rm(file.path, { force: true });
      throw e;
    }
  }

  /** Runs a whole import in-process and returns the final job (the CLI and benchmarks use this). */
  async importFile(req: ImportRequest): Promise<ImportJob> {
    const { done } = await this.start(req);
    return done;
  }

  /** Checks that the file is a table with the needed columns (else BadInputError), records the job and starts it. */
  async start(req: ImportRequest): Promise<{ job: ImportJob; done: Promise<ImportJob> }> {
    this.scope.importWriteScope(req.caller);
    const settings = await this.settings.get();
    let source: OpenedSource;
    try {
      source = await openSource(req.filePath, req.fileName, req.mapping?.sheet);
    } catch (e) {
      if (e instanceof NotATableError) throw new BadInputError(`file: ${e.message}`);
      throw e;
    }
    let parser: CompiledParser;
    try {
      parser = compileRowParser({ kind: req.kind, header: source.header, mapping: req.mapping, orgTimeZone: settings.timezone });
    } catch (e) {
      await source.close();
      if (e instanceof MappingError) throw new BadInputError(e.message);
      throw e;
    }
    const options = {
      onError: req.onError ?? 'reject',
      dryRun: req.dryRun ?? false,
      mapping: req.mapping ?? null,
      header: source.header,
      format: source.format,
      encoding: source.encoding,
      columns: parser.resolved,
      presets: parser.presets,
    };
    const [row] = await this.db.query(`INSERT INTO imports (kind, file_name, file_size, options, user_id) VALUES ($1, $2, $3, $4, $5) RETURNING *`, [
      req.kind,
      req.fileName,
      source.fileSize,
      JSON.stringify(options),
      // An API key's caller (userId <= 0) is no user row; its label is in the audit row.
      req.caller && req.caller.userId > 0 ? req.caller.userId : null,
    ]);
    const job = toJob(row);
    const done = this.run(job, req, source, parser, settings.timezone);
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
    return { job, done };
  }

  /** Waits for imports still running in this process (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  async list(caller: Caller, limit = 50): Promise<ImportJob[]> {
    const rows = await this.db.query(`SELECT * FROM imports WHERE $2::int IS NULL OR user_id = $2 ORDER BY created_at DESC LIMIT $1`, [
      limit,
      this.scope.importOwnerFilter(caller),
    ]);
    return rows.map(toJob);
  }

  async get(caller: Caller, id: string): Promise<ImportJob> {
    const [row] = await this.db.query(`SELECT * FROM imports WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError(`Import ${id}`);
    this.scope.assertCanSeeImport(caller, row.user_id);
    return toJob(row);
  }

  /** errors.csv, written in pages: UTF-8 with BOM, row/column/value/message, then the row's original columns. */
  async writeErrorsCsv(id: string, write: (chunk: string) => void): Promise<void> {
    const [job] = await this.db.query(`SELECT options FROM imports WHERE id = $1`, [id]);
    if (!job) throw new NotFoundError(`Import ${id}`);
    const header: string[] = job.options?.header ?? [];
    write('\uFEFF' + ['row', 'column', 'value', 'message', ...header].map(csvCell).join(',') + '\r\n');
    let after = 0;
    for (;;) {
      const rows = await this.db.query(
        `SELECT id, row_number, column_name, value, message, source_row FROM import_errors WHERE import_id = $1 AND id > $2 ORDER BY id LIMIT 5000`,
        [id, after],
      );
      if (!rows.length) break;
      write(
        rows
          .map((r: any) => [r.row_number, r.column_name, r.value, r.message, ...(Array.isArray(r.source_row) ? r.source_row : [])].map(csvCell).join(',') + '\r\n')
          .join(''),
      );
      after = Number(rows[rows.length - 1].id);
    }
  }

  private async run(job: ImportJob, req: ImportRequest, source: OpenedSource, parser: CompiledParser, timezone: string): Promise<ImportJob> {
    const onError = req.onError ?? 'reject';
    const dryRun = req.dryRun ?? false;
    const errors = new ErrorSink(this.db, job.id);
    const counts: Counts = { total: 0, skipped: 0, inserted: 0, updated: 0, unchanged: 0 };
    let newAgents: string[] = [];
    let qr: QueryRunner | null = null;
    let failure: string | null = null;
    let committed = false;
    const timings: Record<string, number> = {};
    const progress = async (value: number) => {
      await this.db.query(`UPDATE imports SET progress = $2, rows_total = $3, rows_rejected = $4, rows_skipped = $5 WHERE id = $1`, [
        job.id,
        value,
        counts.total,
        errors.rejectedRows,
        counts.skipped,
      ]);
      req.onProgress?.({ ...job, status: 'running', progress: value, rowsTotal: counts.total, rowsRejected: errors.rejectedRows, rowsSkipped: counts.skipped });
    };
    try {
      qr = this.db.createQueryRunner('master');
      // The query runner's own pg client (what connect() resolves to): COPY streams need the driver's client.
      const client: PoolClient = await qr.connect();
      const [{ pid }] = await qr.query(`SELECT pg_backend_pid() AS pid`);
      await this.db.query(`UPDATE imports SET options = options || jsonb_build_object('backendPid', $2::int) WHERE id = $1`, [job.id, pid]);
      await qr.startTransaction();
      // Hash joins and aggregates over a whole file's staged rows stay in memory (imports of one kind run one at a time).
      await qr.query(`SET LOCAL work_mem = '256MB'`);
      await qr.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`callscope:import:${job.kind}`]);
      await this.db.query(`UPDATE imports SET status = 'running', started_at = now() WHERE id = $1`, [job.id]);
      const m = qr.manager;

      const staging = new StagingWriter(client, job.kind);
      await staging.open();
      // Transcripts: the calls with an invalid turn (kept whole in skip mode).
      const rejectedCalls = new Set<string>();
      timings.start = Date.now();
      let lastProgress = Date.now();
      for await (const batch of source.batches) {
        for (const rec of batch) {
          if (rec.problem) {
            counts.total++;
            errors.add([{ row: rec.row, column: rec.problemColumn ?? null, value: rec.problemValue ?? null, message: rec.problem }], rec.values.length ? rec.values : null);
            continue;
          }
          if (isBlank(rec.values)) continue;
          counts.total++;
          const result = parser.parse(rec.values, rec.row);
          if (result.kind === 'ok') staging.add(rec.row, result.values);
          else if (result.kind === 'skip') counts.skipped++;
          else {
            errors.add(result.errors, rec.values);
            if (job.kind === 'transcripts' && typeof result.values.call_external_id === 'string') rejectedCalls.add(result.values.call_external_id);
          }
        }
        await staging.flush();
        await errors.flushIfFull();
        if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = Date.now();
          await progress(Math.min(0.9, (0.9 * source.bytesRead()) / Math.max(1, source.fileSize)));
        }
      }
      await staging.close();
      timings.loadMs = Date.now() - timings.start;
      await progress(0.9);

      const today = new ZoneConverter(timezone).localDate(new Date());
      const duplicates = await takeDuplicateKeys(m, job.kind);
      if (job.kind === 'transcripts') for (const d of duplicates) rejectedCalls.add(d.value.slice(0, d.value.lastIndexOf(' #')));
      const sqlErrors = [
        ...duplicates,
        // Before the reference check, so a supervisor's unknown agent reads "ask an admin to add it".
        ...(await takeRowsOutsideImportScope(m, job.kind, this.scope.importWriteScope(req.caller), timezone)),
        ...(await takeUnresolvedReferences(m, job.kind, today)),
        ...(onError === 'skip' ? await takeTurnsOfRejectedCalls(m, [...rejectedCalls]) : []),
        ...(job.kind === 'complaints' ? await takeComplaintProblems(m, timezone) : []),
      ];
      if (sqlErrors.length) await this.recordSqlErrors(sqlErrors, req, errors);

      // Nothing of a dry run or of a rejected import is kept: its derived work (scoring) is skipped.
      const rollsBack = dryRun || (errors.rejectedRows > 0 && onError === 'reject');
      const outcome = await this.write(m, job.kind, job.id, timezone, today, timings, { client, dryRun: rollsBack, skipScoring: req.skipScoring ?? false });
      newAgents = outcome.newAgents;
      counts.inserted = outcome.inserted;
      counts.updated = outcome.updated;
      counts.unchanged = staging.count - sqlErrors.length - outcome.inserted - outcome.updated;

      const rejected = errors.rejectedRows > 0 && onError === 'reject';
      if (dryRun || rejected) {
        await qr.rollbackTransaction();
        if (rejected) failure = `Nothing was written: ${errors.rejectedRows} row(s) are invalid. Fix them (see errors.csv) or import with onError=skip.`;
      } else {
        await qr.commitTransaction();
        committed = true;
      }
    } catch (e) {
      if (qr?.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      failure = `The import failed and nothing was written: ${(e as Error).message}`;
      if (!(e instanceof BadInputError)) this.logger.warn(`Import ${job.id} failed: ${(e as Error).stack ?? e}`);
    } finally {
      await qr?.release().catch(() => undefined);
      await source.close().catch(() => undefined);
      if (req.deleteFile) await fs.rm(req.filePath, { force: true }).catch(() => undefined);
    }
    delete timings.start;
    return this.finish(job, req, { counts, errors, newAgents, failure, committed, timings });
  }

  private async write(m: EntityManager, kind: ImportKind, importId: string, timezone: string, today: string, timings: Record<string, number>, o: { client: PoolClient; dryRun: boolean; skipScoring: boolean }) {
    switch (kind) {
      case 'transcripts': {
        // Scored in the same transaction, with the rule-set versions in force (held by the AutoQA lock until commit).
        const versions = await this.autoqa.lockVersions(m);
        let t0 = Date.now();
        const out = await writeTranscripts(m, importId, timezone);
        timings.upsertMs = Date.now() - t0;
        if (o.dryRun || out.calls === 0) return out;
        t0 = Date.now();
        if (!o.skipScoring) {
          const ids = [versions.current.id, versions.target.id];
          await this.autoqa.deleteResults(m, 'SELECT call_id FROM stg_tx', ids);
          await this.autoqa.scoreFromCursor(o.client, STAGED_TURNS_SQL, [], [versions.current, versions.target]);
        }
        timings.scoreMs = Date.now() - t0;
        t0 = Date.now();
        await this.dataChanges.callsChanged(m, { localDates: out.localDates, customerIds: [] });
        timings.rollupMs = Date.now() - t0;
        return out;
      }
      case 'calls': {
        let t0 = Date.now();
        // Calls with a transcript whose channel changes are scored again (first_response depends on the channel).
        const [{ rechannelled }]: { rechannelled: string[] }[] = await m.query(
          `SELECT ARRAY(SELECT c.id::text FROM stg s JOIN calls c ON c.external_id = s.external_id JOIN transcripts t ON t.call_id = c.id
                         WHERE c.channel IS DISTINCT FROM s.channel) AS rechannelled`,
        );
        const out = await writeCalls(m, importId, timezone);
        timings.upsertMs = Date.now() - t0;
        if (rechannelled.length && !o.dryRun) {
          const versions = await this.autoqa.lockVersions(m);
          const ids = [versions.current.id, versions.target.id];
          await this.autoqa.deleteResults(m, 'SELECT unnest($1::bigint[])', ids, [rechannelled]);
          await this.autoqa.scoreFromCursor(
            o.client,
            `SELECT call_id, seq, offset_ms, speaker, text FROM transcript_turns WHERE call_id = ANY($1::bigint[]) ORDER BY call_id, seq`,
            [rechannelled],
            [versions.current, versions.target],
          );
        }
        t0 = Date.now();
        if (out.localDates.length) await this.dataChanges.callsChanged(m, { localDates: out.localDates, customerIds: out.customerIds });
        timings.rollupMs = Date.now() - t0;
        return out;
      }
      case 'surveys': {
        const out = await writeSurveys(m, importId, timezone);
        if (out.localDates.length) await this.dataChanges.callsChanged(m, { localDates: out.localDates, customerIds: [] });
        return out;
      }
      case 'evaluations': {
        const out = await writeEvaluations(m, importId, timezone);
        if (out.localDates.length) await this.dataChanges.evaluationsChanged(m, out.localDates);
        return out;
      }
      case 'agents': {
        const out = await writeAgents(m, today);
        await this.dataChanges.agentsMoved(m, out.moves);
        // New agents and changed names or active flags: answers name their groups.
        if (out.inserted + out.updated > 0) await this.dataChanges.orgChanged(m);
        return out;
      }
      case 'complaints': {
        const out = await writeComplaints(m, importId);
        if (out.inserted || out.updated) await this.dataChanges.complaintsChanged(m);
        return out;
      }
    }
  }

  /** Errors found in SQL (repeated keys, unknown references) get their original cells from a second, cheap pass over the file. */
  private async recordSqlErrors(sqlErrors: SqlRowError[], req: ImportRequest, sink: ErrorSink): Promise<void> {
    const wanted = new Map<number, SqlRowError[]>();
    for (const e of sqlErrors) wanted.set(e.row, [...(wanted.get(e.row) ?? []), e]);
    const sources = new Map<number, string[]>();
    try {
      const again = await openSource(req.filePath, req.fileName, req.mapping?.sheet);
      try {
        for await (const batch of again.batches) {
          for (const rec of batch) if (wanted.has(rec.row)) sources.set(rec.row, rec.values);
          if (sources.size === wanted.size) break;
        }
      } finally {
        await again.close();
      }
    } catch {
      // The list still names row, column and value.
    }
    for (const [row, list] of [...wanted.entries()].sort((a, b) => a[0] - b[0])) sink.add(list, sources.get(row) ?? null);
  }

  private async finish(job: ImportJob, req: ImportRequest, r: { counts: Counts; errors: ErrorSink; newAgents: string[]; failure: string | null; committed: boolean; timings: Record<string, number> }): Promise<ImportJob> {
    await r.errors.flush().catch((e) => this.logger.warn(`Could not store the errors of import ${job.id}: ${(e as Error).message}`));
    const status = r.failure ? 'failed' : 'succeeded';
    const c = r.counts;
    const [row] = returnedRows<Record<string, any>>(await this.db.query(
      `UPDATE imports SET status = $2, progress = 1, rows_total = $3, rows_inserted = $4, rows_updated = $5, rows_unchanged = $6,
              rows_rejected = $7, rows_skipped = $8, new_agents = $9, errors = $10, failure_message = $11, finished_at = now(),
              options = options || jsonb_build_object('written', $12::boolean, 'timings', $13::jsonb)
        WHERE id = $1 RETURNING *`,
      [job.id, status, c.total, c.inserted, c.updated, c.unchanged, r.errors.rejectedRows, c.skipped, JSON.stringify(r.newAgents), JSON.stringify(r.errors.first), r.failure, r.committed, JSON.stringify(r.timings)],
    ));
    const final = toJob(row);
    await this.audit
      .record({
        action: 'import',
        caller: req.caller,
        target: `import:${job.id}`,
        detail: {
          fileName: req.fileName,
          kind: job.kind,
          status,
          dryRun: final.dryRun,
          onError: final.onError,
          written: r.committed,
          rowsTotal: c.total,
          rowsInserted: c.inserted,
          rowsUpdated: c.updated,
          rowsUnchanged: c.unchanged,
          rowsRejected: r.errors.rejectedRows,
          rowsSkipped: c.skipped,
          newAgents: r.newAgents.length,
        },
      })
      .catch((e) => this.logger.warn(`Could not audit import ${job.id}: ${(e as Error).message}`));
    req.onProgress?.(final);
    return final;
  }
}

function isBlank(values: string[]): boolean {
  for (const v of values) if (v.trim() !== '') return false;
  return true;
}

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

function toJob(row: Record<string, any>): ImportJob {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: Number(row.progress),
    rowsTotal: row.rows_total,
    rowsInserted: row.rows_inserted,
    rowsUpdated: row.rows_updated,
    rowsUnchanged: row.rows_unchanged,
    rowsRejected: row.rows_rejected,
    rowsSkipped: row.rows_skipped,
    newAgents: row.new_agents ?? [],
    errors: row.errors ?? [],
    missingFields: missingFields(row.kind, row.options?.columns),
    fileName: row.file_name,
    fileSize: row.file_size === null ? null : Number(row.file_size),
    onError: row.options?.onError ?? 'reject',
    dryRun: row.options?.dryRun ?? false,
    written: row.options?.written ?? false,
    failureMessage: row.failure_message,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}
