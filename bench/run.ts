/**
 * `npm run bench [-- --quick] [-- --only ingest,kpi,http,export,rollup,transcripts,bigimport,autoqa]`: builds its
 * data with the seed generator into its own databases (embedded PostgreSQL in
 * .data/bench-postgres, or BENCH_DATABASE_URL), runs every case against its baseline in the
 * same process, prints the table and writes bench/results.json.
 */
import 'reflect-metadata';
import { cpus, totalmem } from 'node:os';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../server/config/env';
import { openBenchServer } from './bench-database';
import { exportCases } from './cases/export.case';
import { httpCases } from './cases/http.case';
import { autoqaCases } from './cases/autoqa.case';
import { bigImportCase, ingestCases } from './cases/ingest.case';
import { kpiCases, kpiDataSet, rollupCases } from './cases/kpi.case';
import { transcriptCases } from './cases/transcripts.case';
import { BenchResult, log, renderTable } from './harness';
import { MachineInfo, writeResults } from './results';
import { benchSizes } from './sizes';

// Longest last: a run cut short still has the dashboard figures.
const ALL = ['kpi', 'rollup', 'http', 'export', 'transcripts', 'ingest', 'bigimport', 'autoqa'] as const;
/** Groups that need no database (run without starting PostgreSQL when they are all that is asked). */
const NO_DATABASE: readonly string[] = ['autoqa'];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, out: { type: 'string' } } });
  const sizes = benchSizes(values.quick ?? false);
  const only = new Set(values.only ? values.only.split(',').map((s) => s.trim()) : ALL);
  for (const o of only) if (!(ALL as readonly string[]).includes(o)) throw new Error(`--only: unknown case group "${o}" (known: ${ALL.join(', ')})`);
  const root = projectRoot();
  const dataDir = join(root, 'bench', 'data');
  mkdirSync(dataDir, { recursive: true });
  const out = values.out ?? join(root, 'bench', 'results.json');
  const startedAt = new Date().toISOString();
  const t0 = Date.now();
  log(`mode ${sizes.mode}; cases ${[...only].join(', ')}`);
  const needsDatabase = [...only].some((g) => !NO_DATABASE.includes(g));
  const server = needsDatabase ? await openBenchServer() : null;
  const results: BenchResult[] = [];
  const pg = server ? await server.admin(async (c) => String((await c.query('SHOW server_version')).rows[0].server_version)) : null;
  const machine: MachineInfo = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version, postgres: pg };
  // Written after every group, so a run cut short keeps what it measured.
  const db = () => {
    if (!server) throw new Error('this case group needs the bench database');
    return server;
  };
  const save = () => writeResults(out, { mode: sizes.mode, startedAt, machine, results });
  const add = (list: BenchResult[]) => {
    results.push(...list);
    save();
  };
  try {
    if (only.has('kpi') || only.has('rollup') || only.has('http')) {
      const set = await kpiDataSet(db(), sizes);
      if (only.has('kpi')) add(await kpiCases(set, sizes));
      if (only.has('http')) add(await httpCases(db(), set, sizes, dataDir));
      if (only.has('rollup')) add(await rollupCases(set, sizes));
    }
    if (only.has('export')) add(await exportCases(db(), sizes, dataDir));
    if (only.has('transcripts')) add(await transcriptCases(db(), sizes, dataDir));
    if (only.has('ingest')) add(await ingestCases(db(), sizes, dataDir));
    if (only.has('bigimport')) add([await bigImportCase(db(), sizes, dataDir)]);
    if (only.has('autoqa')) add(await autoqaCases(sizes));
  } finally {
    await server?.stop();
  }
  save();
  console.log(`\nCallscope benchmark (${sizes.mode}) — ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, PostgreSQL ${pg ?? '(not started)'}\n`);
  console.log(renderTable(results));
  console.log('\nNotes:');
  for (const r of results) if (r.note) console.log(`- ${r.case}: ${r.note}`);
  const failed = results.filter((r) => r.pass === false);
  console.log(`\n${results.length} cases, ${failed.length} missed their target; ${((Date.now() - t0) / 60_000).toFixed(1)} min; written to ${out}`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
