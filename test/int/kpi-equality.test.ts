import type { EntityManager } from 'typeorm';
import { expectRollupsAsRebuilt } from './support/rollup-compare';
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
    a.rows.map((r) => [r.period, r.group?.id, Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, [m!.num, m!.den, m!.provisional, m!.pending]]))]);

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
    // The complaint figures are compared too: the demo has closed, late and still-open (overdue) cases.
    const [cx] = await t.db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE resolved_at IS NULL)::int AS open FROM complaints`);
    expect(cx.n).toBeGreaterThan(5);
    expect(cx.open).toBeGreaterThan(0);
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

  // Runs last: every rollup table kept incrementally (coarse grains by difference) equals a full rebuild, row for row.
  it('after a sequence of imports, updates, moves, deletions, survey changes and a team move, every rollup table equals a full rebuild', async () => {
    const rollups = t.app.get(RollupService);
    const tz = `(SELECT timezone FROM settings WHERE id = 1)`;
    const localDate = (col: string) => `to_char((${col} AT TIME ZONE ${tz})::date, 'YYYY-MM-DD')`;
    // A short abandon (unanswered, known wait under 5 s) adds nothing to any sum: its rollup rows are rows of zeros.
    await t.db.query(`UPDATE settings SET short_abandon_seconds = 5 WHERE id = 1`);
    await rollups.rebuildAll();
    const expectAsRebuilt = () => expectRollupsAsRebuilt(t.db, rollups);
    // Checked after each change, so that errors cannot cancel out over the sequence.
    const change = async (fn: (m: EntityManager) => Promise<{ dates: string[]; customers: string[]; evaluationDates?: string[] }>) => {
      await t.db.transaction(async (m) => {
        const { dates, customers, evaluationDates } = await fn(m);
        expect(dates.length).toBeGreaterThan(0);
        await rollups.applyCallChanges(m, { localDates: dates, customerIds: customers });
        if (evaluationDates) await rollups.applyEvaluationChanges(m, evaluationDates);
      });
      await expectAsRebuilt();
    };
    const datesAndCustomers = (rows: { d: string; customer_id: string | null }[]) => ({
      dates: rows.map((r) => r.d),
      customers: rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])),
    });
    const [{ id: agentId, team_id: teamId }] = await t.db.query(
      `SELECT a.id, m.team_id FROM agents a JOIN agent_team_memberships m ON m.agent_id = a.id AND m.valid_to IS NULL AND (m.valid_from IS NULL OR m.valid_from < '2026-10-20')
        WHERE EXISTS (SELECT 1 FROM calls c WHERE c.agent_id = a.id) ORDER BY a.id LIMIT 1`,
    );

    // An import: 30 calls of Tue 20 Oct again on Tue 3 Nov (a new week in another month), a short abandon on a queue of its own and a call without agent on 4 Nov,
    // and repeat contacts on Mon 2 Nov.
    await change(async (m) =>
      datesAndCustomers(
        await m.query(`
          INSERT INTO calls (external_id, started_at, channel, direction, queue, agent_id, customer_id, answered, queue_wait_s, talk_s, hold_s, acw_s, resolved, escalated, transferred)
          SELECT * FROM (
            SELECT 'copy-' || external_id, started_at + interval '14 days', channel, direction, queue, agent_id, customer_id, answered, queue_wait_s, talk_s, hold_s, acw_s, resolved, escalated, transferred
              FROM (SELECT * FROM calls WHERE ${localDate('started_at')} = '2026-10-20' ORDER BY id LIMIT 30) c
            UNION ALL SELECT 'zero-1', '2026-11-04T10:00:00+08:00', 'phone', 'inbound', 'ZeroQ', ${agentId}, NULL, false, 2, NULL, NULL, NULL, NULL, false, false
            UNION ALL SELECT 'no-agent-1', '2026-11-04T11:00:00+08:00', 'phone', 'inbound', 'ZeroQ', NULL, 'K-new', true, 12, 100, 0, 5, true, false, false
            -- calls again: 5 customers of answered calls on Thu 29 Oct (a day not refreshed: their rows get the repeat_free difference)
            UNION ALL SELECT 'again-' || id, '2026-11-02T09:00:00+08:00', 'phone', 'inbound', queue, agent_id, customer_id, false, 30, NULL, NULL, NULL, NULL, false, false
              FROM (SELECT * FROM calls WHERE ${localDate('started_at')} = '2026-10-29' AND direction = 'inbound' AND answered AND customer_id IS NOT NULL ORDER BY id LIMIT 5) c) x
          RETURNING ${localDate('started_at')} AS d, customer_id`),
      ),
    );
    // The short abandon moves a week on (its old week's rows of zeros must go), and talk times of Tue 13 Oct change.
    await change(async (m) => {
      const [moved] = await m.query(`UPDATE calls SET started_at = started_at + interval '6 days' WHERE external_id = 'zero-1' RETURNING ${localDate('started_at')} AS d, customer_id`);
      const [longer] = await m.query(
        `UPDATE calls SET talk_s = talk_s + 11 WHERE id IN (SELECT id FROM calls WHERE ${localDate('started_at')} = '2026-10-13' AND talk_s IS NOT NULL ORDER BY id LIMIT 25) RETURNING ${localDate('started_at')} AS d, customer_id`,
      );
      return datesAndCustomers([{ d: '2026-11-04', customer_id: null }, ...moved, ...longer]);
    });
    // Every call of one agent in the week of 26 Oct - 1 Nov is deleted: the agent's rows of that week and its days must go.
    await change(async (m) => {
      const [gone] = await m.query(
        `DELETE FROM calls WHERE agent_id = $1 AND ${localDate('started_at')} BETWEEN '2026-10-26' AND '2026-11-01' RETURNING ${localDate('started_at')} AS d, customer_id`,
        [agentId],
      );
      expect(gone.length).toBeGreaterThan(0);
      return datesAndCustomers(gone);
    });
    // Survey answers of Thu 15 Oct change (what a survey import does: dates only, no customers).
    await change(async (m) => {
      const [surveys] = await m.query(`
        UPDATE survey_responses s SET csat = CASE WHEN s.csat IS NULL THEN 5 ELSE 6 - s.csat END, nps = CASE WHEN s.nps IS NULL THEN 0 ELSE 10 - s.nps END
          FROM calls c WHERE c.id = s.call_id AND ${localDate('c.started_at')} = '2026-10-15' RETURNING ${localDate('c.started_at')} AS d`);
      expect(surveys.length).toBeGreaterThan(0);
      return { dates: surveys.map((r: { d: string }) => r.d), customers: [] };
    });
    // The agent moves to another team from Thu 22 Oct (what an agents import does: the dates of their calls and evaluations since).
    await change(async (m) => {
      const [{ id: otherTeam }] = await m.query(`SELECT id FROM teams WHERE id <> $1 ORDER BY id LIMIT 1`, [teamId]);
      await m.query(`UPDATE agent_team_memberships SET valid_to = '2026-10-22' WHERE agent_id = $1 AND valid_to IS NULL`, [agentId]);
      await m.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $2, '2026-10-22')`, [agentId, otherTeam]);
      const dates = await m.query(`SELECT DISTINCT ${localDate('started_at')} AS d, NULL AS customer_id FROM calls WHERE agent_id = $1 AND started_at >= '2026-10-21T16:00:00Z'`, [agentId]);
      const evaluations = await m.query(`SELECT DISTINCT ${localDate('submitted_at')} AS d FROM qa_evaluations WHERE agent_id = $1 AND submitted_at >= '2026-10-21T16:00:00Z'`, [agentId]);
      return { dates: dates.map((r: { d: string }) => r.d), customers: [], evaluationDates: evaluations.map((r: { d: string }) => r.d) };
    });

    // The sequence did reach the case it is about: a weekly row of zeros (the short abandon's new week) that must stay.
    const weekly: { local_date: Date; offered: number; outbound: number }[] = await t.db.query(`SELECT * FROM kpi_call_agent_weekly_all WHERE local_date = '2026-11-09'`);
    expect(weekly.filter((r) => r.offered === 0 && r.outbound === 0)).toHaveLength(1);
  });
});
