/**
 * The demo's complaint cases (issue 18): the four grades, some answered late, some overdue now,
 * the struggling agents charged more often, and their overdue level 3 case in the weekly review.
 */
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { ensureDefaultQaForm } from '../../seeds/default-qa-form';
import { DEMO_PASSWORD, seedDemo } from '../../seeds/demo';
import { SPECIAL_AGENTS } from '../../seeds/demo-roster';
import { createTestApp, TestApp } from './support/test-app';

describe('demo complaints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await ensureDefaultQaForm(t.db);
    await seedDemo(t.db, { today: '2026-11-02', weeks: 4 });
    await t.app.get(RollupService).rebuildAll();
  }, 240_000);
  afterAll(() => t.close());

  const struggling = SPECIAL_AGENTS.filter((a) => a.story.startsWith('struggling')).map((a) => a.name);

  it('has cases of every grade, some answered late, some overdue now; the same cases on every run', async () => {
    const [c] = await t.db.query(`
      SELECT count(*)::int AS n, array_agg(DISTINCT level ORDER BY level) AS levels,
             count(*) FILTER (WHERE first_response_at > opened_at + make_interval(secs => (s.complaint_deadlines -> 'response' ->> level)::int))::int AS late,
             count(*) FILTER (WHERE resolved_at IS NULL AND opened_at + make_interval(secs => (s.complaint_deadlines -> 'resolution' ->> level)::int) < now())::int AS overdue,
             md5(string_agg(external_id || level || opened_at::text || coalesce(first_response_at::text, '') || coalesce(resolved_at::text, ''), ',' ORDER BY external_id)) AS digest
        FROM complaints, settings s`);
    expect(c.levels).toEqual(['1', '2', '3', 'urgent']);
    expect(c.late).toBeGreaterThan(0);
    expect(c.overdue).toBeGreaterThan(0);
    expect(c.n).toBeGreaterThan(50);
    // Seeding again into a fresh database gives the same cases.
    const again = await createTestApp();
    try {
      await ensureDefaultQaForm(again.db);
      await seedDemo(again.db, { today: '2026-11-02', weeks: 4 });
      const [d] = await again.db.query(`SELECT md5(string_agg(external_id || level || opened_at::text || coalesce(first_response_at::text, '') || coalesce(resolved_at::text, ''), ',' ORDER BY external_id)) AS digest FROM complaints`);
      expect(d.digest).toBe(c.digest);
    } finally {
      await again.close();
    }
  }, 240_000);

  it('charges the struggling agents far more often (complaint_rate over the period)', async () => {
    const admin = await t.userToken('admin');
    const res = await t.http().get('/api/kpis?from=2026-10-06&to=2026-11-01&groupBy=agent&metrics=complaint_rate').set('Authorization', `Bearer ${admin}`);
    const rows = res.body.rows as Array<{ group: { name: string }; metrics: { complaint_rate: { num: number; den: number } } }>;
    const pool = (pick: (name: string) => boolean) => {
      const sel = rows.filter((r) => pick(r.group.name));
      const num = sel.reduce((s, r) => s + r.metrics.complaint_rate.num, 0);
      const den = sel.reduce((s, r) => s + r.metrics.complaint_rate.den, 0);
      return (1000 * num) / den;
    };
    const theirs = pool((n) => struggling.includes(n));
    const others = pool((n) => !struggling.includes(n));
    expect(others).toBeGreaterThan(0);
    expect(theirs).toBeGreaterThan(5 * others);
  });

  it("shows the struggling agent's overdue level 3 complaint in the demo's weekly review, as high priority", async () => {
    const token = await t.login('supervisor.mandarin@demo.callscope.dev', DEMO_PASSWORD);
    const res = await t.http().get('/api/reviews/weekly?week=2026-W44&lang=en').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    const entry = res.body.attention.find((a: { agent: { name: string } }) => a.agent.name === '张磊');
    expect(entry.level).toBe('high');
    const reason = entry.reasons.find((r: { rule: string }) => r.rule === 'complaint_overdue');
    expect(reason.evidence.metrics.highPriority).toBeGreaterThanOrEqual(1);
    expect(reason.text).toMatch(/complaints? overdue \(\d+ level 3 or urgent\)/);
  });
});
