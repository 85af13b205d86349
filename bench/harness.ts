import { readFileSync } from 'node:fs';

/** One line of the results table and of bench/results.json. */
export interface BenchResult {
  case: string;
  unit: string;
  median: number;
  p95: number;
  min: number;
  max: number;
  baseline: number | null;
  /** how the case compares with its baseline, oriented so that the target reads naturally */
  ratio: number | null;
  target: string;
  pass: boolean | null;
  note?: string;
  /** case-specific figures (HTTP: rps, p99, errors; export: peak RSS) */
  extra?: Record<string, number>;
}

export interface Timing {
  samples: number[];
  median: number;
  p95: number;
  min: number;
  max: number;
}

export function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { samples, median: quantileMedian(sorted), p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

function quantileMedian(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `warmup` times untimed, then `reps` times timed (milliseconds). */
export async function time(fn: () => Promise<unknown>, options: { warmup?: number; reps?: number } = {}): Promise<Timing> {
  const { warmup = 1, reps = 5 } = options;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return summarise(samples);
}

/** Peak resident memory of a process in MB (VmHWM), Linux only. */
export function peakRssMb(pid: number = process.pid): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Current resident memory in MB. */
export function rssMb(pid: number = process.pid): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak in MB. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      /* process gone */
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        peak = Math.max(peak, rssMb(pid));
      } catch {
        /* process gone */
      }
      return peak;
    },
  };
}

const fmt = (n: number | null, digits = 1) => (n === null || !Number.isFinite(n) ? '—' : n >= 1000 ? Math.round(n).toLocaleString('en-US') : n.toFixed(digits));

export function renderTable(results: BenchResult[]): string {
  const header = ['case', 'unit', 'median', 'p95', 'min-max', 'baseline', 'ratio', 'target', 'pass'];
  const rows = results.map((r) => [
    r.case,
    r.unit,
    fmt(r.median),
    fmt(r.p95),
    `${fmt(r.min)}-${fmt(r.max)}`,
    fmt(r.baseline),
    r.ratio === null ? '—' : `${fmt(r.ratio, 2)}x`,
    r.target,
    r.pass === null ? 'info' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** A result line from a timing and an optional baseline timing; `ratio` is baseline/median unless given. */
export function resultOf(
  name: string,
  unit: string,
  t: Timing,
  options: { baseline?: number | null; ratio?: number | null; target: string; pass: boolean | null; note?: string; extra?: Record<string, number> },
): BenchResult {
  const baseline = options.baseline ?? null;
  const ratio = options.ratio !== undefined ? options.ratio : baseline === null ? null : baseline / t.median;
  return { case: name, unit, median: t.median, p95: t.p95, min: t.min, max: t.max, baseline, ratio, target: options.target, pass: options.pass, note: options.note, extra: options.extra };
}

export const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
