/**
 * One side of the AutoQA benchmark in its own process, so its peak RSS is its own. Scores
 * `turns` generated turns (default rule set) in batches, one batch when the parent asks; only
 * the scoring is timed, the generation of each batch is not. At the end: a checksum of every
 * outcome and score (the two sides must print the same) and the peak RSS.
 *   node --expose-gc dist/bench/autoqa-child.js <engine|engine-no-run-cache|naive> <turns> <batchTurns>
 */
import { createInterface } from 'node:readline';
import type { Contact, ContactResult } from '../server/modules/autoqa/domain/autoqa.types';
import { compileRuleSet } from '../server/modules/autoqa/domain/compile-rule-set';
import { DEFAULT_RULE_SET } from '../server/modules/autoqa/domain/default-rule-set';
import { foldChinese } from '../server/modules/autoqa/domain/opencc-fold';
import { scoreContact } from '../server/modules/autoqa/domain/score-contact';
import { generatedBatch } from './autoqa-corpus';
import { naiveScorer } from './autoqa-naive';
import { peakRssMb } from './harness';

type Outcomes = { outcomes: readonly string[]; score: number | null; autoFail: boolean };
/** A side: its scorer, timed, and how its result reads as outcomes, for the checksum after the timing. */
type Scorer = { score: (c: Contact) => unknown; outcomes: (result: unknown) => Outcomes };

function scorer(side: string): Scorer {
  if (side === 'naive') return { score: naiveScorer(DEFAULT_RULE_SET), outcomes: (r) => r as Outcomes };
  // The corpus repeats its sentences far more than a real floor: this side shows the engine without the run cache.
  if (side === 'engine-no-run-cache') foldChinese.setRunCacheSize(0);
  else if (side !== 'engine') throw new Error(`unknown side ${side}`);
  const compiled = compileRuleSet(DEFAULT_RULE_SET);
  return {
    score: (c) => scoreContact(compiled, c),
    outcomes: (result) => {
      const r = result as ContactResult;
      return { outcomes: r.findings.map((f) => f.outcome), score: r.score, autoFail: r.autoFail };
    },
  };
}

/** A full collection when the process runs with --expose-gc (the benchmark starts it so). */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** FNV-1a over the text of every result, in contact order. */
function fold(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

/**
 * Scores one batch per line read on stdin ("batch" → one JSON line: turns, seconds, CPU seconds
 * of that batch) and prints the summary on "end". The parent asks the sides in turn, so each
 * side's batches run beside the other's on the same machine, not minutes apart.
 */
function main(): void {
  const [side, turnsArg, batchArg] = process.argv.slice(2);
  const total = Number(turnsArg);
  const batchTurns = Number(batchArg);
  const { score, outcomes } = scorer(side);
  // Warm-up on contacts outside the measured range (tables, caches, the JIT).
  for (const c of generatedBatch(10_000_000, 20_000).contacts) outcomes(score(c));
  let done = 0;
  let next = 0;
  let checksum = 2166136261;
  const results: unknown[] = [];
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (command) => {
    if (command === 'end') {
      process.stdout.write(`${JSON.stringify({ side, turns: done, contacts: next, checksum, peakMb: peakRssMb() })}\n`);
      lines.close();
      return;
    }
    if (done >= total) throw new Error('no turns left to score');
    const batch = generatedBatch(next, Math.min(batchTurns, total - done));
    next = batch.next;
    results.length = 0;
    // Each batch starts on a collected heap: the generation's garbage is not the scorer's to collect.
    collectGarbage();
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const contacts = batch.contacts;
    for (let i = 0; i < contacts.length; i++) results.push(score(contacts[i]));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(c0);
    for (const result of results) {
      const r = outcomes(result);
      checksum = fold(checksum, `${r.outcomes.join(',')}|${r.score === null ? '-' : r.score.toFixed(6)}|${r.autoFail ? 1 : 0};`);
    }
    done += batch.turns;
    process.stdout.write(`${JSON.stringify({ turns: batch.turns, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, left: total - done })}\n`);
  });
}

main();
