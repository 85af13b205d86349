import { RollupService } from '../../server/modules/kpi/rollup.service';
import { createTestApp, TestApp } from './support/test-app';

/**
 * A hand-built team for 2026-W43..W47 (org time zone Asia/Shanghai). Every agent takes 20
 * answered calls a week (talk 300 s, resolved) unless said otherwise:
 *  - Slow:      talk 420 s in W44 and W46, 450 s in W45 (300 in W43)  -> AHT above team 3 weeks in a row
 *  - Failer:    an auto-failed evaluation in W46                         -> QA auto-fail
 *  - Tiny:      5 calls a week W44-W46, 600 s, unresolved, escalated, three 1-star surveys -> low sample: never listed
 *  - Star:      10 five-star surveys a week                              -> meets every target
 *  - Sliding:   10 five-star surveys W43-W45, W46: five 5s and five 2s   -> CSAT drop and below target (CSAT avg and %)
 *  - Disputer:  a W45 evaluation disputed                                -> open dispute
 *  - Qa:        evaluations 80, 85 (W43), 88 (W45), 85 (W46) = 338/4     -> QA below target over 4 weeks
 * Team AHT: W43 36000/120 = 300 (Tiny has no calls; Slow's 300 is not above it); W44 and W46 41400/125 = 331.2; W45 42000/125 = 336.
 */
const WEEK_DAY: Record<string, string> = { W43: '2026-10-21', W44: '2026-10-28', W45: '2026-11-04', W46: '2026-11-11', W47: '2026-11-18' };

