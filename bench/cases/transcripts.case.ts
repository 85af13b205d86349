import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import type { INestApplicationContext } from '@nestjs/common';
import { ImportJob, ImportService } from '../../server/modules/ingest/import.service';
import { openAppContext } from '../app-context';
import type { BenchServer } from '../bench-database';
import { BenchResult, log, peakRssMb, resultOf, summarise } from '../harness';
import { importOverHttp, startServer } from '../server-process';
import type { BenchSizes } from '../sizes';

const TEMPLATE = `bench_transcripts_template_${process.pid}`;
const DB = `bench_transcripts_${process.pid}`;
const TURNS_PER_CALL = 10;

/** A mixed-language pool of turns (Simplified Mandarin, Hong Kong Cantonese in Traditional characters, English), some breaking the default rules. */
const AGENT = [
  ['您好，这里是客服中心，请问有什么可以帮您？', '已经帮您查到了，系统显示正在处理中。', '我们会在24小时内给您回复。', '请问还有什么可以帮您？', '这个我不知道，不关我的事。'],
  ['你好，呢度係客戶服務中心，請問有咩可以幫到你？', '我已經幫你提交咗申請。', '我哋會喺24小時內覆你。', '請問仲有冇其他可以幫到你？', '冇辦法，你一定要自己去分行。'],
  ['Good morning, this is customer service, how may I help you?', 'I have submitted the request for you.', 'We will get back to you within 24 hours.', 'Is there anything else I can help you with?', "That's not my problem."],
];
const CUSTOMER = [
  ['我要投诉，你们的服务太差了！', '订单号是2026110388，我姓李。', '好的，谢谢。'],
  ['我要投訴！你哋啲服務好差！', '戶口號碼係HK20261103。', '好，唔該。'],
  ['I want to complain, this is unacceptable!', 'Account HK20261103.', 'OK, thanks.'],
];

