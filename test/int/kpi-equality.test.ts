import type { Caller } from '../../server/common/auth/caller';
import { KpiService } from '../../server/modules/kpi/kpi.service';
import type { KpiAnswer } from '../../server/modules/kpi/kpi.types';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { ensureDefaultQaForm } from '../../seeds/default-qa-form';
import { seedDemo } from '../../seeds/demo';
import { createTestApp, TestApp } from './support/test-app';

/** The rollup path and a straight query over the raw tables agree on the demo dataset, num and den, everywhere. */
describe('rollups vs raw tables on the demo dataset', () => {
  let t: TestApp;
  const hr: Caller = { userId: 0, email: 'hr@x', name: 'hr', role: 'hr', agentId: null, teamIds: [], sessionId: 's', locale: null };
  const strip = (a: KpiAnswer) =>
    a.rows.map((r) => [r.period, r.group?.id, Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, [m!.num, m!.den, m!.provisional]]))]);

  beforeAll(async () => {
    t = await createTestApp();
    await ensureDefaultQaForm(t.db);
    await seedDemo(t.db, { today: '2026-11-02', agents: 12, weeks: 3 });
    await t.app.get(RollupService).rebuildAll();
  }, 120_000);
  afterAll(() => t.close());

  it.each(['org', 'site', 'team', 'agent', 'queue'] as const)('groupBy=%s, every granularity and metric', async (groupBy) => {
    const kpi = t.app.get(KpiService);
    const [{ calls }] = await t.db.query(`SELECT count(*)::int AS calls FROM calls`);
    expect(calls).toBeGreaterThan(100);
    // The demo has calls from Monday 2026-10-12 to Sunday 2026-11-01. A partial month (daily and
    // team × day grains), whole months (agent × month grains), a whole month between partial ones
    // (by month/total: the edges daily, October monthly), whole ISO weeks only (weekly grains),
    // partial weeks at both ends (Wed..Thu: weekly inside, daily edges), and partial months whose
    // whole weeks are read weekly, with the week of Oct 26 - Nov 1 crossing the month end.
    for (const [from, to] of [
      ['2026-10-01', '2026-11-05'],
      ['2026-10-01', '2026-10-31'],
      ['2026-09-30', '2026-11-01'],
      ['2026-10-12', '2026-11-01'],
      ['2026-10-14', '2026-10-29'],
      ['2026-10-14', '2026-11-08'],
    ]) {
      for (const granularity of ['day', 'week', 'month', 'total'] as const) {
        const q = { from, to, groupBy, granularity };
        const rollup = strip(await kpi.query(hr, q));
        expect(rollup.length).toBeGreaterThan(0);
        expect([from, to, granularity, rollup]).toEqual([from, to, granularity, strip(await kpi.queryRaw(hr, q))]);
      }
    }
    // And with filters (one team, a channel, a queue: only the split grains may answer), by week and by month.
    const [{ id: teamId }] = await t.db.query(`SELECT id FROM teams ORDER BY id LIMIT 1`);
    const [{ queue }] = await t.db.query(`SELECT queue FROM calls WHERE queue IS NOT NULL ORDER BY queue LIMIT 1`);
    for (const filter of [{ teamId }, { channel: 'phone' as const }, { teamId, channel: 'phone' as const }, { queue }]) {
      for (const [from, to, granularity] of [
        ['2026-10-01', '2026-11-05', 'week'],
        ['2026-10-12', '2026-11-01', 'week'],
        ['2026-09-30', '2026-11-01', 'month'],
        ['2026-10-01', '2026-10-31', 'total'],
      ] as const) {
        const q = { from, to, groupBy, granularity, ...filter };
        expect([q, strip(await kpi.query(hr, q))]).toEqual([q, strip(await kpi.queryRaw(hr, q))]);
      }
    }
  });

  // Runs after the comparisons above (jest runs a file's tests in order): incremental refreshes must keep every grain exact.
  it('after incremental refreshes (calls and evaluations changed and moved across weeks and months) every grain still equals the raw tables', async () => {
    const kpi = t.app.get(KpiService);
    const rollups = t.app.get(RollupService);
    const tz = `(SELECT timezone FROM settings WHERE id = 1)`;
    await t.db.transaction(async (m) => {
      // Calls of Mon 19 - Wed 21 Oct get longer, a quarter move 10 days on (Thu 29 - Sat 31 Oct: another week), a quarter
      // 12 days on (Sat 31 Oct - Mon 2 Nov: into November); some calls of Thu 22 Oct are deleted.
      // (TypeORM gives [rows, count] for UPDATE/DELETE … RETURNING.)
      const [moved]: [{ customer_id: string | null; old_date: string; new_date: string }[], number] = await m.query(`
        WITH picked AS (SELECT id, customer_id, started_at FROM calls WHERE (started_at AT TIME ZONE ${tz})::date BETWEEN '2026-10-19' AND '2026-10-21' ORDER BY id LIMIT 40)
        UPDATE calls c SET talk_s = CASE WHEN c.talk_s IS NULL THEN NULL ELSE c.talk_s + 7 END,
               started_at = c.started_at + CASE WHEN c.id % 4 = 1 THEN interval '10 days' WHEN c.id % 4 = 2 THEN interval '12 days' ELSE interval '0' END
          FROM picked p WHERE c.id = p.id
        RETURNING c.customer_id, to_char((p.started_at AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS old_date, to_char((c.started_at AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS new_date`);
      const [gone]: [{ customer_id: string | null }[], number] = await m.query(`DELETE FROM calls WHERE id IN (SELECT id FROM calls WHERE (started_at AT TIME ZONE ${tz})::date = '2026-10-22' ORDER BY id LIMIT 15) RETURNING customer_id`);
      await rollups.applyCallChanges(m, {
        localDates: [...moved.flatMap((r) => [r.old_date, r.new_date]), '2026-10-22'],
        customerIds: [...moved, ...gone].map((r) => r.customer_id).filter((c): c is string => c !== null),
      });
      // Evaluations of 19-21 Oct: re-scored, and half moved 14 days on (2-4 Nov: another week and month).
      const [evals]: [{ old_date: string; new_date: string }[], number] = await m.query(`
        WITH picked AS (SELECT id, submitted_at FROM qa_evaluations WHERE status <> 'draft' AND (submitted_at AT TIME ZONE ${tz})::date BETWEEN '2026-10-19' AND '2026-10-21' ORDER BY id LIMIT 10)
        UPDATE qa_evaluations e SET score = CASE WHEN e.score IS NULL THEN NULL ELSE least(100, e.score + 1.25) END,
               submitted_at = e.submitted_at + CASE WHEN e.id % 2 = 0 THEN interval '14 days' ELSE interval '0' END
          FROM picked p WHERE e.id = p.id
        RETURNING to_char((p.submitted_at AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS old_date, to_char((e.submitted_at AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS new_date`);
      expect(moved.length).toBe(40);
      expect(evals.length).toBe(10);
      expect(gone.length).toBe(15);
      await rollups.applyEvaluationChanges(m, evals.flatMap((r) => [r.old_date, r.new_date]));
    });
    for (const groupBy of ['org', 'team', 'agent'] as const) {
      for (const [from, to, granularity] of [
        ['2026-10-12', '2026-11-08', 'week'],
        ['2026-10-01', '2026-11-30', 'month'],
        ['2026-10-14', '2026-11-08', 'month'],
        ['2026-10-01', '2026-10-31', 'total'],
      ] as const) {
        const q = { from, to, groupBy, granularity };
        expect([q, strip(await kpi.query(hr, q))]).toEqual([q, strip(await kpi.queryRaw(hr, q))]);
      }
    }
  });
});
