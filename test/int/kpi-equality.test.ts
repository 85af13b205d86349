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
    // A partial month (daily and team × day grains), whole months (agent × month grain), and a
    // whole month between partial ones (by month/total: the edges daily, October monthly).
    for (const [from, to] of [
      ['2026-10-01', '2026-11-05'],
      ['2026-10-01', '2026-10-31'],
      ['2026-09-30', '2026-11-01'],
    ]) {
      for (const granularity of ['day', 'week', 'month', 'total'] as const) {
        const q = { from, to, groupBy, granularity };
        const rollup = strip(await kpi.query(hr, q));
        expect(rollup.length).toBeGreaterThan(0);
        expect([from, to, granularity, rollup]).toEqual([from, to, granularity, strip(await kpi.queryRaw(hr, q))]);
      }
    }
    // And with filters on one team and one channel.
    const [{ id: teamId }] = await t.db.query(`SELECT id FROM teams ORDER BY id LIMIT 1`);
    const q = { from: '2026-10-01', to: '2026-11-05', groupBy, granularity: 'week' as const, teamId, channel: 'phone' as const };
    expect(strip(await kpi.query(hr, q))).toEqual(strip(await kpi.queryRaw(hr, q)));
  });
});
