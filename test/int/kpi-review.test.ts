import type { Caller } from '../../server/common/auth/caller';
import { KpiService } from '../../server/modules/kpi/kpi.service';
import type { KpiAnswer, KpiRow } from '../../server/modules/kpi/kpi.types';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Correctness review of the KPI engine against docs/kpi.md: each case pins a discrepancy that
 * was found and fixed. Asia/Shanghai (UTC+8), every record on Tue 2026-10-20. Expected numbers
 * are worked out by hand from the rows inserted here.
 *
 * Teams: T1 with B1 and B2, T2 with B3. min sample 1 everywhere, so every figure is judged.
 * Targets: org asa 30 s (tolerance 10 s), org qa_score 90 (tolerance 3);
 * T1 overrides only the targets: asa 20 s, qa_score 80.
 */
describe('KPI review: spec discrepancies on a hand-built fixture', () => {
  let t: TestApp;
  const id: Record<string, number> = {};
  let n = 0;
  const hr: Caller = { userId: 0, email: 'hr@x', name: 'hr', role: 'hr', agentId: null, teamIds: [], sessionId: 's', locale: null };
  const range = { from: '2026-10-19', to: '2026-10-25', granularity: 'total' as const };

  async function call(agent: string | null, answered: boolean, wait: number | null, talk: number | null, hold: number | null, acw: number | null): Promise<void> {
    await t.db.query(
      `INSERT INTO calls (external_id, started_at, agent_id, queue, answered, queue_wait_s, talk_s, hold_s, acw_s)
       VALUES ($1, '2026-10-20T10:00:00+08:00', $2, 'Mandarin', $3, $4, $5, $6, $7)`,
      [`R${++n}`, agent ? id[agent] : null, answered, wait, talk, hold, acw],
    );
  }

  beforeAll(async () => {
    t = await createTestApp();
    [{ id: id.T1 }] = await t.db.query(`INSERT INTO teams (name) VALUES ('Review One') RETURNING id`);
    [{ id: id.T2 }] = await t.db.query(`INSERT INTO teams (name) VALUES ('Review Two') RETURNING id`);
    for (const a of ['B1', 'B2', 'B3']) [{ id: id[a] }] = await t.db.query(`INSERT INTO agents (code, name) VALUES ($1, $1) RETURNING id`, [a]);
    await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id) VALUES ($1, $4), ($2, $4), ($3, $5)`, [id.B1, id.B2, id.B3, id.T1, id.T2]);
    await t.db.query(`UPDATE settings SET min_sample = '{"calls": 1, "surveys": 1, "nps": 1, "qa": 1}', targets = $1`, [
      JSON.stringify({
        org: { asa: { target: 30, tolerance: 10 }, qa_score: { target: 90, tolerance: 3 } },
        teams: { [id.T1]: { asa: { target: 20 }, qa_score: { target: 80 } } },
      }),
    ]);
    // B1: two answered calls wait 27, talk 100 + hold 10 + acw 20; one answered call whose talk
    // time is unknown (wait 27, hold unknown, acw 30).
    await call('B1', true, 27, 100, 10, 20);
    await call('B1', true, 27, 100, 10, 20);
    await call('B1', true, 27, null, null, 30);
    // B3 (T2): one answered call, talk 200, nothing else known.
    await call('B3', true, 5, 200, null, null);
    // Evaluations: B1 85, B2 (no calls at all) 85.
    for (const a of ['B1', 'B2']) {
      await t.db.query(`INSERT INTO qa_evaluations (source, agent_id, status, score, submitted_at) VALUES ('import', $1, 'submitted', 85, '2026-10-20T15:00:00+08:00')`, [id[a]]);
    }
    await t.app.get(RollupService).rebuildAll();
  });
  afterAll(() => t.close());

  const kpi = () => t.app.get(KpiService);
  const agentRow = (a: KpiAnswer, agent: string): KpiRow | undefined => a.rows.find((r) => r.group?.id === id[agent]);

  it('a team override without a tolerance keeps the org tolerance (spec 5: the metric\'s tolerance; a team overrides the target)', async () => {
    // T1 asa: 81 / 3 = 27 s against the team target 20 s: missed by 7 s, within the org tolerance of 10 s.
    const a = await kpi().query(hr, { ...range, groupBy: 'team', metrics: ['asa'] });
    const t1 = a.rows.find((r) => r.group?.id === id.T1)!;
    expect(t1.metrics.asa).toMatchObject({ num: 81, den: 3, value: 27, target: 20, status: 'amber' });
  });

  it('an agent row is judged against the same team target whichever metrics are asked for, calls or not', async () => {
    // T1 overrides qa_score to 80: 85 is green for B1 and for B2 (B2 took no calls; their team is T1).
    for (const metrics of [undefined, ['qa_score' as const]]) {
      const a = await kpi().query(hr, { ...range, groupBy: 'agent', metrics });
      for (const agent of ['B1', 'B2']) {
        expect([agent, metrics, agentRow(a, agent)?.metrics.qa_score]).toMatchObject([agent, metrics, { num: 85, den: 1, target: 80, status: 'green' }]);
      }
    }
  });

  it('an answered call with an unknown talk time is left out of aht and avg_talk, never counted as 0 s', async () => {
    // Spec 1: blank = unknown, never invented; only a missing hold or wrap-up counts as 0.
    // B1: aht (130 + 130) / 2; avg_talk 200 / 2; avg_hold (10 + 10 + 0) / 3; avg_acw (20 + 20 + 30) / 3.
    const expected = { aht: [260, 2], avg_talk: [200, 2], avg_hold: [20, 3], avg_acw: [70, 3], handled: [3, 3] };
    const org = { aht: [460, 3], avg_talk: [400, 3], avg_hold: [20, 4], avg_acw: [70, 4], handled: [4, 4] };
    for (const source of ['rollup', 'raw'] as const) {
      const run = (q: Parameters<KpiService['query']>[1]) => (source === 'rollup' ? kpi().query(hr, q) : kpi().queryRaw(hr, q));
      const b1 = agentRow(await run({ ...range, groupBy: 'agent' }), 'B1')!;
      for (const [k, v] of Object.entries(expected)) expect([source, k, b1.metrics[k as 'aht']!.num, b1.metrics[k as 'aht']!.den]).toEqual([source, k, ...v]);
      const o = (await run({ ...range, groupBy: 'org' })).rows[0];
      for (const [k, v] of Object.entries(org)) expect([source, k, o.metrics[k as 'aht']!.num, o.metrics[k as 'aht']!.den]).toEqual([source, k, ...v]);
    }
  });
});
