import { RollupService } from '../../server/modules/kpi/rollup.service';
import type { KpiAnswer, KpiColumns } from '../../server/modules/kpi/kpi.types';
import { ensureDefaultQaForm } from '../../seeds/default-qa-form';
import { seedDemo } from '../../seeds/demo';
import { columnsToAnswer } from '../../web/src/lib/kpi-columns';
import { createTestApp, TestApp } from './support/test-app';

/** `shape=columns` carries exactly the object answer's figures, for every caller and grouping. */
describe('GET /api/kpis?shape=columns', () => {
  let t: TestApp;
  let admin: string;
  let agent: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await createTestApp();
    await ensureDefaultQaForm(t.db);
    await seedDemo(t.db, { today: '2026-11-02', agents: 12, weeks: 3 });
    // One agent with a single call and no survey, evaluation or talk time: null figures beside the demo's.
    const [{ id: quiet }] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('Z9', 'Quiet') RETURNING id`);
    await t.db.query(`INSERT INTO calls (external_id, started_at, agent_id, answered) VALUES ('Z9-1', '2026-10-20T10:00:00+08:00', $1, true)`, [quiet]);
    await t.app.get(RollupService).rebuildAll();
    admin = await t.userToken('admin');
    const [{ id: agentId, team_id: teamId }] = await t.db.query(
      `SELECT a.id, m.team_id FROM agents a JOIN agent_team_memberships m ON m.agent_id = a.id ORDER BY a.id LIMIT 1`,
    );
    agent = await t.userToken('agent', { agentId });
    supervisor = await t.userToken('supervisor', { teamIds: [teamId] });
  }, 120_000);
  afterAll(() => t.close());

  const both = async (token: string, query: string): Promise<{ rows: KpiAnswer; cols: KpiColumns }> => {
    const [rows, cols] = await Promise.all([
      t.http().get(`/api/kpis?${query}`).set('Authorization', `Bearer ${token}`),
      t.http().get(`/api/kpis?${query}&shape=columns`).set('Authorization', `Bearer ${token}`),
    ]);
    expect([rows.status, cols.status]).toEqual([200, 200]);
    return { rows: rows.body as KpiAnswer, cols: cols.body as KpiColumns };
  };

  it.each([
    ['admin', 'groupBy=agent&granularity=week'],
    ['admin', 'groupBy=agent&granularity=month'],
    ['admin', 'groupBy=team&granularity=week'],
    ['admin', 'groupBy=team&granularity=month'],
    ['admin', 'groupBy=org&granularity=day'],
    ['admin', 'groupBy=queue&granularity=total&channel=chat'],
    ['supervisor', 'groupBy=agent&granularity=week'],
    ['agent', 'groupBy=agent&granularity=week'],
    ['agent', 'groupBy=agent&granularity=total&metrics=aht,fcr,qa_score,csat_avg'],
  ] as const)('%s, %s: re-assembled, equal to the object answer', async (who, query) => {
    const token = who === 'admin' ? admin : who === 'agent' ? agent : supervisor;
    const { rows, cols } = await both(token, `from=2026-10-01&to=2026-11-05&${query}`);
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(cols.length).toBe(rows.rows.length);
    for (const m of Object.values(cols.metrics)) expect(m!.value).toHaveLength(cols.length);
    expect(columnsToAnswer(cols)).toEqual(rows);
  });

  it('the cases above include low-sample, null-valued, judged and provisional figures', async () => {
    const { cols } = await both(admin, 'from=2026-10-01&to=2026-11-05&groupBy=agent&granularity=week');
    const all = Object.values(cols.metrics);
    expect(all.some((m) => m!.lowSample.includes(true))).toBe(true);
    expect(all.some((m) => m!.value.includes(null))).toBe(true);
    expect(all.some((m) => m!.status.some((s) => s !== null))).toBe(true);
    expect(cols.metrics.fcr_repeat!.provisional).toHaveLength(cols.length);
    // Complaint SLAs carry their pending cases as a column too, and some are pending in the demo.
    expect(cols.metrics.complaint_resolution_sla!.pending).toHaveLength(cols.length);
    expect(cols.group!.type).toBe('agent');
  });

  it('an agent sees only their own rows in columns too', async () => {
    const { cols } = await both(agent, 'from=2026-10-01&to=2026-11-05&groupBy=agent&granularity=week');
    expect(new Set(cols.group!.id).size).toBe(1);
  });

  it('is cached under its own key: the same bytes and ETag again, a 304 on revalidation, and not the object form', async () => {
    const path = '/api/kpis?from=2026-10-01&to=2026-11-05&groupBy=team&granularity=week';
    const first = await t.http().get(`${path}&shape=columns`).set('Authorization', `Bearer ${admin}`);
    const second = await t.http().get(`${path}&shape=columns`).set('Authorization', `Bearer ${admin}`);
    const objects = await t.http().get(path).set('Authorization', `Bearer ${admin}`);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.text).toBe(first.text);
    expect(objects.headers.etag).not.toBe(first.headers.etag);
    const revalidated = await t.http().get(`${path}&shape=columns`).set({ Authorization: `Bearer ${admin}`, 'If-None-Match': first.headers.etag });
    expect(revalidated.status).toBe(304);
  });

  it('names the field of a bad shape', async () => {
    const res = await t.http().get('/api/kpis?from=2026-10-01&to=2026-11-05&shape=table').set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('shape');
  });
});
