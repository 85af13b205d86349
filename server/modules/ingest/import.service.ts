import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { promises as fs } from 'node:fs';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { DataChangeService } from '../kpi/data-change.service';
import { OrgService } from '../org/org.service';
import { SettingsService } from '../org/settings.service';
import { NotATableError, TextEncoding } from './domain/format-detect';
import type { ImportKind } from './domain/import-fields';
import { compileRowParser, CompiledParser, ImportMapping, MappingError } from './domain/row.parser';
import { ZoneConverter } from './domain/value.parser';
import { ErrorSink, errorsCsv } from './import-errors';
import { takeRowsOutsideImportScope } from './import-scope.repository';
import {
  failOrphanedImports,
  findImportJob,
  finishImportJob,
  type Queryable,
  insertImportJob,
  listImportJobs,
  markImportRunning,
  recordImportProgress,
  SqlRowError,
  stagedCallsChangingChannel,
  stampImportHeartbeats,
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
import { AutoqaScoringService, STORED_TURNS_SQL } from '../autoqa/autoqa-scoring.service';
import { isBlank, openSource, OpenedSource } from './source.reader';
import { readPreview } from './import-preview.reader';
import { StallWatch } from './stall-watch';
import { removeOrphanUploads } from './upload-files';
import { loadEnv } from '../../config/env';
import { parseUploadFields } from './import.dto';
import type { ImportJob, ImportPreview, OnError } from './import.types';
export type { ImportJob, ImportPreview, OnError } from './import.types';

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

/** What one import has done so far; shared between its load and the clean-up after a failure. */
interface RunState {
  counts: Counts;
  errors: ErrorSink;
  newAgents: string[];
  committed: boolean;
  timings: Record<string, number>;
  source: OpenedSource | null;
  staging: StagingWriter | null;
  /** The local dates the file's valid records cover (null when none carries a date). */
  dateRange: { from: string; to: string } | null;
  /** The job's outcome as recorded while the import still held its turn (null: not yet). */
  recorded: ImportJob | null;
}

/** Gives the connection back to the pool as broken, so the pool closes it instead of reusing it. */
async function discard(qr: QueryRunner, reason: Error): Promise<void> {
  await (qr as unknown as { releasePostgresConnection(err?: Error): Promise<void> }).releasePostgresConnection(reason).catch(() => undefined);
}

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]).finally(() => clearTimeout(timer));
}

const PROGRESS_EVERY_MS = 500;
/** How often a process stamps its unfinished imports, and how old a stamp may get before the import counts as orphaned. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_STALE_SECONDS = 30;
/** How often a queued import asks again for its kind's lock while another server process holds it. */
const QUEUE_POLL_MS = 500;
/** How long ROLLBACK (or ending a COPY) may take before the connection is thrown away instead. */
const CLEANUP_TIMEOUT_MS = 5_000;

const ORPHANED = 'The import stopped before it finished (the server was stopped or the connection was lost); nothing of it was written.';

/** The instant whose local date places a row of each kind on the calendar (agents have none). */
const DATE_FIELD: Record<ImportKind, string | null> = { calls: 'started_at', surveys: 'responded_at', evaluations: 'evaluated_at', complaints: 'opened_at', transcripts: null, agents: null };

/**
 * Imports of calls, surveys, agents and evaluations. Each import runs in one transaction: rows
 * are parsed and validated as the file streams, COPYed into a staging table, then upserted
 * set-based; KPI rollups are updated in the same transaction.
 *
 * The queue is the `queued` rows of `imports`: a queued import holds no database connection.
 * Imports of one kind run one at a time: in this process one after the other (a chain per
 * kind), across server processes by a transaction-level advisory lock the running import takes
 * with pg_try_advisory_xact_lock (a waiting one asks again every QUEUE_POLL_MS). Every running
 * import is watched: no progress for CALLSCOPE_IMPORT_STALL_SECONDS and it fails, its backend is
 * terminated and its file removed. Processes stamp their unfinished imports (heartbeat_at); an
 * import whose owner is gone is failed by the next sweep of any process.
 */
