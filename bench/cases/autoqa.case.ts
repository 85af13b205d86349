import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { serverNodeFlags } from '../../server/config/env';
import { BenchResult, log, resultOf, summarise } from '../harness';
import type { BenchSizes } from '../sizes';

type Side = 'engine' | 'engine-no-run-cache' | 'naive';

interface BatchResult {
  turns: number;
  seconds: number;
  cpuSeconds: number;
}

interface SideSummary {
  side: Side;
  turns: number;
  contacts: number;
  checksum: number;
  peakMb: number;
}

/** Turns per timed batch: each batch is one sample of the turns/s distribution (20 of them). */
const batchTurns = (turns: number) => Math.max(5_000, Math.round(turns / 20));

/** One side's process (bench/autoqa-child.ts): `ask('batch')` scores its next batch, `ask('end')` gives its summary. */
function startSide(side: Side, turns: number): { ask: (command: 'batch' | 'end') => Promise<string>; batches: BatchResult[] } {
  const proc = spawn(process.execPath, [...serverNodeFlags(), '--expose-gc', join(__dirname, '..', 'autoqa-child.js'), side, String(turns), String(batchTurns(turns))], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout });
  const waiting: ((line: string) => void)[] = [];
  let failed: Error | null = null;
  lines.on('line', (line) => waiting.shift()?.(line));
  proc.on('exit', (code) => {
    if (code !== 0) failed = new Error(`AutoQA bench side ${side} exited with ${code}`);
    for (const w of waiting.splice(0)) w('');
  });
  return {
    batches: [],
    ask(command) {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        waiting.push((line) => (line ? resolve(line) : reject(failed ?? new Error(`AutoQA bench side ${side} ended early`))));
        proc.stdin.write(`${command}\n`);
      });
    },
  };
}

/**
 * AutoQA scoring: `autoqaTurns` generated turns (bench/autoqa-corpus.ts: Simplified Mandarin,
 * Traditional Chinese/Cantonese, English) scored with the default rule set by the engine,
 * against the naive scorer (bench/autoqa-naive.ts: the reference normaliser on every turn and
 * every phrase tested with `includes`) on the same turns, each side in its own process for its
 * peak RSS. Both must give the same outcomes and scores for every contact (checksum).
 */
export async function autoqaCases(sizes: BenchSizes): Promise<BenchResult[]> {
  const turns = sizes.autoqaTurns;
  const order: Side[] = ['engine', 'naive', 'engine-no-run-cache'];
  const sides = new Map(order.map((side) => [side, startSide(side, turns)] as const));
  // The sides take turns batch by batch (the order rotating), so a busy moment of the machine
  // falls on all of them alike rather than on whichever ran then.
  for (let k = 0, left = turns; left > 0; k++) {
    for (let j = 0; j < order.length; j++) {
      const s = sides.get(order[(k + j) % order.length])!;
      const batch = JSON.parse(await s.ask('batch')) as BatchResult & { left: number };
      s.batches.push(batch);
      left = batch.left;
    }
  }
  const summaries = new Map<Side, SideSummary>();
  for (const [side, s] of sides) summaries.set(side, JSON.parse(await s.ask('end')) as SideSummary);
  const totals = (side: Side) => {
    const b = sides.get(side)!.batches;
    return { ...summaries.get(side)!, rates: b.map((x) => x.turns / x.seconds), seconds: b.reduce((t, x) => t + x.seconds, 0), cpuSeconds: b.reduce((t, x) => t + x.cpuSeconds, 0) };
  };
  const engine = totals('engine');
  const naive = totals('naive');
  const uncached = totals('engine-no-run-cache');
  if (engine.checksum !== naive.checksum || uncached.checksum !== naive.checksum) throw new Error(`AutoQA: the engine and the naive scorer disagree on the generated contacts (checksums ${engine.checksum} vs ${naive.checksum})`);
  const e = summarise(engine.rates);
  const b = summarise(naive.rates);
  const ratio = e.median / b.median;
  const uncachedRatio = summarise(uncached.rates).median / b.median;
  const cpuRatio = naive.cpuSeconds / engine.cpuSeconds;
  log(`autoqa: engine ${Math.round(e.median).toLocaleString('en-US')} turns/s (${engine.seconds.toFixed(1)} s, peak ${engine.peakMb.toFixed(0)} MB) vs naive ${Math.round(b.median).toLocaleString('en-US')} turns/s (${naive.seconds.toFixed(1)} s, peak ${naive.peakMb.toFixed(0)} MB); CPU-time ratio ${cpuRatio.toFixed(2)}; without the OpenCC run cache ${uncachedRatio.toFixed(2)}x`);
  return [
    resultOf(`autoqa: score ${turns.toLocaleString('en-US')} turns, default rules`, 'turns/s', e, {
      baseline: b.median,
      ratio,
      target: '>= 10x naive, < 400 MB',
      pass: ratio >= 10 && engine.peakMb < 400,
      note: `ratio = engine / naive median turns/s over batches of ${batchTurns(turns).toLocaleString('en-US')} turns, the sides taking turns batch by batch (${engine.contacts.toLocaleString('en-US')} contacts; the same turns, same outcomes and scores on both sides); wall ${engine.seconds.toFixed(1)} s vs ${naive.seconds.toFixed(1)} s, CPU-time ratio ${cpuRatio.toFixed(2)}; without the OpenCC run cache (the corpus repeats its sentences more than a floor does) ${uncachedRatio.toFixed(2)}x; peak RSS ${engine.peakMb.toFixed(0)} MB (naive ${naive.peakMb.toFixed(0)} MB)`,
      extra: { peakMb: Math.round(engine.peakMb), naivePeakMb: Math.round(naive.peakMb), cpuRatio: Math.round(cpuRatio * 100) / 100, uncachedRatio: Math.round(uncachedRatio * 100) / 100, seconds: Math.round(engine.seconds * 10) / 10, naiveSeconds: Math.round(naive.seconds * 10) / 10 },
    }),
  ];
}
