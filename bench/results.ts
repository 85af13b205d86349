import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchResult } from './harness';

/** The fields issue 9 requires on every entry of bench/results.json. */
export const REQUIRED_FIELDS = ['case', 'unit', 'median', 'p95', 'baseline', 'ratio', 'target', 'pass'] as const;

export interface ResultsFile {
  mode: 'full' | 'quick';
  startedAt: string;
  machine: MachineInfo;
  results: BenchResult[];
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string | null;
}

/**
 * bench/results.json is the bare array the issue asks for; the run's context (mode, machine)
 * goes next to it in bench/results.meta.json so the array stays exactly that shape.
 */
export function writeResults(path: string, file: ResultsFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(file.results.map(toJson), null, 2) + '\n');
  writeFileSync(path.replace(/\.json$/, '.meta.json'), JSON.stringify({ mode: file.mode, startedAt: file.startedAt, machine: file.machine }, null, 2) + '\n');
}

function toJson(r: BenchResult): Record<string, unknown> {
  const round = (n: number | null) => (n === null || !Number.isFinite(n) ? null : Math.round(n * 1000) / 1000);
  return {
    case: r.case,
    unit: r.unit,
    median: round(r.median),
    p95: round(r.p95),
    min: round(r.min),
    max: round(r.max),
    baseline: round(r.baseline),
    ratio: round(r.ratio),
    target: r.target,
    pass: r.pass,
    ...(r.note ? { note: r.note } : {}),
    ...(r.extra ? { extra: r.extra } : {}),
  };
}

/** Problems with a parsed results.json (empty when the shape is right). Checks shape, never timings. */
export function validateResults(data: unknown): string[] {
  if (!Array.isArray(data)) return ['results.json must be an array'];
  if (data.length === 0) return ['results.json holds no results'];
  const problems: string[] = [];
  data.forEach((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`[${i}] is not an object`);
      return;
    }
    const e = entry as Record<string, unknown>;
    for (const f of REQUIRED_FIELDS) if (!(f in e)) problems.push(`[${i}] lacks "${f}"`);
    if (typeof e.case !== 'string' || e.case === '') problems.push(`[${i}].case must be a non-empty string`);
    if (typeof e.unit !== 'string' || e.unit === '') problems.push(`[${i}].unit must be a non-empty string`);
    if (typeof e.target !== 'string') problems.push(`[${i}].target must be a string`);
    for (const f of ['median', 'p95'] as const) if (typeof e[f] !== 'number' || !Number.isFinite(e[f])) problems.push(`[${i}].${f} must be a finite number`);
    for (const f of ['baseline', 'ratio'] as const) if (e[f] !== null && (typeof e[f] !== 'number' || !Number.isFinite(e[f]))) problems.push(`[${i}].${f} must be a number or null`);
    if (e.pass !== null && typeof e.pass !== 'boolean') problems.push(`[${i}].pass must be true, false or null (no target)`);
    if (e.baseline === null && e.ratio !== null) problems.push(`[${i}] has a ratio without a baseline`);
  });
  const names = data.map((e) => (e as { case?: unknown }).case);
  const dup = names.filter((n, i) => names.indexOf(n) !== i);
  if (dup.length) problems.push(`duplicate cases: ${[...new Set(dup)].join(', ')}`);
  return problems;
}
