import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serverNodeFlags } from '../../server/config/env';
import { BenchResult, log, resultOf, summarise } from '../harness';
import type { BenchSizes } from '../sizes';

const run = promisify(execFile);

type Side = 'engine' | 'engine-no-run-cache' | 'naive';

interface ChildResult {
  side: Side;
  turns: number;
  contacts: number;
  seconds: number;
  cpuSeconds: number;
  rates: number[];
  checksum: number;
  peakMb: number;
}

/** Turns per timed batch: each batch is one sample of the turns/s distribution (20 of them). */
const batchTurns = (turns: number) => Math.max(5_000, Math.round(turns / 20));

async function child(side: Side, turns: number): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, [...serverNodeFlags(), '--expose-gc', join(__dirname, '..', 'autoqa-child.js'), side, String(turns), String(batchTurns(turns))], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
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
  const engine = await child('engine', turns);
  const naive = await child('naive', turns);
  const uncached = await child('engine-no-run-cache', turns);
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
      note: `ratio = engine / naive median turns/s over batches of ${batchTurns(turns).toLocaleString('en-US')} turns (${engine.contacts.toLocaleString('en-US')} contacts; the same turns, same outcomes and scores on both sides); wall ${engine.seconds.toFixed(1)} s vs ${naive.seconds.toFixed(1)} s, CPU-time ratio ${cpuRatio.toFixed(2)}; without the OpenCC run cache (the corpus repeats its sentences more than a floor does) ${uncachedRatio.toFixed(2)}x; peak RSS ${engine.peakMb.toFixed(0)} MB (naive ${naive.peakMb.toFixed(0)} MB)`,
      extra: { peakMb: Math.round(engine.peakMb), naivePeakMb: Math.round(naive.peakMb), cpuRatio: Math.round(cpuRatio * 100) / 100, uncachedRatio: Math.round(uncachedRatio * 100) / 100, seconds: Math.round(engine.seconds * 10) / 10, naiveSeconds: Math.round(naive.seconds * 10) / 10 },
    }),
  ];
}
