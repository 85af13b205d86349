import { RollupService } from '../../server/modules/kpi/rollup.service';
import { seedDemo } from '../../seeds/demo';
import { createTestApp, TestApp } from './support/test-app';

/** The demo's AutoQA stories reach the weekly review: the struggling agents' forbidden phrases (with the words) and their AutoQA score below the team. */
describe('AutoQA in the weekly review of the demo', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db, { today: '2026-11-02', weeks: 5 });
    await t.app.get(RollupService).rebuildAll();
    admin = await t.userToken('admin');
  }, 180_000);
  afterAll(() => t.close());

  const review = async (team: string) => {
    const [{ id }] = await t.db.query(`SELECT id FROM teams WHERE name = $1`, [team]);
    const res = await t.http().get(`/api/reviews/weekly?week=2026-W44&teamId=${id}`).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it.each([
    ['普通话热线 Mandarin Hotline', '张磊', '李静'],
    ['电子邮件 Email', '孙浩', '吴敏'],
  ])('%s: %s is flagged for forbidden phrases and a low AutoQA score, %s is not', async (team, bad, good) => {
    const body = await review(team);
    const entry = body.attention.find((a: any) => a.agent.name === bad);
    expect(entry).toBeDefined();
    const forbidden = entry.reasons.find((r: any) => r.rule === 'forbidden_phrase');
    expect(forbidden).toBeDefined();
    expect(entry.level).toBe('high');
    // The evidence names the call by its external id and carries the words as they were said.
    expect(forbidden.evidence.turns.length).toBeGreaterThan(0);
    for (const turn of forbidden.evidence.turns) {
      expect(turn.externalId).toMatch(/\S/);
      expect(turn.text.slice(turn.start, turn.end).length).toBeGreaterThan(0);
      expect(forbidden.evidence.calls.map((c: any) => c.externalId)).toContain(turn.externalId);
    }
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM calls WHERE external_id = ANY($1::text[])`, [forbidden.evidence.calls.map((c: any) => c.externalId)]);
    expect(n).toBe(forbidden.evidence.calls.length);
    expect(entry.reasons.map((r: any) => r.rule)).toContain('autoqa_below_team_4w');
    const goodEntry = body.attention.find((a: any) => a.agent.name === good);
    expect(goodEntry?.reasons.map((r: any) => r.rule) ?? []).not.toContain('forbidden_phrase');
    expect(goodEntry?.reasons.map((r: any) => r.rule) ?? []).not.toContain('autoqa_below_team_4w');
    // The team's AutoQA figures are on the review.
    expect(body.metrics.autoqa_score.den).toBeGreaterThan(0);
    expect(body.metrics.autoqa_coverage.value).toBeGreaterThan(0.3);
  });
});
