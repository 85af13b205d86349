import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { INestApplicationContext } from '@nestjs/common';
import type { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { ImportJob, ImportService } from '../../server/modules/ingest/import.service';
import { openAppContext } from '../app-context';
import { BenchServer, bareCopy } from '../bench-database';
import { writeCallCsv } from '../call-csv';
import { BenchResult, log, resultOf, summarise, Timing } from '../harness';
import { importOverHttp, startServer } from '../server-process';
import type { BenchSizes } from '../sizes';

const CSV_COLUMNS = ['external_id', 'started_at', 'channel', 'direction', 'queue', 'agent_code', 'customer_id', 'answered', 'queue_wait_s', 'talk_s', 'hold_s', 'acw_s', 'resolved', 'escalated', 'transferred', 'topic', 'complaint_level', 'csat', 'nps'];
// The columns an import writes to `calls` (id, created_at and updated_at are the table's defaults).
const STORED_COLUMNS = ['external_id', 'started_at', 'channel', 'direction', 'queue', 'agent_id', 'customer_id', 'answered', 'queue_wait_s', 'talk_s', 'hold_s', 'acw_s', 'resolved', 'escalated', 'transferred', 'topic', 'complaint_level', 'row_hash', 'import_id'];
// Per process: two bench runs sharing the server must not drop each other's databases.
const TEMPLATE = `bench_ingest_template_${process.pid}`;
const DB = `bench_ingest_${process.pid}`;

/** A generated file, kept in bench/data between runs (same options, same bytes). */
async function dataFile(dir: string, name: string, make: (path: string) => Promise<number>): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  if (!existsSync(path) || statSync(path).size === 0) {
    const t0 = Date.now();
    const rows = await make(path);
    log(`generated ${name}: ${rows.toLocaleString('en-US')} rows, ${(statSync(path).size / 1024 ** 2).toFixed(0)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return path;
}

async function importOnce(ctx: INestApplicationContext, filePath: string): Promise<ImportJob> {
  const job = await ctx.get(ImportService).importFile({ kind: 'calls', filePath, fileName: 'bench-calls.csv', caller: null });
  if (job.status !== 'succeeded') throw new Error(`The benchmark import failed: ${job.failureMessage ?? JSON.stringify(job.errors.slice(0, 3))}`);
  return job;
}

/**
 * Ingest: the real import service (parse, validate, COPY to staging, set-based upsert, rollup
 * refresh, all in one transaction) against a bare COPY of the same file into an unindexed
 * table of text columns, in the same process; then the re-import of the same file.
 */
export async function ingestCases(server: BenchServer, sizes: BenchSizes, dataDir: string): Promise<BenchResult[]> {
  const rows = sizes.ingestRows;
  const csv = await dataFile(dataDir, `calls-${rows}.csv`, (p) => writeCallCsv(p, { rows, agents: 1000 }));
  await server.freshDatabase(TEMPLATE);

  // Baseline: bare COPY (1 warm-up + 5).
  const baseUrl = await server.cloneDatabase(DB, TEMPLATE);
  const copy = await timeSeconds(() => bareCopy(baseUrl, csv, CSV_COLUMNS), 1, 5);
  log(`bare COPY of ${rows} rows: median ${copy.median.toFixed(2)} s`);

  // Full import into an empty database each time (1 warm-up + 5); the clone is made outside the timer.
  const fullSamples: number[] = [];
  let lastJob: ImportJob | null = null;
  // 1 warm-up + 5; when one import takes over 20 s (long case), 1 warm-up + 2, stated in the note.
  let runs = 6;
  for (let i = 0; i < runs; i++) {
    const url = await server.cloneDatabase(DB, TEMPLATE);
    const ctx = await openAppContext(url);
    try {
      const t0 = process.hrtime.bigint();
      lastJob = await importOnce(ctx, csv);
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (lastJob.rowsInserted !== rows) throw new Error(`Expected ${rows} inserted rows, got ${lastJob.rowsInserted}`);
      if (i > 0) fullSamples.push(s);
      else if (s > 20) runs = 3;
      log(`full import ${i === 0 ? '(warm-up)' : `#${i}`}: ${s.toFixed(2)} s`);
    } finally {
      await ctx.close();
    }
  }
  const full = summarise(fullSamples);
  const phases = await server.admin(async (c) => {
    const r = await c.query(`SELECT options->'timings' AS t FROM imports WHERE id = $1`, [lastJob!.id]);
    const t = (r.rows[0]?.t ?? {}) as Record<string, number>;
    return Object.entries(t).map(([k, v]) => `${k.replace(/Ms$/, '')} ${(v / 1000).toFixed(1)} s`).join(', ');
  }, DB);

  // Re-import of the same file into the last database: every row unchanged (1 warm-up + 5).
  const ctx = await openAppContext(server.url(DB));
  let again: Timing;
  let unchangedJob: ImportJob | null = null;
  try {
    again = await timeSeconds(async () => {
      unchangedJob = await importOnce(ctx, csv);
      if (unchangedJob.rowsUnchanged !== rows) throw new Error(`Expected ${rows} unchanged rows, got ${unchangedJob.rowsUnchanged}`);
    }, 1, runs - 1);
  } finally {
    await ctx.close();
  }
  const floors = await typedCopyFloors(server, join(dataDir, `calls-${rows}-typed.csv`), runs - 1);
  await server.dropDatabase(DB);
  await server.dropDatabase(TEMPLATE);
  const repsNote = runs < 6 ? `; long case: 1 warm-up + ${runs - 1} timed` : '';

  const rps = (seconds: number) => Math.round(rows / seconds);
  const floor = floors[0].t;
  const ofFloor = full.median / floor.median;
  const againRatio = copy.median / again.median;
  return [
    resultOf(`ingest: bare COPY ${rows.toLocaleString('en-US')} rows (baseline)`, 's', copy, {
      target: '—', pass: null, note: 'unindexed table of text columns', extra: { rowsPerSec: rps(copy.median) },
    }),
    resultOf(`ingest: import ${rows.toLocaleString('en-US')} call rows (service)`, 's', full, {
      baseline: floor.median, ratio: ofFloor, target: '<= 1.5x its floor', pass: ofFloor <= 1.5,
      note: `baseline = the floor line (the same rows, typed, COPYed into calls as it stands); ratio = import / floor; ${rps(full.median).toLocaleString('en-US')} rows/s vs bare COPY ${rps(copy.median).toLocaleString('en-US')} rows/s (${(copy.median / full.median).toFixed(2)}x)${phases ? `; last run: ${phases}` : ''}${repsNote}`,
      extra: { rowsPerSec: rps(full.median) },
    }),
    resultOf(`ingest: re-import unchanged ${rows.toLocaleString('en-US')} rows`, 's', again, {
      baseline: copy.median, ratio: againRatio, target: '>= 0.25x COPY rows/s', pass: againRatio >= 0.25,
      note: `${rps(again.median).toLocaleString('en-US')} rows/s, all rows unchanged (row hash); ratio = COPY time / re-import time${repsNote}`, extra: { rowsPerSec: rps(again.median) },
    }),
    ...floors.map(({ label, t, how, extraOverKeys }) =>
      resultOf(`ingest: floor: COPY of the same rows, typed, ${label}`, 's', t, {
        baseline: full.median, ratio: full.median / t.median, target: 'info', pass: null,
        note: `${(copy.median / t.median).toFixed(2)}x of bare COPY; ${how ?? "the last import's rows (stored columns) dumped to CSV and COPYed back into calls, emptied by TRUNCATE + CHECKPOINT before each run"}; ratio = import / this line${repsNote}`,
        extra: { rowsPerSec: rps(t.median), ...(extraOverKeys !== undefined ? { secondsOverKeysOnly: Math.round(extraOverKeys * 100) / 100 } : {}) },
      }),
    ),
  ];
}

/** A secondary structure of `calls` (index, foreign key, trigger) and the DDL that adds and drops it. */
interface CallStructure {
  name: string;
  add: string;
  drop: string;
  /** false: not in the schema, measured to show what it would cost */
  kept: boolean;
}

/**
 * Structures `calls` does not have, each measured alone on top of the keys beside those it has:
 * the two foreign keys migration LeanerCallsTable (1796750000000) replaced, and a BRIN index on
 * started_at, considered instead of its B-tree and not adopted (docs/ingest.md).
 */
const OTHER_CALL_STRUCTURES: CallStructure[] = [
  { name: 'FK agent_id -> agents', add: `ALTER TABLE calls ADD CONSTRAINT bench_agent_fk FOREIGN KEY (agent_id) REFERENCES agents (id)`, drop: `ALTER TABLE calls DROP CONSTRAINT bench_agent_fk`, kept: false },
  { name: 'FK import_id -> imports', add: `ALTER TABLE calls ADD CONSTRAINT bench_import_fk FOREIGN KEY (import_id) REFERENCES imports (id) ON DELETE SET NULL`, drop: `ALTER TABLE calls DROP CONSTRAINT bench_import_fk`, kept: false },
  { name: 'BRIN (started_at)', add: `CREATE INDEX bench_started_at_brin ON calls USING brin (started_at) WITH (pages_per_range = 32)`, drop: `DROP INDEX bench_started_at_brin`, kept: false },
];

/** The secondary structures `calls` has now (read from the catalog): every index but the keys, every foreign key, every user trigger. */
async function currentCallStructures(c: Client): Promise<CallStructure[]> {
  const { rows } = await c.query(`
    SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS add, format('DROP INDEX %I', i.relname) AS drop
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = 'calls'::regclass AND NOT x.indisprimary AND NOT x.indisunique
    UNION ALL
    SELECT conname, format('ALTER TABLE calls ADD CONSTRAINT %I %s', conname, pg_get_constraintdef(oid)), format('ALTER TABLE calls DROP CONSTRAINT %I', conname)
      FROM pg_constraint WHERE conrelid = 'calls'::regclass AND contype = 'f'
    UNION ALL
    SELECT tgname, pg_get_triggerdef(oid), format('DROP TRIGGER %I ON calls', tgname)
      FROM pg_trigger WHERE tgrelid = 'calls'::regclass AND NOT tgisinternal
     ORDER BY 1`);
  return rows.map((r: { name: string; add: string; drop: string }) => ({ ...r, kept: true }));
}

/**
 * What writing the import's rows costs with nothing else: the rows of the last import, already
 * typed, dumped and COPYed straight back into `calls` of the same database (its agents and
 * imports rows are there for the keys): into the table as it stands (the import's floor), with
 * the keys only (primary key, unique external_id), and then with each secondary structure alone
 * on top of the keys — those of the schema and those it does not have — to show what each costs.
 * Spoils DB: run it last.
 */
async function typedCopyFloors(server: BenchServer, typedCsv: string, reps: number): Promise<{ label: string; how: string | null; t: Timing; extraOverKeys?: number; kept?: boolean }[]> {
  const columns = STORED_COLUMNS.join(', ');
  await server.admin((c) => pipeline(c.query(copyTo(`COPY (SELECT ${columns} FROM calls ORDER BY id) TO STDOUT (FORMAT csv)`)), createWriteStream(typedCsv)), DB);
  const current = await server.admin(currentCallStructures, DB);
  const timeCopy = async (label: string, warmup: number): Promise<Timing> => {
    const samples: number[] = [];
    for (let i = 0; i < warmup + reps; i++) {
      const seconds = await server.admin(async (c) => {
        await c.query(`TRUNCATE calls, survey_responses, call_repeat_flags CASCADE`);
        await c.query(`CHECKPOINT`);
        const t0 = process.hrtime.bigint();
        await pipeline(createReadStream(typedCsv), c.query(copyFrom(`COPY calls (${columns}) FROM STDIN (FORMAT csv)`)));
        return Number(process.hrtime.bigint() - t0) / 1e9;
      }, DB);
      if (i >= warmup) samples.push(seconds);
      log(`typed COPY ${label} ${i < warmup ? '(warm-up)' : `#${i - warmup + 1}`}: ${seconds.toFixed(2)} s`);
    }
    return summarise(samples);
  };
  const ddl = (sql: string) => server.admin((c) => c.query(sql), DB);
  try {
    const asIs = await timeCopy('into calls as it stands', 1);
    // The floor before migration LeanerCallsTable: the same with the two foreign keys instead of the statement checks.
    const checks = current.filter((s) => s.add.startsWith('CREATE TRIGGER'));
    const foreignKeys = OTHER_CALL_STRUCTURES.filter((s) => s.name.startsWith('FK '));
    for (const s of checks) await ddl(s.drop);
    for (const s of foreignKeys) await ddl(s.add);
    const asBefore = await timeCopy('as before LeanerCallsTable', 0);
    for (const s of foreignKeys) await ddl(s.drop);
    for (const s of checks) await ddl(s.add);
    for (const s of current) await ddl(s.drop);
    const keysOnly = await timeCopy('keys only', 1);
    const out: { label: string; how: string | null; t: Timing; extraOverKeys?: number; kept?: boolean }[] = [
      { label: `into calls as it stands (${current.map((s) => s.name).join(', ')})`, how: null, t: asIs },
      {
        label: 'into calls as it stood before migration LeanerCallsTable (foreign keys instead of the statement checks)',
        how: 'the same COPY with the two foreign keys on agent_id and import_id in place of the statement-level checks',
        t: asBefore,
      },
      { label: 'into calls, keys only (primary key, unique external_id)', how: 'the same COPY with every secondary index, foreign key and trigger of calls dropped', t: keysOnly },
    ];
    // A trigger on UPDATE only does not fire on COPY: no line of its own.
    for (const s of [...current.filter((c) => !/ AFTER UPDATE ON /.test(c.add)), ...OTHER_CALL_STRUCTURES]) {
      await ddl(s.add);
      const t = await timeCopy(`keys + ${s.name}`, 0);
      await ddl(s.drop);
      out.push({
        label: `into calls, keys + ${s.name}${s.kept ? '' : ' (not in the schema)'}`, t, extraOverKeys: t.median - keysOnly.median, kept: s.kept,
        how: `the keys-only COPY with this one structure added (${s.add.replace(/\s+/g, ' ')}); costs ${(t.median - keysOnly.median).toFixed(2)} s over keys only`,
      });
    }
    for (const s of current) await ddl(s.add);
    return out;
  } finally {
    rmSync(typedCsv, { force: true });
  }
}

async function timeSeconds(fn: () => Promise<unknown>, warmup: number, reps: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return summarise(samples);
}

/**
 * Peak RSS of the spawned server while it receives and imports a CSV of `bigImportBytes`
 * through POST /api/imports (multer spools the upload to disk, the import streams it). One run.
 */
export async function bigImportCase(server: BenchServer, sizes: BenchSizes, dataDir: string): Promise<BenchResult> {
  const mb = Math.round(sizes.bigImportBytes / 1024 ** 2);
  const csv = await dataFile(dataDir, `calls-${mb}mb.csv`, (p) => writeCallCsv(p, { bytes: sizes.bigImportBytes, agents: 1000, seed: 11 }));
  const url = await server.freshDatabase('bench_big_import');
  const app = await startServer(url);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const { job, seconds, idleMb: idle, peakMb: peak } = await importOverHttp(app, csv, 'big-calls.csv', 'calls');
    if (job.status !== 'succeeded') throw new Error(`The 1 GB import failed: ${job.failureMessage}`);
    log(`big import: ${job.rowsInserted} rows in ${seconds.toFixed(0)} s, server RSS idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB`);
    const t = summarise([peak]);
    return resultOf(`ingest: server peak RSS, ${mb} MB CSV upload + import`, 'MB', t, {
      baseline: idle, ratio: peak / idle, target: '< 400 MB', pass: peak < 400,
      note: `one run (long case): ${job.rowsInserted.toLocaleString('en-US')} rows in ${seconds.toFixed(0)} s over HTTP; baseline = idle server RSS; ratio = peak / idle; peak = max(VmHWM, 100 ms samples)`,
      extra: { rows: job.rowsInserted, seconds: Math.round(seconds), idleMb: Math.round(idle) },
    });
  } finally {
    await app.stop();
    await server.dropDatabase('bench_big_import');
  }
}
