import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { seedDemo } from '../../seeds/demo';
import { runMigrations } from '../../server/config/database';
import { KpiService } from '../../server/modules/kpi/kpi.service';
import type { KpiAnswer, KpiQuery } from '../../server/modules/kpi/kpi.types';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { benchAdmin, openAppContext } from '../app-context';
import type { BenchServer } from '../bench-database';
import { BenchResult, log, resultOf, summarise, time, Timing } from '../harness';
import { BenchSizes, KPI_RANGES } from '../sizes';

export interface KpiDataSet {
  name: string;
  url: string;
  calls: number;
  /** seconds of the first full rollup rebuild, when the set was just generated */
  firstRebuildSeconds: number | null;
}

/** The 10M-call set (1/10 with --quick), generated once with the demo generator and reused while the marker matches. */
export async function kpiDataSet(server: BenchServer, sizes: BenchSizes): Promise<KpiDataSet> {
  const k = sizes.kpi;
  // BENCH_KPI_DATABASE: a copy of the set (CREATE DATABASE … TEMPLATE bench_kpi_full) to measure a schema change without touching the shared one.
  const name = process.env.BENCH_KPI_DATABASE ?? `bench_kpi_${sizes.mode}`;
  const marker = `demo:v1:${k.agents}:${k.teams}:${k.weeks}:${k.callsPerAgentPerDay}:${k.today}`;
  let firstRebuildSeconds: number | null = null;
  if (!(await server.hasMarker(name, marker))) {
    const url = await server.freshDatabase(name);
    const ctx = await openAppContext(url);
    try {
      const t0 = Date.now();
      const summary = await seedDemo(ctx.get(DataSource), { today: k.today, agents: k.agents, teams: k.teams, weeks: k.weeks, callsPerAgentPerDay: k.callsPerAgentPerDay, transcripts: false });
      log(`seeded ${summary.calls.toLocaleString('en-US')} calls, ${summary.agents} agents, ${summary.teams} teams, ${summary.evaluations} evaluations in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      const t1 = Date.now();
      await ctx.get(RollupService).rebuildAll();
      firstRebuildSeconds = (Date.now() - t1) / 1000;
      log(`first rollup rebuild: ${firstRebuildSeconds.toFixed(1)} s`);
      await ctx.get(DataSource).query('VACUUM ANALYZE');
    } finally {
      await ctx.close();
    }
    await server.mark(name, marker);
  } else {
    // A kept data set from an earlier run: bring its schema up to date, and rebuild the
    // rollups when a migration changed them (a new grain starts empty).
    const applied = await runMigrations(server.url(name));
    if (applied.length) {
      log(`applied ${applied.join(', ')} to the kept data set; rebuilding the rollups`);
      const ctx = await openAppContext(server.url(name));
      try {
        await ctx.get(RollupService).rebuildAll();
        await ctx.get(DataSource).query('VACUUM ANALYZE');
      } finally {
        await ctx.close();
      }
    }
  }
  const calls = await server.admin(async (c) => Number((await c.query('SELECT count(*) AS n FROM calls')).rows[0].n), name);
  return { name, url: server.url(name), calls, firstRebuildSeconds };
}

export async function benchAgentId(db: DataSource): Promise<number> {
  // The agent with the most calls in the scorecard range: the heaviest single-agent answer.
  const [row] = await db.query(`SELECT agent_id FROM kpi_call_daily WHERE agent_id IS NOT NULL AND local_date BETWEEN $1 AND $2 GROUP BY agent_id ORDER BY sum(answered) DESC, agent_id LIMIT 1`, [KPI_RANGES.scorecard.from, KPI_RANGES.scorecard.to]);
  return row.agent_id;
}

export function kpiQueries(agentId: number): { name: string; query: KpiQuery }[] {
  return [
    { name: 'team x week, quarter', query: { ...KPI_RANGES.quarter, groupBy: 'team', granularity: 'week' } },
    { name: 'agent x month, year', query: { ...KPI_RANGES.year, groupBy: 'agent', granularity: 'month' } },
    { name: 'org x day, month', query: { ...KPI_RANGES.month, groupBy: 'org', granularity: 'day' } },
    { name: "one agent's weekly scorecard, 13 weeks", query: { ...KPI_RANGES.scorecard, groupBy: 'agent', granularity: 'week', agentId } },
  ];
}

/** Raw-table baselines can take many seconds on 10M calls: fewer repetitions when one run is long (stated in the note). */
async function timeAdaptive(fn: () => Promise<unknown>): Promise<{ t: Timing; note: string }> {
  const t0 = process.hrtime.bigint();
  await fn();
  const first = Number(process.hrtime.bigint() - t0) / 1e6;
  // A query of over 20 s is its own warm-up's equal: its one run is the sample.
  if (first > 20_000) return { t: summarise([first]), note: `raw baseline: one run of ${(first / 1000).toFixed(0)} s` };
  const reps = first > 5_000 ? 3 : 5;
  const t = await time(fn, { warmup: 0, reps });
  return { t, note: reps < 5 ? `raw baseline: 1 warm-up + ${reps} timed runs, each ${(first / 1000).toFixed(0)} s` : '' };
}

/**
 * KPI: each query through KpiService (the API's service path, scope and all) against the same
 * answer computed by KpiService.queryRaw (straight SQL over calls/evaluations). Uncached =
 * the data version bumped before every repetition (what every import does), so the answer
 * cache misses and the rollups are read; cached = the same request again.
 */
export async function kpiCases(set: KpiDataSet, sizes: BenchSizes): Promise<BenchResult[]> {
  const ctx: INestApplicationContext = await openAppContext(set.url);
  const out: BenchResult[] = [];
  try {
    const db = ctx.get(DataSource);
    const kpi = ctx.get(KpiService);
    const admin = await benchAdmin(ctx);
    const agentId = await benchAgentId(db);
    const bump = () => db.query(`UPDATE settings SET data_version = data_version + 1 WHERE id = 1`);
    const label = `${(set.calls / 1e6).toFixed(1)}M calls`;
    for (const { name, query } of kpiQueries(agentId)) {
      const service = await timeExcluding(bump, () => kpi.query(admin, query), 20);
      const cached = await time(() => kpi.query(admin, query), { warmup: 1, reps: 20 });
      const fast = await kpi.query(admin, query);
      let slow: KpiAnswer | null = null;
      const { t: raw, note } = await timeAdaptive(async () => (slow = await kpi.queryRaw(admin, query)));
      if (fast.rows.length !== slow!.rows.length) throw new Error(`KPI ${name}: rollup answer has ${fast.rows.length} rows, raw ${slow!.rows.length}`);
      const ratio = raw.median / service.median;
      log(`kpi ${name}: service p95 ${service.p95.toFixed(1)} ms, cached ${cached.median.toFixed(2)} ms, raw ${raw.median.toFixed(0)} ms (${fast.rows.length} rows)`);
      out.push(
        resultOf(`kpi: ${name} (service, uncached)`, 'ms', service, {
          baseline: raw.median, ratio, target: 'p95 < 50 ms, >= 30x raw', pass: service.p95 < 50 && ratio >= 30,
          note: [`${label}; ${fast.rows.length} rows; 20 reps after warm-up, data version bumped before each`, note].filter(Boolean).join('; '),
        }),
        resultOf(`kpi: ${name} (service, cached)`, 'ms', cached, {
          baseline: raw.median, target: 'info', pass: null, note: 'answer cache hit (same query, scope, data version)',
        }),
      );
      // What any answer of this size costs just to exist as objects: JSON.parse of its own bytes
      // builds the same rows and metric objects with no SQL and no arithmetic.
      const bytes = JSON.stringify(fast);
      const floor = await time(async () => JSON.parse(bytes), { warmup: 2, reps: 20 });
      out.push(
        resultOf(`kpi: ${name} (floor: the answer's objects alone)`, 'ms', floor, {
          baseline: service.median, ratio: service.median / floor.median, target: 'info', pass: null,
          note: `JSON.parse of the answer's ${(bytes.length / 1024 ** 2).toFixed(1)} MB (${fast.rows.length} rows x ${Object.keys(fast.rows[0]?.metrics ?? {}).length} metrics); ratio = uncached service / floor`,
        }),
      );
    }
    // The same agent x month answer as one array per field (shape=columns), against the object form in this run.
    const year = kpiQueries(agentId).find((c) => c.name === 'agent x month, year')!.query;
    const objects = await timeExcluding(bump, () => kpi.query(admin, year), 20);
    const columns = await timeExcluding(bump, () => kpi.queryColumns(admin, year), 20);
    const columnsCached = await time(() => kpi.queryColumns(admin, year), { warmup: 1, reps: 20 });
    const colAnswer = await kpi.queryColumns(admin, year);
    const speedup = objects.median / columns.median;
    log(`kpi agent x month, year, columns: p95 ${columns.p95.toFixed(1)} ms vs objects ${objects.p95.toFixed(1)} ms (${speedup.toFixed(1)}x), cached ${columnsCached.median.toFixed(2)} ms`);
    out.push(
      resultOf('kpi: agent x month, year (columns, uncached)', 'ms', columns, {
        baseline: objects.median, ratio: speedup, target: 'p95 < 100 ms, >= 3x the object form', pass: columns.p95 < 100 && speedup >= 3,
        note: `${label}; ${colAnswer.length} rows; baseline = the object form (shape=rows) timed the same way in this run; 20 reps, data version bumped before each`,
      }),
      resultOf('kpi: agent x month, year (columns, cached)', 'ms', columnsCached, {
        target: 'p95 < 5 ms', pass: columnsCached.p95 < 5, note: 'answer cache hit (its own key beside the object form)',
      }),
    );
    void sizes;
  } finally {
    await ctx.close();
  }
  return out;
}