@Injectable()
export class ImportService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Import');
  private readonly running = new Set<Promise<unknown>>();
  /** The unfinished imports of this process (queued or running), for the heartbeat. */
  private readonly active = new Set<string>();
  private readonly lanes = new Map<ImportKind, Promise<unknown>>();
  private readonly stallMs: number;
  private readonly uploadDir: string;
  private heartbeat: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly dataChanges: DataChangeService,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly autoqa: AutoqaScoringService,
    private readonly org: OrgService,
  ) {
    const env = loadEnv();
    this.stallMs = env.CALLSCOPE_IMPORT_STALL_SECONDS * 1000;
    this.uploadDir = env.uploadDir;
  }

  /** Jobs whose server is gone were cut off by a crash or kill: nothing of them was committed. Their uploads go too. */
  async onApplicationBootstrap(): Promise<void> {
    await this.failOrphanedJobs();
    const removed = await removeOrphanUploads(this.uploadDir);
    if (removed.length) this.logger.log(`Removed ${removed.length} upload(s) left behind by a stopped server`);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Queued imports of this process cannot start any more; say so instead of leaving them to the sweep. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async beat(): Promise<void> {
    try {
      await stampImportHeartbeats(this.db, [...this.active]);
      await this.failOrphanedJobs();
    } catch (e) {
      if (!this.stopping) this.logger.warn(`Import heartbeat failed: ${(e as Error).message}`);
    }
  }

  /** Running imports whose backend is gone, queued ones whose owner stopped stamping them. */
  async failOrphanedJobs(): Promise<number> {
    return failOrphanedImports(this.db, [...this.active], ORPHANED, HEARTBEAT_STALE_SECONDS);
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

  /**
   * What an import of the file would do, without doing it: the same reader and compiled parser
   * as the import, over the first PREVIEW_ROWS records. Writes nothing; the upload is removed.
   */
  async preview(caller: Caller, file: { path: string; originalname: string } | undefined, fields: unknown): Promise<ImportPreview> {
    if (!file) throw new BadInputError('file: attach the file to preview (multipart field "file").');
    try {
      this.scope.importWriteScope(caller);
      const { kind, mapping } = parseUploadFields(fields);
      const settings = await this.settings.get();
      return await readPreview({ filePath: file.path, fileName: file.originalname, kind, mapping, orgTimeZone: settings.timezone });
    } catch (e) {
      if (e instanceof NotATableError) throw new BadInputError(`file: ${e.message}`, undefined, e.code);
      if (e instanceof MappingError) throw new BadInputError(e.message);
      throw e;
    } finally {
      await fs.rm(file.path, { force: true }).catch(() => undefined);
    }
  }

  /** Runs a whole import in-process and returns the final job (the CLI and benchmarks use this). */
  async importFile(req: ImportRequest): Promise<ImportJob> {
    const { done } = await this.start(req);
    return done;
  }

  /**
   * Checks that the file is a table with the needed columns (else BadInputError), records the
   * job as queued and puts it in line. The file is read again when its turn comes: a queued
   * import holds neither a connection nor a reader.
   */
  async start(req: ImportRequest): Promise<{ job: ImportJob; done: Promise<ImportJob> }> {
    this.scope.importWriteScope(req.caller);
    const settings = await this.settings.get();
    const source = await this.open(req);
    let parser: CompiledParser;
    try {
      parser = compileRowParser({ kind: req.kind, header: source.header, mapping: req.mapping, orgTimeZone: settings.timezone });
    } catch (e) {
      if (e instanceof MappingError) throw new BadInputError(e.message);
      throw e;
    } finally {
      await source.close();
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
    const job = await insertImportJob(this.db, {
      kind: req.kind,
      fileName: req.fileName,
      fileSize: source.fileSize,
      options,
      // An API key's caller (userId <= 0) is no user row; its label is in the audit row.
      userId: req.caller && req.caller.userId > 0 ? req.caller.userId : null,
    });
    this.active.add(job.id);
    const previous = this.lanes.get(req.kind) ?? Promise.resolve();
    const done = previous.then(() => this.run(job, req, source.encoding)).finally(() => this.active.delete(job.id));
    this.lanes.set(req.kind, done.catch(() => undefined));
    this.running.add(done);
    void done.catch(() => undefined).finally(() => this.running.delete(done));
    return { job, done };
  }

  private async open(req: ImportRequest, knownEncoding?: TextEncoding | null): Promise<OpenedSource> {
    try {
      return await openSource(req.filePath, req.fileName, req.mapping?.sheet, knownEncoding);
    } catch (e) {
      if (e instanceof NotATableError) throw new BadInputError(`file: ${e.message}`, undefined, e.code ?? 'unreadable_file');
      throw e;
    }
  }

  /** Waits for imports still running in this process (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  async list(caller: Caller, limit = 50): Promise<ImportJob[]> {
    return listImportJobs(this.db, limit, this.scope.importOwnerFilter(caller));
  }

  async get(caller: Caller, id: string): Promise<ImportJob> {
    return (await this.visibleJob(caller, id)).job;
  }

  /**
   * errors.csv of an import the caller may see (else 404/403 before anything is read): UTF-8
   * with BOM, row/column/value/message, then the row's original columns; streamed in pages.
   */
  async errorsCsv(caller: Caller, id: string): Promise<AsyncGenerator<string>> {
    const { header } = await this.visibleJob(caller, id);
    return errorsCsv(this.db, id, header);
  }

  private async visibleJob(caller: Caller, id: string): Promise<{ job: ImportJob; header: string[] }> {
    const found = await findImportJob(this.db, id);
    if (!found) throw new NotFoundError(`Import ${id}`);
    this.scope.assertCanSeeImport(caller, found.startedBy);
    return found;
  }

  /**
   * Waits (holding no connection) until no other server process runs an import of this kind,
   * then returns a connection in an open transaction that holds the kind's advisory lock.
   */
  private async takeTurn(kind: ImportKind): Promise<{ qr: QueryRunner; pid: number }> {
    for (;;) {
      if (this.stopping) throw new Error('the server is stopping');
      const qr = this.db.createQueryRunner('master');
      try {
        await qr.connect();
        await qr.startTransaction();
        const [{ locked, pid }] = await qr.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked, pg_backend_pid() AS pid`, [`callscope:import:${kind}`]);
        if (locked) return { qr, pid };
        await qr.rollbackTransaction();
        await qr.release();
      } catch (e) {
        await discard(qr, e as Error);
        throw e;
      }
      await new Promise((r) => setTimeout(r, QUEUE_POLL_MS));
    }
  }

  private async run(job: ImportJob, req: ImportRequest, encoding: TextEncoding | null): Promise<ImportJob> {
    const state: RunState = {
      counts: { total: 0, skipped: 0, inserted: 0, updated: 0, unchanged: 0 },
      errors: new ErrorSink(this.db, job.id),
      newAgents: [],
      committed: false,
      timings: {},
      source: null,
      staging: null,
      dateRange: null,
      recorded: null,
    };
    let failure: string | null;
    let turn: { qr: QueryRunner; pid: number } | null = null;
    let backendPid: number | null = null;
    // The import's backend at work on a statement is progress; waiting on a lock or on us (a COPY nobody feeds) is not.
    const busy = async () => {
      const [row] = await this.db.query(`SELECT state, wait_event_type FROM pg_stat_activity WHERE pid = $1`, [backendPid]);
      return row?.state === 'active' && row.wait_event_type !== 'Lock' && row.wait_event_type !== 'Client';
    };
    const watch = new StallWatch(this.stallMs, () => state.source?.bytesRead() ?? 0, busy);
    try {
      turn = await this.takeTurn(job.kind);
      backendPid = turn.pid;
      await markImportRunning(this.db, job.id, turn.pid);
      watch.start();
      const work = this.load(job, req, encoding, turn.qr, state, watch);
      work.catch(() => undefined);
      failure = await Promise.race([work, watch.stalled]);
    } catch (e) {
      const stalled = watch.fired !== null;
      failure = `The import failed and nothing was written: ${(e as Error).message}`;
      if (!(e instanceof BadInputError) && !stalled) this.logger.warn(`Import ${job.id} failed: ${(e as Error).stack ?? e}`);
      if (turn) await this.abandon(turn, state, failure, stalled);
      turn = null;
    } finally {
      watch.stop();
      if (turn) await turn.qr.release().catch(() => undefined);
      await state.source?.close().catch(() => undefined);
      if (req.deleteFile) await fs.rm(req.filePath, { force: true }).catch(() => undefined);
    }
    return this.finish(job, req, { ...state, failure });
  }

  /**
   * After a failure: end the COPY if one is open (else ROLLBACK would wait behind it forever) and
   * roll back; when the connection does not answer, or the import stalled inside a statement,
   * its backend is terminated and the connection thrown away, which rolls back too and frees the lock.
   */
  private async abandon(turn: { qr: QueryRunner; pid: number }, state: RunState, reason: string, stalled: boolean): Promise<void> {
    const { qr, pid } = turn;
    let clean = !stalled;
    if (clean && state.staging) clean = await state.staging.abort(reason, CLEANUP_TIMEOUT_MS);
    if (clean && qr.isTransactionActive) {
      clean = await withTimeout(qr.rollbackTransaction().then(() => true, () => false), CLEANUP_TIMEOUT_MS, false);
    }
    if (clean) {
      await qr.release().catch(() => undefined);
      return;
    }
    await this.db.query(`SELECT pg_terminate_backend($1)`, [pid]).catch((e) => this.logger.warn(`Could not stop the backend of a failed import: ${(e as Error).message}`));
    await discard(qr, new Error(reason));
  }

  /** The import itself, inside the turn's transaction; resolves with the failure message (null when it succeeded). */
  private async load(job: ImportJob, req: ImportRequest, encoding: TextEncoding | null, qr: QueryRunner, state: RunState, watch: StallWatch): Promise<string | null> {
    const { counts, errors, timings } = state;
    const onError = req.onError ?? 'reject';
    const dryRun = req.dryRun ?? false;
    const settings = await this.settings.get();
    const timezone = settings.timezone;
    const dateField = DATE_FIELD[job.kind];
    const span = { min: Infinity, max: -Infinity };
    const progress = async (value: number) => {
      await recordImportProgress(this.db, job.id, { progress: value, rowsTotal: counts.total, rowsRejected: errors.rejectedRows, rowsSkipped: counts.skipped });
      req.onProgress?.({ ...job, status: 'running', progress: value, rowsTotal: counts.total, rowsRejected: errors.rejectedRows, rowsSkipped: counts.skipped });
    };
    // The API's statement timeout does not apply: a big file's upsert may run for minutes; the stall watch bounds it instead.
    await qr.query(`SET LOCAL statement_timeout = 0`);
    // Hash joins and aggregates over a whole file's staged rows stay in memory (imports of one kind run one at a time).
    await qr.query(`SET LOCAL work_mem = '256MB'`);
    const m = qr.manager;
    // The query runner's own pg client (connect() resolves to it once connected): COPY streams need the driver's client.
    const client: PoolClient = await qr.connect();

    watch.touch('reading the file');
    const source = (state.source = await this.open(req, encoding));
    const parser = compileRowParser({ kind: req.kind, header: source.header, mapping: req.mapping, orgTimeZone: timezone });
    const staging = (state.staging = new StagingWriter(client, job.kind));
    await staging.open();
    // Transcripts: the calls with an invalid turn (kept whole in skip mode).
    const rejectedCalls = new Set<string>();
    timings.start = Date.now();
    let lastProgress = Date.now();
    for await (const batch of source.batches) {
      watch.touch('reading the file');
      for (const rec of batch) {
        if (rec.problem) {
          counts.total++;
          errors.add([{ row: rec.row, column: rec.problemColumn ?? null, value: rec.problemValue ?? null, message: rec.problem }], rec.values.length ? rec.values : null);
          continue;
        }
        if (isBlank(rec.values)) continue;
        counts.total++;
        const result = parser.parse(rec.values, rec.row);
        if (result.kind === 'ok') {
          staging.add(rec.row, result.values);
          const at = dateField ? result.values[dateField] : null;
          if (at instanceof Date) {
            const ms = at.getTime();
            if (ms < span.min) span.min = ms;
            if (ms > span.max) span.max = ms;
          }
        } else if (result.kind === 'skip') counts.skipped++;
        else {
          errors.add(result.errors, rec.values);
          if (job.kind === 'transcripts' && typeof result.values.call_external_id === 'string') rejectedCalls.add(result.values.call_external_id);
        }
      }
      watch.touch('writing rows to the database');
      await staging.flush();
      await errors.flushIfFull();
      if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        await progress(Math.min(0.9, (0.9 * source.bytesRead()) / Math.max(1, source.fileSize)));
      }
    }
    watch.touch('finishing the load');
    await staging.close();
    timings.loadMs = Date.now() - timings.start;
    await progress(0.9);

    watch.touch('checking repeated keys and references');
    const zone = new ZoneConverter(timezone);
    const today = zone.localDate(new Date());
    if (span.min <= span.max) state.dateRange = { from: zone.localDate(new Date(span.min)), to: zone.localDate(new Date(span.max)) };
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

    watch.touch('writing the rows and updating the KPI figures');
    // Nothing of a dry run or of a rejected import is kept: its derived work (scoring) is skipped.
    const rollsBack = dryRun || (errors.rejectedRows > 0 && onError === 'reject');
    const outcome = await this.write(m, job.kind, job.id, timezone, today, timings, watch, { client, dryRun: rollsBack, skipScoring: req.skipScoring ?? false });
    state.newAgents = outcome.newAgents;
    counts.inserted = outcome.inserted;
    counts.updated = outcome.updated;
    counts.unchanged = staging.count - sqlErrors.length - outcome.inserted - outcome.updated;

    const rejected = errors.rejectedRows > 0 && onError === 'reject';
    // A stalled import has already been reported failed: it must not commit behind that report.
    if (watch.fired) throw watch.fired;
    watch.stop();
    // The outcome is recorded while the import still holds its turn, so the next import of the
    // kind (on any server) starts only after this one reads as finished.
    if (dryRun || rejected) {
      const failure = rejected ? `Nothing was written: ${errors.rejectedRows} row(s) are invalid. Fix them (see errors.csv) or import with onError=skip.` : null;
      state.recorded = await this.recordOutcome(this.db, job, { ...state, failure });
      await qr.rollbackTransaction();
      await qr.release();
      return failure;
    }
    // Recorded inside the transaction: the commit makes both the rows and "succeeded" true, or neither.
    const recorded = await this.recordOutcome(m, job, { ...state, committed: true, failure: null });
    await qr.commitTransaction();
    state.committed = true;
    state.recorded = recorded;
    await qr.release();
    return null;
  }

  private async write(m: EntityManager, kind: ImportKind, importId: string, timezone: string, today: string, timings: Record<string, number>, watch: StallWatch, o: { client: PoolClient; dryRun: boolean; skipScoring: boolean }) {
    switch (kind) {
      case 'transcripts': {
        // Scored in the same transaction, with the rule-set versions in force (held by the AutoQA lock until commit).
        const versions = await this.autoqa.lockVersions(m);
        let t0 = Date.now();
        const out = await writeTranscripts(m, importId, timezone);
        timings.upsertMs = Date.now() - t0;
        if (o.dryRun || out.calls === 0) return out;
        watch.touch('scoring the transcripts');
        t0 = Date.now();
        if (!o.skipScoring) {
          const ids = [versions.current.id, versions.target.id];
          await this.autoqa.deleteResults(m, 'SELECT call_id FROM stg_tx', ids);
          await this.autoqa.scoreFromCursor(o.client, STAGED_TURNS_SQL, [], [versions.current, versions.target]);
        }
        timings.scoreMs = Date.now() - t0;
        watch.touch('updating the KPI figures');
        t0 = Date.now();
        await this.dataChanges.callsChanged(m, { localDates: out.localDates, customerIds: [] });
        timings.rollupMs = Date.now() - t0;
        return out;
      }
      case 'calls': {
        let t0 = Date.now();
        // Calls with a transcript whose channel changes are scored again (first_response depends on the channel).
        const rechannelled = await stagedCallsChangingChannel(m);
        const out = await writeCalls(m, importId, timezone);
        timings.upsertMs = Date.now() - t0;
        if (rechannelled.length && !o.dryRun) {
          const versions = await this.autoqa.lockVersions(m);
          const ids = [versions.current.id, versions.target.id];
          await this.autoqa.deleteResults(m, 'SELECT unnest($1::bigint[])', ids, [rechannelled]);
          await this.autoqa.scoreFromCursor(
            o.client,
            STORED_TURNS_SQL,
            [rechannelled],
            [versions.current, versions.target],
          );
        }
        watch.touch('updating the KPI figures');
        t0 = Date.now();
        if (out.localDates.length) await this.dataChanges.callsChanged(m, { localDates: out.localDates, customerIds: out.customerIds });
        timings.rollupMs = Date.now() - t0;
        return out;
      }
      case 'surveys': {
        const out = await writeSurveys(m, importId, timezone);
        watch.touch('updating the KPI figures');
        if (out.localDates.length) await this.dataChanges.callsChanged(m, { localDates: out.localDates, customerIds: [] });
        return out;
      }
      case 'evaluations': {
        const out = await writeEvaluations(m, importId, timezone);
        watch.touch('updating the KPI figures');
        if (out.localDates.length) await this.dataChanges.evaluationsChanged(m, out.localDates);
        return out;
      }
      case 'agents': {
        const out = await writeAgents(m, today);
        for (const move of out.moves) await this.org.moveAgent(m, move.agentId, move.teamId, move.since);
        watch.touch('updating the KPI figures');
        await this.dataChanges.agentsMoved(m, out.moves);
        // New agents and changed names or active flags: answers name their groups.
        if (out.inserted + out.updated > 0) await this.dataChanges.orgChanged(m);
        return out;
      }
      case 'complaints': {
        const out = await writeComplaints(m, importId);
        watch.touch('updating the KPI figures');
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

  /** Stores the errors found and writes the job's outcome (through `db`: the import's transaction or the pool). */
  private async recordOutcome(db: Queryable, job: ImportJob, r: RunState & { failure: string | null }): Promise<ImportJob> {
    await r.errors.flush().catch((e) => this.logger.warn(`Could not store the errors of import ${job.id}: ${(e as Error).message}`));
    const c = r.counts;
    const { start: _start, ...timings } = r.timings;
    return finishImportJob(db, job.id, {
      rowsTotal: c.total,
      rowsInserted: c.inserted,
      rowsUpdated: c.updated,
      rowsUnchanged: c.unchanged,
      rowsRejected: r.errors.rejectedRows,
      rowsSkipped: c.skipped,
      status: r.failure ? 'failed' : 'succeeded',
      newAgents: r.newAgents,
      errors: r.errors.first,
      failureMessage: r.failure,
      written: r.committed,
      timings,
      dateRange: r.dateRange,
    });
  }

  private async finish(job: ImportJob, req: ImportRequest, r: RunState & { failure: string | null }): Promise<ImportJob> {
    // Recorded already unless the import failed (then nothing was written and the turn is free anyway).
    const final = r.recorded ?? (await this.recordOutcome(this.db, job, r));
    const status = final.status;
    const counts = { rowsTotal: final.rowsTotal, rowsInserted: final.rowsInserted, rowsUpdated: final.rowsUpdated, rowsUnchanged: final.rowsUnchanged, rowsRejected: final.rowsRejected, rowsSkipped: final.rowsSkipped };
    await this.audit
      .record({
        action: 'import',
        caller: req.caller,
        target: `import:${job.id}`,
        detail: { fileName: req.fileName, kind: job.kind, status, dryRun: final.dryRun, onError: final.onError, written: r.committed, ...counts, newAgents: r.newAgents.length },
      })
      .catch((e) => this.logger.warn(`Could not audit import ${job.id}: ${(e as Error).message}`));
    req.onProgress?.(final);
    return final;
  }
}