/** The turns CSV: `calls` calls × 10 turns, deterministic (the file is kept in bench/data between runs). */
async function writeTurnsCsv(path: string, calls: number): Promise<void> {
  const out = createWriteStream(path);
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  let buf = 'call_external_id,seq,offset_s,speaker,text\n';
  for (let c = 0; c < calls; c++) {
    const lang = c % 3;
    for (let seq = 0; seq < TURNS_PER_CALL; seq++) {
      const agent = seq % 2 === 0;
      const pool = agent ? AGENT[lang] : CUSTOMER[lang];
      // Mostly scripted; every 7th call slips a forbidden phrase in, every 5th skips the closing.
      let text = pool[(seq >> 1) % (agent ? 4 : 3)];
      if (agent && seq === 6 && c % 7 === 0) text = pool[4];
      if (agent && seq === 8) text = c % 5 === 0 ? pool[1] : pool[3];
      buf += `TX-${c},${seq},${seq * 7 + (c % 5)},${agent ? 'agent' : 'customer'},${q(text)}\n`;
      if (buf.length > 1 << 16) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function importTurns(ctx: INestApplicationContext, filePath: string, skipScoring: boolean, turns: number): Promise<ImportJob> {
  const job = await ctx.get(ImportService).importFile({ kind: 'transcripts', filePath, fileName: 'bench-turns.csv', caller: null, skipScoring });
  if (job.status !== 'succeeded' || job.rowsInserted !== turns) throw new Error(`The transcript import failed: ${job.failureMessage ?? JSON.stringify(job.errors.slice(0, 3))} (${job.rowsInserted} inserted)`);
  return job;
}

/** How long each phase of an import took, as the import recorded it. */
async function phasesOf(server: BenchServer, importId: string): Promise<string> {
  return server.admin(async (c) => {
    const r = await c.query(`SELECT options->'timings' AS t FROM imports WHERE id = $1`, [importId]);
    const t = (r.rows[0]?.t ?? {}) as Record<string, number>;
    return Object.entries(t).map(([k, v]) => `${k.replace(/Ms$/, '')} ${(v / 1000).toFixed(1)} s`).join(', ');
  }, DB);
}

/**
 * A transcripts import of N turns (mixed languages) with its AutoQA scoring (default rules, in
 * the import's transaction) against the same import without scoring, each into a fresh copy of
 * a database holding the calls. Target: scoring costs at most half again the import (≤ 1.5x).
 */
export async function transcriptCases(server: BenchServer, sizes: BenchSizes, dataDir: string): Promise<BenchResult[]> {
  const turns = sizes.transcriptTurns;
  const calls = Math.ceil(turns / TURNS_PER_CALL);
  mkdirSync(dataDir, { recursive: true });
  const csv = join(dataDir, `turns-${turns}.csv`);
  if (!existsSync(csv) || statSync(csv).size === 0) {
    await writeTurnsCsv(csv, calls);
    log(`generated turns-${turns}.csv: ${(statSync(csv).size / 1024 ** 2).toFixed(0)} MB`);
  }
  await server.freshDatabase(TEMPLATE);
  await server.admin(
    (c) =>
      c.query(
        `INSERT INTO calls (external_id, started_at, channel, answered, talk_s)
         SELECT 'TX-' || i, timestamptz '2026-10-01 00:00+08' + (i % 30) * interval '1 day' + (i % 600) * interval '1 minute',
                CASE WHEN i % 4 = 0 THEN 'chat' ELSE 'phone' END, true, 120 + i % 300
           FROM generate_series(0, $1 - 1) i`,
        [calls],
      ),
    TEMPLATE,
  );

  const runs = sizes.mode === 'quick' ? 3 : 4; // 1 warm-up + the rest timed, each variant
  const samples: Record<'plain' | 'scored', number[]> = { plain: [], scored: [] };
  let lastScored: ImportJob | null = null;
  for (let i = 0; i < runs; i++) {
    for (const variant of ['plain', 'scored'] as const) {
      const url = await server.cloneDatabase(DB, TEMPLATE);
      const ctx = await openAppContext(url);
      try {
        const t0 = process.hrtime.bigint();
        const job = await importTurns(ctx, csv, variant === 'plain', turns);
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        if (variant === 'scored') lastScored = job;
        if (i > 0) samples[variant].push(s);
        log(`transcript import ${variant} ${i === 0 ? '(warm-up)' : `#${i}`}: ${s.toFixed(2)} s (${await phasesOf(server, job.id)})`);
      } finally {
        await ctx.close();
      }
    }
  }
  const phases = await phasesOf(server, lastScored!.id);
  // The same scored import through a spawned server's API, for the server's own peak RSS.
  const app = await startServer(await server.cloneDatabase(DB, TEMPLATE));
  let overHttp: Awaited<ReturnType<typeof importOverHttp>>;
  try {
    await new Promise((r) => setTimeout(r, 1000));
    overHttp = await importOverHttp(app, csv, 'bench-turns.csv', 'transcripts');
  } finally {
    await app.stop();
  }
  if (overHttp.job.status !== 'succeeded') throw new Error(`The transcript import over HTTP failed: ${overHttp.job.failureMessage}`);
  log(`transcript import over HTTP: ${overHttp.seconds.toFixed(1)} s, server RSS idle ${overHttp.idleMb.toFixed(0)} MB, peak ${overHttp.peakMb.toFixed(0)} MB`);
  await server.dropDatabase(DB);
  await server.dropDatabase(TEMPLATE);

  const plain = summarise(samples.plain);
  const scored = summarise(samples.scored);
  const ratio = scored.median / plain.median;
  const n = turns.toLocaleString('en-US');
  return [
    resultOf(`transcripts: import ${n} turns without scoring (baseline)`, 's', plain, {
      target: '—', pass: null, note: `${calls.toLocaleString('en-US')} calls × ${TURNS_PER_CALL} turns, zh / yue / en`, extra: { turnsPerSec: Math.round(turns / plain.median) },
    }),
    resultOf(`transcripts: import ${n} turns with AutoQA scoring`, 's', scored, {
      baseline: plain.median, ratio, target: '<= 1.5x the import without scoring', pass: ratio <= 1.5,
      note: `ratio = scored / unscored (median, ${runs - 1} timed runs each)${phases ? `; last scored run: ${phases}` : ''}; peak RSS of the benchmark process ${Math.round(peakRssMb())} MB`,
      extra: { turnsPerSec: Math.round(turns / scored.median), peakRssMb: Math.round(peakRssMb()) },
    }),
    resultOf(`transcripts: server peak RSS, scored import of ${n} turns over HTTP`, 'MB', summarise([overHttp.peakMb]), {
      baseline: overHttp.idleMb, ratio: overHttp.peakMb / overHttp.idleMb, target: '< 400 MB', pass: overHttp.peakMb < 400,
      note: `one run: the same CSV uploaded to POST /api/imports of a spawned server (scoring on) in ${overHttp.seconds.toFixed(0)} s; baseline = idle server RSS; ratio = peak / idle; peak = max(VmHWM, 100 ms samples)`,
      extra: { seconds: Math.round(overHttp.seconds), idleMb: Math.round(overHttp.idleMb) },
    }),
  ];
}
