import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { seedDemo } from '../../seeds/demo';
import { serverNodeFlags } from '../../server/config/env';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { openAppContext } from '../app-context';
import type { BenchServer } from '../bench-database';
import { BenchResult, log, resultOf, summarise, Timing } from '../harness';
import { BenchSizes, KPI_RANGES } from '../sizes';

const run = promisify(execFile);
const PROCESS_RUNS = 3;

interface ChildRun {
  timing: Timing;
  peakMb: number;
}

const median = (values: number[]) => summarise(values).median;

async function child(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [...serverNodeFlags(), '--expose-gc', join(__dirname, '..', 'export-child.js'), ...args], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

/**
 * Export: the monthly workbook (every figure read through KpiService, styles, formats,
 * conditional formatting, frozen panes) for `exportAgents` agents, against a bare exceljs
 * streaming write of exactly the same cell values; each in its own child process for its
 * peak RSS. 1 warm-up + 5 timed each.
 */
export async function exportCases(server: BenchServer, sizes: BenchSizes, dataDir: string): Promise<BenchResult[]> {
  const agents = sizes.exportAgents;
  const name = `bench_export_${sizes.mode}`;
  const marker = `export:v1:${agents}:${KPI_RANGES.exportMonth}`;
  if (!(await server.hasMarker(name, marker))) {
    const url = await server.freshDatabase(name);
    const ctx = await openAppContext(url);
    try {
      const t0 = Date.now();
      // Seven weeks ending 2026-11-15 cover October 2026; a light call volume keeps set-up short (the workbook's size is set by agents).
      const s = await seedDemo(ctx.get(DataSource), { today: '2026-11-16', agents, teams: Math.max(5, Math.round(agents / 50)), weeks: 7, callsPerAgentPerDay: 3, evaluationsPerAgentPerWeek: 0.5, transcripts: false });
      await ctx.get(RollupService).rebuildAll();
      await ctx.get(DataSource).query('VACUUM ANALYZE');
      log(`seeded the export set: ${s.agents} agents, ${s.calls.toLocaleString('en-US')} calls, ${s.evaluations} evaluations in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    } finally {
      await ctx.close();
    }
    await server.mark(name, marker);
  }
  const url = server.url(name);
  const cellsPath = join(dataDir, `export-cells-${agents}.json`);
  const shape = await child(['cells', url, KPI_RANGES.exportMonth, cellsPath]);
  // Peak RSS depends on when the garbage collector happens to run: each side runs in PROCESS_RUNS
  // fresh processes (alternating), and the median process peak is reported with all of them.
  const exps: ChildRun[] = [];
  const plains: ChildRun[] = [];
  for (let i = 0; i < PROCESS_RUNS; i++) {
    exps.push((await child(['export', url, KPI_RANGES.exportMonth, join(dataDir, 'export-monthly.xlsx'), '5'])) as unknown as ChildRun);
    plains.push((await child(['plain', cellsPath, join(dataDir, 'export-plain.xlsx'), '5'])) as unknown as ChildRun);
  }
  const exp = { timing: summarise(exps.flatMap((r) => r.timing.samples)), peakMb: median(exps.map((r) => r.peakMb)) };
  const plain = { timing: summarise(plains.flatMap((r) => r.timing.samples)), peakMb: median(plains.map((r) => r.peakMb)) };
  const peaks = (runs: ChildRun[]) => runs.map((r) => r.peakMb.toFixed(0)).join(', ');
  const ratio = exp.timing.median / plain.timing.median;
  log(`export: ${exp.timing.median.toFixed(0)} ms (peaks ${peaks(exps)} MB) vs plain ${plain.timing.median.toFixed(0)} ms (peaks ${peaks(plains)} MB); ${JSON.stringify(shape)}`);
  return [
    resultOf(`export: monthly workbook, ${agents.toLocaleString('en-US')} agents`, 'ms', exp.timing, {
      baseline: plain.timing.median, ratio, target: '< 2x plain, < 300 MB', pass: ratio < 2 && exp.peakMb < 300,
      note: `ratio = export / plain write; peak RSS median ${exp.peakMb.toFixed(0)} MB of ${PROCESS_RUNS} processes (${peaks(exps)}; each: clear_refs after start-up, 1 warm-up + 5 exports) vs plain ${plain.peakMb.toFixed(0)} MB (${peaks(plains)}); export includes every KPI query (data version bumped before each run); ${String(shape.cells)} cells`,
      extra: { peakMb: Math.round(exp.peakMb), plainPeakMb: Math.round(plain.peakMb), maxPeakMb: Math.round(Math.max(...exps.map((r) => r.peakMb))) },
    }),
  ];
}
