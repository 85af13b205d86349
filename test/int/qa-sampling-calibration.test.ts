import { answers, bearer, GOOD_CALL, QaWorld, qaWorld } from './qa-fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('QA sampling and calibration', () => {
  let t: TestApp;
  let w: QaWorld;

  // [external id, agent, local start (Asia/Shanghai), talk_s, answered, queue]
  const calls: [string, string, string, number, boolean, string][] = [
    ['A1-1', 'A1', '2026-11-10 09:00', 120, true, 'Mandarin'],
    ['A1-2', 'A1', '2026-11-11 09:00', 200, true, 'Mandarin'],
    ['A1-3', 'A1', '2026-11-12 09:00', 95, true, 'VIP'],
    ['A1-4', 'A1', '2026-11-13 09:00', 300, true, 'Mandarin'],
    ['A1-5', 'A1', '2026-11-14 09:00', 61, true, 'VIP'],
    ['A1-6', 'A1', '2026-11-15 09:00', 150, true, 'Mandarin'],
    ['A1-short', 'A1', '2026-11-15 10:00', 10, true, 'Mandarin'],
    ['A1-missed', 'A1', '2026-11-15 11:00', 0, false, 'Mandarin'],
    ['A1-december', 'A1', '2026-12-01 00:30', 100, true, 'Mandarin'],
    ['A2-1', 'A2', '2026-11-10 09:00', 100, true, 'Mandarin'],
    ['A2-2', 'A2', '2026-11-11 09:00', 100, true, 'VIP'],
    ['A2-3', 'A2', '2026-11-12 09:00', 100, true, 'Mandarin'],
    ['A2-4', 'A2', '2026-11-30 23:59', 100, true, 'Mandarin'],
    ['B1-1', 'B1', '2026-11-10 09:00', 100, true, 'Cantonese'],
    ['B1-2', 'B1', '2026-11-11 09:00', 100, true, 'Cantonese'],
    ['B1-3', 'B1', '2026-11-12 09:00', 100, true, 'Cantonese'],
  ];

  beforeAll(async () => {
    t = await createTestApp();
    w = await qaWorld(t);
    for (const [id, agent, local, talk, answered, queue] of calls) {
      await t.db.query(
        `INSERT INTO calls (external_id, started_at, agent_id, answered, talk_s, queue) VALUES ($1, ($2::timestamp AT TIME ZONE 'Asia/Shanghai'), $3, $4, $5, $6)`,
        [id, local, w.agents[agent], answered, talk, queue],
      );
    }
  });
  afterAll(() => t.close());

  const sample = (token: string, body: Record<string, unknown>) => t.http().post('/api/qa/samples').set(bearer(token)).send(body);
  const ids = (body: { calls: { externalId: string }[] }) => body.calls.map((c) => c.externalId);
  const november = { from: '2026-11-01', to: '2026-11-30' };

  describe('sampling', () => {
    it('picks N calls per agent reproducibly: the same seed on the same data gives the same calls', async () => {
      const first = await sample(w.tokens.supA, { ...november, perAgent: 2, minTalkSeconds: 30, answeredOnly: true, seed: 'week-47' });
      expect(first.status).toBe(201);
      expect(first.body.seed).toBe('week-47');
      const picked = ids(first.body);
      // Two per agent of team A; none of team B for team A's supervisor; nothing short, missed or outside November.
      expect(picked.filter((c) => c.startsWith('A1-'))).toHaveLength(2);
      expect(picked.filter((c) => c.startsWith('A2-'))).toHaveLength(2);
      expect(picked.filter((c) => c.startsWith('B1-'))).toHaveLength(0);
      expect(picked).not.toEqual(expect.arrayContaining(['A1-short']));
      expect(picked.some((c) => ['A1-short', 'A1-missed', 'A1-december'].includes(c))).toBe(false);

      const again = await sample(w.tokens.supA, { ...november, perAgent: 2, minTalkSeconds: 30, answeredOnly: true, seed: 'week-47' });
      expect(ids(again.body)).toEqual(picked);
      expect(again.body.id).not.toBe(first.body.id);

      // An admin sees every team; the agents of team A get the same picks (each agent is ranked alone).
      const all = await sample(w.tokens.admin, { ...november, perAgent: 2, minTalkSeconds: 30, answeredOnly: true, seed: 'week-47' });
      expect(ids(all.body).filter((c) => !c.startsWith('B1-'))).toEqual(picked);
      expect(ids(all.body).filter((c) => c.startsWith('B1-'))).toHaveLength(2);
    });

    it('applies the queue filter, takes all of an agent’s calls when there are fewer than N, and generates a seed when none is given', async () => {
      const vip = await sample(w.tokens.admin, { ...november, perAgent: 5, queue: 'VIP' });
      expect(ids(vip.body).sort()).toEqual(['A1-3', 'A1-5', 'A2-2']);
      const a2 = await sample(w.tokens.admin, { ...november, perAgent: 10, agentIds: [w.agents.A2] });
      expect(ids(a2.body).sort()).toEqual(['A2-1', 'A2-2', 'A2-3', 'A2-4']);
      const seeded = await sample(w.tokens.admin, { ...november, perAgent: 3 });
      expect(seeded.body.seed).toMatch(/^[0-9a-f]{12}$/);
      const replay = await sample(w.tokens.admin, { ...november, perAgent: 3, seed: seeded.body.seed });
      expect(ids(replay.body)).toEqual(ids(seeded.body));
    });

    it('lists assigned calls until an evaluation references them', async () => {
      const batch = await sample(w.tokens.supA, { ...november, perAgent: 1, agentIds: [w.agents.A2], seed: 'open-list' });
      const [call] = batch.body.calls;
      const open = await t.http().get(`/api/qa/samples?status=open&batchId=${batch.body.id}`).set(bearer(w.tokens.supA));
      expect(open.body).toEqual([expect.objectContaining({ externalId: call.externalId, scored: false, evaluationId: null, agent: expect.objectContaining({ code: 'A2' }) })]);

      const ev = await t.http().post('/api/qa/evaluations').set(bearer(w.tokens.supA)).send({ formVersionId: w.defaultForm.versionId, agentId: w.agents.A2, callExternalId: call.externalId, answers: answers(w.defaultForm.itemIds, GOOD_CALL) });
      expect(ev.body.callId).toBe(call.callId);
      expect((await t.http().get(`/api/qa/samples?status=open&batchId=${batch.body.id}`).set(bearer(w.tokens.supA))).body).toEqual([]);
      const scored = await t.http().get(`/api/qa/samples?status=scored&batchId=${batch.body.id}`).set(bearer(w.tokens.supA));
      expect(scored.body).toEqual([expect.objectContaining({ externalId: call.externalId, scored: true, evaluationId: ev.body.id })]);
      // A call already scored is not sampled again.
      const next = await sample(w.tokens.supA, { ...november, perAgent: 10, agentIds: [w.agents.A2] });
      expect(ids(next.body)).not.toContain(call.externalId);
      // Team B's supervisor sees only team B's assignments (from the admin's batches).
      const teamB = await t.http().get('/api/qa/samples?status=all').set(bearer(w.tokens.supB));
      expect(teamB.body.length).toBeGreaterThan(0);
      expect(new Set(teamB.body.map((c: { agent: { code: string } }) => c.agent.code))).toEqual(new Set(['B1']));
    });

    it('refuses agents and bad input with a clear 4xx', async () => {
      expect((await sample(w.tokens.agentA1, { ...november, perAgent: 1 })).status).toBe(403);
      expect((await t.http().get('/api/qa/samples').set(bearer(w.tokens.agentA1))).status).toBe(403);
      const backwards = await sample(w.tokens.admin, { from: '2026-11-30', to: '2026-11-01', perAgent: 1 });
      expect(backwards.status).toBe(400);
      expect(backwards.body.message).toContain('to');
      expect((await sample(w.tokens.admin, { ...november, perAgent: 0 })).body.message).toContain('perAgent');
      expect((await sample(w.tokens.supB, { ...november, perAgent: 1, teamId: w.teamA })).status).toBe(403);
    });
  });

  describe('calibration', () => {
    it('keeps scores blind until the session closes, then reports each evaluator’s deviation from the group', async () => {
      const form = await t
        .http()
        .post('/api/qa/forms')
        .set(bearer(w.tokens.admin))
        .send({ name: 'Calibration form', sections: [{ title: 'All', items: [{ text: 'Greeting', kind: 'yes_no', weight: 10 }, { text: 'Information', kind: 'scale', max: 4, weight: 10, naAllowed: true }] }] });
      const versionId = form.body.currentVersion.id;
      const [greeting, information] = form.body.currentVersion.sections[0].items.map((i: { id: number }) => i.id);
      const supA2 = await t.userToken('supervisor', { teamIds: [w.teamA] });
      const me = async (token: string) => (await t.http().get('/api/auth/me').set(bearer(token))).body.id as number;
      const [uSupA, uAdmin, uSupA2] = [await me(w.tokens.supA), await me(w.tokens.admin), await me(supA2)];

      const created = await t.http().post('/api/qa/calibrations').set(bearer(w.tokens.supA)).send({ callExternalId: 'A1-2', formVersionId: versionId, evaluatorIds: [uSupA, uAdmin, uSupA2] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'open', agent: { code: 'A1' }, call: { externalId: 'A1-2' } });
      const id = created.body.id;
      const score = (token: string, v1: boolean, v2: number | 'na') =>
        t.http().post(`/api/qa/calibrations/${id}/evaluations`).set(bearer(token)).send({ answers: [{ itemId: greeting, value: v1 }, { itemId: information, value: v2 }] });

      // A (supA): yes, 4/4 -> 100. B (admin): yes, 2/4 -> 75. C (supA2): no, N/A -> 0.
      const a = await score(w.tokens.supA, true, 4);
      const b = await score(w.tokens.admin, true, 2);
      expect(a.status).toBe(201);
      expect([a.body.score, b.body.score]).toEqual([100, 75]);
      expect((await score(w.tokens.supA, true, 3)).status).toBe(409);
      expect((await score(w.tokens.supB, true, 3)).status).toBe(403);

      // Blind while open: nobody sees another evaluator's score.
      expect((await t.http().get(`/api/qa/evaluations/${b.body.id}`).set(bearer(w.tokens.supA))).status).toBe(403);
      const session = await t.http().get(`/api/qa/calibrations/${id}`).set(bearer(w.tokens.supA));
      expect(session.body.evaluators.find((e: { id: number }) => e.id === uAdmin)).toMatchObject({ scored: true, evaluationId: null });
      expect(session.body.evaluators.find((e: { id: number }) => e.id === uSupA)).toMatchObject({ scored: true, evaluationId: a.body.id });
      expect((await t.http().get(`/api/qa/calibrations/${id}/report`).set(bearer(w.tokens.supA))).status).toBe(409);
      // A practice score is neither submitted nor listed with the agent's evaluations.
      expect((await t.http().post(`/api/qa/evaluations/${a.body.id}/submit`).set(bearer(w.tokens.supA))).status).toBe(409);
      const listed = await t.http().get(`/api/qa/evaluations?agentId=${w.agents.A1}&status=draft`).set(bearer(w.tokens.admin));
      expect(listed.body.map((e: { id: number }) => e.id)).not.toContain(a.body.id);

      expect((await score(supA2, false, 'na')).status).toBe(201);
      expect((await t.http().post(`/api/qa/calibrations/${id}/close`).set(bearer(supA2))).status).toBe(403);
      const closed = await t.http().post(`/api/qa/calibrations/${id}/close`).set(bearer(w.tokens.supA));
      expect(closed.body.status).toBe('closed');
      expect((await score(w.tokens.admin, true, 4)).status).toBe(409);

      const report = await t.http().get(`/api/qa/calibrations/${id}/report`).set(bearer(w.tokens.supA));
      expect(report.status).toBe(200);
      // Mean score (100 + 75 + 0) / 3 = 58.333…; deviations +41.667, +16.667, -58.333.
      expect(report.body.meanScore).toBeCloseTo(58.333333333333336, 12);
      const dev = (user: number) => report.body.evaluators.find((e: { evaluatorId: number }) => e.evaluatorId === user);
      expect(dev(uSupA).deviation).toBeCloseTo(41.666666666666664, 12);
      expect(dev(uAdmin).deviation).toBeCloseTo(16.666666666666664, 12);
      expect(dev(uSupA2).deviation).toBeCloseTo(-58.333333333333336, 12);
      // Harsh vs lenient over items: A (33.333 + 25) / 2 = 29.167, B (33.333 - 25) / 2 = 4.167, C -66.667.
      expect(dev(uSupA).meanItemDeviation).toBeCloseTo(29.166666666666668, 12);
      expect(dev(uAdmin).meanItemDeviation).toBeCloseTo(4.166666666666668, 12);
      expect(dev(uSupA2).meanItemDeviation).toBeCloseTo(-66.66666666666667, 12);
      // Items: greeting mean 66.667 (spread 100); information mean (100 + 50) / 2 = 75, C's N/A left out.
      const [i1, i2] = report.body.items;
      expect(i1).toMatchObject({ itemId: greeting, text: 'Greeting', sectionTitle: 'All', spread: 100 });
      expect(i1.mean).toBeCloseTo(66.66666666666667, 12);
      expect(i2).toMatchObject({ itemId: information, mean: 75, spread: 50 });
      expect(i2.evaluators.find((e: { evaluatorId: number }) => e.evaluatorId === uSupA2)).toEqual({ evaluatorId: uSupA2, percent: null, deviation: null });
      expect(i2.evaluators.find((e: { evaluatorId: number }) => e.evaluatorId === uAdmin)).toEqual({ evaluatorId: uAdmin, percent: 50, deviation: -25 });

      // After closing, the scores are open to the session's participants, never to the agent.
      expect((await t.http().get(`/api/qa/evaluations/${b.body.id}`).set(bearer(w.tokens.supA))).status).toBe(200);
      expect((await t.http().get(`/api/qa/evaluations/${b.body.id}`).set(bearer(w.tokens.agentA1))).status).toBe(404);
      expect((await t.http().get(`/api/qa/calibrations/${id}`).set(bearer(w.tokens.agentA1))).status).toBe(403);
    });

    it('lists the people a session can invite: active supervisors and admins, for those who run sessions', async () => {
      const res = await t.http().get('/api/qa/evaluators').set(bearer(w.tokens.supA));
      expect(res.status).toBe(200);
      const roles = new Set(res.body.map((u: { role: string }) => u.role));
      expect([...roles].sort()).toEqual(['admin', 'supervisor']);
      expect(Object.keys(res.body[0]).sort()).toEqual(['id', 'name', 'role']);
      await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [res.body[0].id]);
      const after = await t.http().get('/api/qa/evaluators').set(bearer(w.tokens.supA));
      expect(after.body.map((u: { id: number }) => u.id)).not.toContain(res.body[0].id);
      await t.db.query(`UPDATE users SET active = true WHERE id = $1`, [res.body[0].id]);
      expect((await t.http().get('/api/qa/evaluators').set(bearer(w.tokens.hr))).status).toBe(403);
      expect((await t.http().get('/api/qa/evaluators').set(bearer(w.tokens.agentA1))).status).toBe(403);
    });

    it('refuses a calibration without two evaluators who can score', async () => {
      const hrId = (await t.http().get('/api/auth/me').set(bearer(w.tokens.hr))).body.id;
      const adminId = (await t.http().get('/api/auth/me').set(bearer(w.tokens.admin))).body.id;
      const one = await t.http().post('/api/qa/calibrations').set(bearer(w.tokens.admin)).send({ callExternalId: 'A1-1', formVersionId: w.defaultForm.versionId, evaluatorIds: [adminId] });
      expect(one.status).toBe(400);
      expect(one.body.message).toContain('evaluatorIds');
      const hr = await t.http().post('/api/qa/calibrations').set(bearer(w.tokens.admin)).send({ callExternalId: 'A1-1', formVersionId: w.defaultForm.versionId, evaluatorIds: [adminId, hrId] });
      expect(hr.status).toBe(400);
      expect(hr.body.message).toContain(`user ${hrId}`);
      expect((await t.http().post('/api/qa/calibrations').set(bearer(w.tokens.admin)).send({ callExternalId: 'NOPE', formVersionId: w.defaultForm.versionId, evaluatorIds: [adminId, hrId] })).status).toBe(404);
    });
  });
});