describe('GET /api/reviews/weekly', () => {
  let t: TestApp;
  let teamA: number;
  let teamB: number;
  const agent: Record<string, number> = {};
  let callSeq = 0;
  let supA: string;

  /** `count` calls a minute apart on the week's Wednesday from 10:00; surveys where `csat(i)` gives a score. One statement each. */
  async function calls(agentName: string, week: string, count: number, f: { talk?: number; resolved?: boolean; escalated?: boolean; csat?: (i: number) => number | null } = {}) {
    const first = callSeq + 1;
    callSeq += count;
    const rows: { id: string }[] = await t.db.query(
      `INSERT INTO calls (external_id, started_at, agent_id, answered, queue_wait_s, talk_s, hold_s, acw_s, resolved, escalated)
       SELECT 'C' || ($1::int + i), ($2::date + time '10:00' + i * interval '1 minute') AT TIME ZONE 'Asia/Shanghai', $3, true, 5, $4, 0, 0, $5, $6
         FROM generate_series(0, $7::int - 1) AS i
       ORDER BY i RETURNING id`,
      [first, WEEK_DAY[week], agent[agentName], f.talk ?? 300, f.resolved ?? true, f.escalated ?? false, count],
    );
    const scores = rows.map((_, i) => f.csat?.(i) ?? null);
    const withScore = rows.map((r, i) => [r.id, scores[i]] as const).filter(([, c]) => c !== null);
    if (withScore.length > 0) {
      await t.db.query(`INSERT INTO survey_responses (call_id, source, csat) SELECT unnest($1::bigint[]), 'import', unnest($2::smallint[])`, [
        withScore.map(([id]) => id),
        withScore.map(([, c]) => c),
      ]);
    }
  }

  async function evaluation(agentName: string, at: string, score: number, more: { autoFail?: boolean; status?: string } = {}) {
    const [e] = await t.db.query(
      `INSERT INTO qa_evaluations (source, agent_id, status, score, auto_fail, submitted_at, disputed_at)
       VALUES ('import', $1, $2, $3, $4, $5, CASE WHEN $2 = 'disputed' THEN $5::timestamptz + interval '1 day' END) RETURNING id`,
      [agent[agentName], more.status ?? 'submitted', score, more.autoFail ?? false, at],
    );
    return Number(e.id);
  }

  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp();
    [{ id: teamA }] = await t.db.query(`INSERT INTO teams (name) VALUES ('Hotline A') RETURNING id`);
    [{ id: teamB }] = await t.db.query(`INSERT INTO teams (name) VALUES ('Hotline B') RETURNING id`);
    for (const name of ['Slow', 'Failer', 'Tiny', 'Star', 'Sliding', 'Disputer', 'Qa']) {
      const [a] = await t.db.query(`INSERT INTO agents (code, name) VALUES ($1, $2) RETURNING id`, [`E-${name}`, name]);
      agent[name] = a.id;
      await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id) VALUES ($1, $2)`, [a.id, teamA]);
    }
    const slowTalk: Record<string, number> = { W43: 300, W44: 420, W45: 450, W46: 420 };
    for (const w of ['W43', 'W44', 'W45', 'W46']) {
      await calls('Slow', w, 20, { talk: slowTalk[w] });
      await calls('Failer', w, 20);
      if (w !== 'W43') await calls('Tiny', w, 5, { talk: 600, resolved: false, escalated: true, csat: (i) => (w === 'W46' && i < 3 ? 1 : null) });
      await calls('Star', w, 20, { csat: (i) => (i < 10 ? 5 : null) });
      await calls('Sliding', w, 20, { csat: (i) => (i < 10 ? (w === 'W46' && i >= 5 ? 2 : 5) : null) });
      await calls('Disputer', w, 20);
      await calls('Qa', w, 20);
    }
    ids.autoFail = await evaluation('Failer', '2026-11-12T15:00:00+08:00', 0, { autoFail: true });
    ids.disputed = await evaluation('Disputer', '2026-11-05T15:00:00+08:00', 70, { status: 'disputed' });
    ids.qa80 = await evaluation('Qa', '2026-10-20T15:00:00+08:00', 80);
    ids.qa85a = await evaluation('Qa', '2026-10-22T15:00:00+08:00', 85);
    ids.qa88 = await evaluation('Qa', '2026-11-03T15:00:00+08:00', 88);
    ids.qa85b = await evaluation('Qa', '2026-11-10T15:00:00+08:00', 85);
    await t.app.get(RollupService).rebuildAll();
    supA = await t.userToken('supervisor', { teamIds: [teamA] });
  }, 60_000);
  afterAll(() => t.close());

  const review = (token: string, query: string) => t.http().get(`/api/reviews/weekly?${query}`).set('Authorization', `Bearer ${token}`);

  it('lists exactly the expected agents with the expected reasons, most severe first, and no low-sample agent', async () => {
    const res = await review(supA, `week=2026-W46&teamId=${teamA}&lang=en`);
    expect(res.status).toBe(200);
    const listed = res.body.attention.map((e: any) => [e.agent.name, e.severity, e.reasons.map((r: any) => r.rule)]);
    expect(listed).toEqual([
      // below target on csat_avg 3.5 and csat_pct 50% (Wilson upper bound of 5/10 is 0.76 < 0.85): 3; CSAT drop: 3
      ['Sliding', 6, ['below_target', 'csat_drop']],
      ['Failer', 5, ['auto_fail']],
      ['Qa', 3, ['qa_below_target_4w']],
      ['Slow', 2, ['aht_above_team']],
      ['Disputer', 1, ['open_dispute']],
    ]);
    expect(res.body.recognition.map((e: any) => [e.agent.name, e.reasons.map((r: any) => r.rule)])).toEqual([['Star', ['meets_all_targets']]]);
    expect(JSON.stringify(res.body)).not.toContain('"Tiny"');
  });

  it('says each reason in words with its numbers, and carries the evidence ids', async () => {
    const res = await review(supA, `week=2026-W46&teamId=${teamA}&lang=en`);
    const entry = (name: string) => res.body.attention.find((e: any) => e.agent.name === name);
    const slow = entry('Slow').reasons[0];
    // 420 s vs the team's 41400 / 125 = 331.2 s
    expect(slow.text).toBe('AHT 7:00 vs team 5:31, 3rd week in a row');
    expect(slow.evidence.metrics.weeks).toBe(3);
    expect(slow.evidence.callIds).toHaveLength(5);
    const failer = entry('Failer').reasons[0];
    expect(failer.evidence.evaluationIds).toEqual([ids.autoFail]);
    expect(failer.text).toBe('QA auto-fail this week: 1 evaluation failed on a critical item (scored 0)');
    const qa = entry('Qa').reasons[0];
    expect(qa.text).toBe('QA score 84.5 over 4 weeks vs target 90.0 (4 evaluations)');
    expect(qa.evidence.evaluationIds).toEqual([ids.qa80, ids.qa85a, ids.qa85b, ids.qa88]);
    const drop = entry('Sliding').reasons.find((r: any) => r.rule === 'csat_drop');
    // 50% (5/10) vs (10 + 10 + 10 + 5) / 40 = 87.5%
    expect(drop.text).toBe('CSAT top-2-box 50.0% this week vs 87.5% over 4 weeks, down 37.5 points (n = 10)');
    expect(drop.evidence.callIds).toHaveLength(5);
    const dispute = entry('Disputer').reasons[0];
    expect(dispute.evidence.evaluationIds).toEqual([ids.disputed]);
  });

  it('gives the team metrics with previous week, delta and the 4-week ratio of sums', async () => {
    const res = await review(supA, `week=2026-W46&teamId=${teamA}`);
    const aht = res.body.metrics.aht;
    expect(aht.value).toBeCloseTo(331.2, 9);
    expect(aht.previous).toBeCloseTo(336, 9);
    expect(aht.delta).toBeCloseTo(-4.8, 9);
    // (36000 + 41400 + 42000 + 41400) / (120 + 125 + 125 + 125)
    expect(aht.avg4w).toBeCloseTo(160800 / 495, 9);
    expect(res.body.metrics.handled.avg4w).toBeCloseTo(495 / 4, 9);
    expect(res.body.team).toEqual({ id: teamA, name: 'Hotline A' });
  });

  it('speaks Chinese when asked (lang, or Accept-Language)', async () => {
    const a = await review(supA, `week=2026-W46&teamId=${teamA}&lang=zh-CN`);
    const b = await review(supA, `week=2026-W46&teamId=${teamA}`).set('Accept-Language', 'zh-CN,zh;q=0.9');
    for (const res of [a, b]) {
      const slow = res.body.attention.find((e: any) => e.agent.name === 'Slow');
      expect(slow.reasons[0].text).toBe('平均处理时长 AHT 7:00，团队 5:31，连续第 3 周高于团队');
    }
  });

  it('is for the team supervisor, admin and HR: another team’s supervisor and agents get 403', async () => {
    const supB = await t.userToken('supervisor', { teamIds: [teamB] });
    expect((await review(supB, `week=2026-W46&teamId=${teamA}`)).status).toBe(403);
    const agentToken = await t.userToken('agent', { agentId: agent.Star });
    expect((await review(agentToken, `week=2026-W46&teamId=${teamA}`)).status).toBe(403);
    expect((await review(await t.userToken('hr'), `week=2026-W46&teamId=${teamA}`)).status).toBe(200);
    expect((await review(await t.userToken('admin'), `week=2026-W46&teamId=${teamA}`)).status).toBe(200);
  });

  it('rejects a bad week or unknown field with a 400 naming it', async () => {
    const bad = await review(supA, `week=2026-W60&teamId=${teamA}`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('week');
    expect((await review(supA, `week=2026-W46&teamId=${teamA}&foo=1`)).status).toBe(400);
    expect((await review(supA, `week=2026-W46&teamId=999999`)).status).toBe(403);
  });

  it('turns an entry into a coaching note, and a later review shows whether the metric moved', async () => {
    const note = await t
      .http()
      .post('/api/reviews/weekly/coaching')
      .set('Authorization', `Bearer ${supA}`)
      .send({ agentId: agent.Slow, week: '2026-W46', rule: 'aht_above_team', text: 'Listen to two long calls together', followUpDate: '2026-11-20', reasons: ['AHT 7:00 vs team 5:00'] });
    expect(note.status).toBe(201);
    // The note's text is the supervisor's own; the review's words are kept beside it.
    expect(note.body).toMatchObject({ text: 'Listen to two long calls together', metric: 'aht', followUpDate: '2026-11-20', context: { week: '2026-W46', rule: 'aht_above_team', valueAtNote: 420, reasons: ['AHT 7:00 vs team 5:00'] } });

    await calls('Slow', 'W47', 20, { talk: 300 });
    await t.app.get(RollupService).rebuildAll();
    const res = await review(supA, `week=2026-W47&teamId=${teamA}&lang=en`);
    expect(res.body.followUps).toEqual([
      expect.objectContaining({ agent: expect.objectContaining({ name: 'Slow' }), metric: 'aht', before: 420, now: 300, moved: 'improved', text: 'Coaching follow-up (due 2026-11-20): AHT 7:00 → 5:00, improved' }),
    ]);
    // HR reads but does not write
    const hr = await t.userToken('hr');
    const denied = await t.http().post('/api/reviews/weekly/coaching').set('Authorization', `Bearer ${hr}`).send({ agentId: agent.Slow, week: '2026-W46', rule: 'aht_above_team', text: 'x', followUpDate: '2026-11-20' });
    expect(denied.status).toBe(403);
  });
});