/** Times `fn` `reps` times, running `before` untimed before each. One warm-up. */
async function timeExcluding(before: () => Promise<unknown>, fn: () => Promise<unknown>, reps: number): Promise<Timing> {
  await before();
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    await before();
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return summarise(samples);
}

/**
 * Rollup: a full rebuild of the set (long: the set-up's rebuild or one untimed run is the
 * warm-up, then 2 timed), and the refresh RollupService.applyCallChanges does after a one-day
 * import (the day's dates and customers), inside a transaction that is rolled back so every
 * repetition refreshes the same day.
 */
export async function rollupCases(set: KpiDataSet, sizes: BenchSizes): Promise<BenchResult[]> {
  const ctx = await openAppContext(set.url);
  try {
    const db = ctx.get(DataSource);
    const rollups = ctx.get(RollupService);
    const tz = 'Asia/Shanghai';
    const plain = () => db.query(`SELECT count(*) FROM (SELECT (started_at AT TIME ZONE $1)::date, agent_id, queue, channel, count(*) FROM calls GROUP BY 1, 2, 3, 4) x`, [tz]);
    const baseline = await time(plain, { warmup: 1, reps: 3 });
    const rebuild = await time(() => rollups.rebuildAll(), { warmup: set.firstRebuildSeconds === null ? 1 : 0, reps: 2 });
    const rebuildRatio = rebuild.median / baseline.median;
    log(`rollup rebuild median ${(rebuild.median / 1000).toFixed(1)} s; plain GROUP BY ${(baseline.median / 1000).toFixed(1)} s`);

    const day = '2026-11-12';
    const customers: string[] = (await db.query(`SELECT DISTINCT customer_id FROM calls WHERE customer_id IS NOT NULL AND started_at >= ($1::date::timestamp AT TIME ZONE $2) AND started_at < (($1::date + 1)::timestamp AT TIME ZONE $2)`, [day, tz])).map((r: { customer_id: string }) => r.customer_id);
    const [{ n: dayCalls }] = await db.query(`SELECT count(*)::int AS n FROM calls WHERE started_at >= ($1::date::timestamp AT TIME ZONE $2) AND started_at < (($1::date + 1)::timestamp AT TIME ZONE $2)`, [day, tz]);
    const dayRange = `started_at >= ($1::date::timestamp AT TIME ZONE $2) AND started_at < (($1::date + 1)::timestamp AT TIME ZONE $2)`;
    // asNewDay: first (untimed) the state right after an import wrote the day's calls: the calls
    // are there, but not in the rollups, and have no repeat flags (the day's calls are moved a
    // century away, the rollups refreshed, the calls moved back). The timed refresh then writes
    // the day's flags and rows, adds them to the weeks and months, and corrects the earlier days
    // whose calls the day's calls made repeats.
    const refreshOnce = async (asNewDay = false) => {
      const qr = db.createQueryRunner();
      await qr.connect();
      await qr.startTransaction();
      try {
        if (asNewDay) {
          const [moved]: [{ id: string }[], number] = await qr.query(`UPDATE calls SET started_at = started_at + interval '100 years' WHERE ${dayRange} RETURNING id`, [day, tz]);
          const ids = moved.map((r) => r.id);
          await qr.query(`DELETE FROM call_repeat_flags WHERE call_id = ANY($1::bigint[])`, [ids]);
          await rollups.applyCallChanges(qr.manager, { localDates: [day], customerIds: customers });
          await qr.query(`UPDATE calls SET started_at = started_at - interval '100 years' WHERE id = ANY($1::bigint[])`, [ids]);
        }
        const t0 = process.hrtime.bigint();
        await rollups.applyCallChanges(qr.manager, { localDates: [day], customerIds: customers });
        return Number(process.hrtime.bigint() - t0) / 1e6;
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
    };
    await refreshOnce();
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) samples.push(await refreshOnce());
    const refresh = summarise(samples);
    log(`one-day refresh (${dayCalls} calls, ${customers.length} customers): p95 ${refresh.p95.toFixed(0)} ms`);
    await refreshOnce(true);
    const newDaySamples: number[] = [];
    for (let i = 0; i < 5; i++) newDaySamples.push(await refreshOnce(true));
    const newDay = summarise(newDaySamples);
    log(`new-day refresh: p95 ${newDay.p95.toFixed(0)} ms`);
    const label = `${(set.calls / 1e6).toFixed(1)}M calls`;
    return [
      resultOf(`rollup: full rebuild, ${label}`, 'ms', rebuild, {
        baseline: baseline.median, ratio: rebuildRatio, target: 'info', pass: null,
        note: `long case: ${set.firstRebuildSeconds === null ? '1 untimed warm-up' : 'the set-up rebuild as warm-up'} + 2 timed; baseline = one plain GROUP BY over calls (date, agent, queue, channel); ratio = rebuild / baseline`,
      }),
      resultOf(`rollup: refresh after importing one day`, 'ms', refresh, {
        baseline: rebuild.median, target: 'p95 < 200 ms', pass: refresh.p95 < 200,
        note: `${day}: ${dayCalls.toLocaleString('en-US')} calls, ${customers.length.toLocaleString('en-US')} customers (repeat flags re-derived); in a rolled-back transaction; baseline = full rebuild; ratio = rebuild / refresh`,
      }),
      resultOf(`rollup: refresh after importing a new day`, 'ms', newDay, {
        baseline: rebuild.median, ratio: rebuild.median / newDay.median, target: 'p95 < 200 ms', pass: newDay.p95 < 200,
        note: `${day} as if just imported: its calls written but not yet in the rollups and without repeat flags (set up untimed in the same rolled-back transaction); the refresh writes ${dayCalls.toLocaleString('en-US')} calls' flags and daily rows, adds them to weeks and months, and corrects the earlier days' repeat contacts (the daily import's real case); baseline = full rebuild; ratio = rebuild / refresh`,
      }),
    ];
  } finally {
    void sizes;
    await ctx.close();
  }
}
