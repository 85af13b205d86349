import { answers, bearer, GOOD_CALL, GOOD_CALL_SCORE, QaWorld, qaWorld } from './qa-fixtures';
import { createTestApp, TestApp } from './support/test-app';

describe('QA forms and evaluations', () => {
  let t: TestApp;
  let w: QaWorld;
  beforeAll(async () => {
    t = await createTestApp();
    w = await qaWorld(t);
  });
  afterAll(() => t.close());

  const createEval = (token: string, body: Record<string, unknown>) => t.http().post('/api/qa/evaluations').set(bearer(token)).send(body);

  describe('forms', () => {
    const body = {
      name: '投诉质检 Complaint form',
      sections: [
        { title: 'Opening', items: [{ text: 'Greeting', kind: 'yes_no', weight: 5 }, { text: 'Identity verified', kind: 'yes_no', weight: 10, critical: true, guidance: 'Two identifiers' }] },
        { title: 'Handling', items: [{ text: 'Information', kind: 'scale', max: 4, weight: 10, naAllowed: true }] },
      ],
    };

    it('creates a form answered with its current version, sections and items in the order given', async () => {
      const res = await t.http().post('/api/qa/forms').set(bearer(w.tokens.supA)).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: body.name, archivedAt: null, currentVersion: { version: 1 } });
      expect(res.body.currentVersion.sections.map((s: { title: string; items: { text: string }[] }) => [s.title, s.items.map((i) => i.text)])).toEqual([
        ['Opening', ['Greeting', 'Identity verified']],
        ['Handling', ['Information']],
      ]);
      expect(res.body.currentVersion.sections[0].items[1]).toEqual({ id: expect.any(Number), text: 'Identity verified', kind: 'yes_no', max: null, weight: 10, critical: true, naAllowed: false, guidance: 'Two identifiers' });
      expect(res.body.currentVersion.sections[1].items[0]).toMatchObject({ kind: 'scale', max: 4, naAllowed: true, critical: false });
    });

    it('lets only admins and supervisors write forms, and names a wrong field', async () => {
      expect((await t.http().post('/api/qa/forms').set(bearer(w.tokens.hr)).send(body)).status).toBe(403);
      expect((await t.http().post('/api/qa/forms').set(bearer(w.tokens.agentA1)).send(body)).status).toBe(403);
      expect((await t.http().get('/api/qa/forms').set(bearer(w.tokens.hr))).status).toBe(200);
      const noMax = await t.http().post('/api/qa/forms').set(bearer(w.tokens.admin)).send({ name: 'x', sections: [{ title: 's', items: [{ text: 'i', kind: 'scale', weight: 5 }] }] });
      expect(noMax.status).toBe(400);
      expect(noMax.body.message).toContain('sections.0.items.0.max');
      const extra = await t.http().post('/api/qa/forms').set(bearer(w.tokens.admin)).send({ ...body, colour: 'red' });
      expect(extra.status).toBe(400);
      expect(extra.body.message).toContain('colour');
    });

    it('edits an unused version in place, then versions once evaluated; v1 evaluations keep scoring against v1', async () => {
      const created = (await t.http().post('/api/qa/forms').set(bearer(w.tokens.admin)).send({ ...body, name: 'Versioned' })).body;
      const v1 = created.currentVersion.id;
      // No evaluation yet: the edit changes version 1 itself.
      const edited = { ...body, name: 'Versioned', sections: [{ title: 'Only', items: [{ text: 'Greeting', kind: 'yes_no', weight: 4 }, { text: 'Tone', kind: 'scale', max: 5, weight: 6 }] }] };
      const inPlace = await t.http().put(`/api/qa/forms/${created.id}`).set(bearer(w.tokens.admin)).send(edited);
      expect(inPlace.status).toBe(200);
      expect(inPlace.body.currentVersion).toMatchObject({ id: v1, version: 1 });
      const [greet, tone] = inPlace.body.currentVersion.sections[0].items.map((i: { id: number }) => i.id);

      // Scored on v1: greeting yes 4, tone 2/5 of 6 = 2.4 -> 6.4 of 10 = 64.
      const ev = await createEval(w.tokens.supA, { formVersionId: v1, agentId: w.agents.A2, answers: [{ itemId: greet, value: true }, { itemId: tone, value: 2 }] });
      expect(ev.status).toBe(201);
      expect(ev.body.score).toBeCloseTo(64, 12);

      const v2res = await t.http().put(`/api/qa/forms/${created.id}`).set(bearer(w.tokens.admin)).send({ ...edited, sections: [{ title: 'Only', items: [{ text: 'Greeting', kind: 'yes_no', weight: 1 }, { text: 'Tone', kind: 'scale', max: 5, weight: 9 }] }] });
      expect(v2res.body.currentVersion).toMatchObject({ version: 2 });
      expect(v2res.body.currentVersion.id).not.toBe(v1);
      expect(v2res.body.versions.map((v: { version: number; evaluationCount: number }) => [v.version, v.evaluationCount])).toEqual([
        [2, 0],
        [1, 1],
      ]);

      // The v1 evaluation is unchanged, and editing it still scores against v1's weights:
      // tone 3/5 -> 4 + 6 x 3/5 = 7.6 of 10 = 76 (v2's weights would give 1 + 5.4 = 64).
      const again = await t.http().get(`/api/qa/evaluations/${ev.body.id}`).set(bearer(w.tokens.supA));
      expect(again.body).toMatchObject({ formVersionId: v1, score: 64, form: { version: 1 } });
      const patched = await t.http().patch(`/api/qa/evaluations/${ev.body.id}`).set(bearer(w.tokens.supA)).send({ answers: [{ itemId: tone, value: 3 }] });
      expect(patched.status).toBe(200);
      expect(patched.body.score).toBeCloseTo(76, 12);
      // v2 items are other ids: an answer with them is refused, naming the item.
      const v2Item = v2res.body.currentVersion.sections[0].items[0].id;
      const wrong = await t.http().patch(`/api/qa/evaluations/${ev.body.id}`).set(bearer(w.tokens.supA)).send({ answers: [{ itemId: v2Item, value: true }] });
      expect(wrong.status).toBe(400);
      expect(wrong.body.message).toContain(`Item ${v2Item}`);

      // Used forms are archived, not deleted; an archived form takes no new evaluations.
      expect((await t.http().delete(`/api/qa/forms/${created.id}`).set(bearer(w.tokens.admin))).status).toBe(409);
      const archived = await t.http().post(`/api/qa/forms/${created.id}/archive`).set(bearer(w.tokens.admin));
      expect(archived.status).toBe(200);
      expect(archived.body.archivedAt).not.toBeNull();
      const onArchived = await createEval(w.tokens.supA, { formVersionId: v2res.body.currentVersion.id, agentId: w.agents.A2, answers: [] });
      expect(onArchived.status).toBe(409);
      const listed = await t.http().get('/api/qa/forms').set(bearer(w.tokens.admin));
      expect(listed.body.map((f: { id: number }) => f.id)).not.toContain(created.id);
    });
  });

  describe('creating an evaluation', () => {
    it('computes score and autoFail on the server, ignoring those sent', async () => {
      const res = await createEval(w.tokens.supA, { formVersionId: w.defaultForm.versionId, agentId: w.agents.A2, answers: answers(w.defaultForm.itemIds, GOOD_CALL), score: 100, autoFail: true, comment: 'good call' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'draft', autoFail: false, source: 'app', comment: 'good call', agent: { id: w.agents.A2, code: 'A2' } });
      expect(res.body.score).toBeCloseTo(GOOD_CALL_SCORE, 12);
      // Section scores: Handling earns 9 + 10 of 15 + 10 = 76.
      expect(res.body.sections.map((s: { score: number | null }) => s.score)).toEqual([100, 90, 76, 100, 100, 100]);
      expect(res.body.sections[2].items[1]).toMatchObject({ value: 'na', na: true, earned: 0, possible: 0 });
    });

    it('auto-fails on a failed critical item', async () => {
      const values = [...GOOD_CALL];
      values[9] = false; // forbidden phrase used
      const res = await createEval(w.tokens.supA, { formVersionId: w.defaultForm.versionId, agentId: w.agents.A2, answers: answers(w.defaultForm.itemIds, values) });
      expect(res.body).toMatchObject({ score: 0, autoFail: true });
    });

    it.each([
      ['a scale value out of range', (v: unknown[]) => v.map((x, i) => (i === 3 ? 6 : x)), 3, 'from 0 to 5'],
      ['N/A where not allowed', (v: unknown[]) => v.map((x, i) => (i === 0 ? 'na' : x)), 0, 'does not allow N/A'],
    ])('refuses %s with a 400 naming the item', async (_case, change, index, message) => {
      const values = change([...GOOD_CALL]) as (boolean | number | 'na')[];
      const res = await createEval(w.tokens.supA, { formVersionId: w.defaultForm.versionId, agentId: w.agents.A2, answers: answers(w.defaultForm.itemIds, values) });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(`Item ${w.defaultForm.itemIds[index]}`);
      expect(res.body.message).toContain(message);
    });

    it('keeps a partial draft (score open, unanswered items named) and refuses to submit it with a 400 naming them', async () => {
      const ids = w.defaultForm.itemIds;
      // Only the first three items (5 + 5 + 10, all yes).
      const res = await createEval(w.tokens.supA, { formVersionId: w.defaultForm.versionId, agentId: w.agents.A2, answers: answers(ids, [true, true, true]) });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'draft', score: null, autoFail: false, unansweredItemIds: ids.slice(3) });
      // The opening section is complete (20 of 20); the others have no score yet.
      expect(res.body.sections.map((s: { score: number | null }) => s.score)).toEqual([100, null, null, null, null, null]);
      expect(res.body.sections[1].items[0]).toMatchObject({ value: null, earned: 0, possible: 0 });
      const early = await t.http().post(`/api/qa/evaluations/${res.body.id}/submit`).set(bearer(w.tokens.supA));
      expect(early.status).toBe(400);
      expect(early.body.code).toBe('answers_incomplete');
      expect(early.body.message).toContain(`${ids[3]} (`);
      expect(early.body.message).toContain(`${ids[12]} (`);
      // Answering the rest scores it like a complete evaluation and lets it go.
      const done = await t.http().patch(`/api/qa/evaluations/${res.body.id}`).set(bearer(w.tokens.supA)).send({ answers: answers(ids, GOOD_CALL).slice(3) });
      expect(done.body.unansweredItemIds).toEqual([]);
      expect(done.body.score).toBeCloseTo(GOOD_CALL_SCORE, 12);
      expect((await t.http().post(`/api/qa/evaluations/${res.body.id}/submit`).set(bearer(w.tokens.supA))).status).toBe(200);
    });

    it('fixes a partial draft at 0 once a critical item fails', async () => {
      const values = [true, true, false]; // the critical third item fails
      const res = await createEval(w.tokens.supA, { formVersionId: w.defaultForm.versionId, agentId: w.agents.A2, answers: answers(w.defaultForm.itemIds, values) });
      expect(res.body).toMatchObject({ score: 0, autoFail: true });
    });

    it('lets only a supervisor of the agent’s team (or an admin) score the agent', async () => {
      const body = { formVersionId: w.defaultForm.versionId, agentId: w.agents.A2, answers: answers(w.defaultForm.itemIds, GOOD_CALL) };
      expect((await createEval(w.tokens.supB, body)).status).toBe(403);
      expect((await createEval(w.tokens.hr, body)).status).toBe(403);
      expect((await createEval(w.tokens.agentA2, body)).status).toBe(403);
      expect((await createEval(w.tokens.admin, body)).status).toBe(201);
      expect((await createEval(w.tokens.admin, { ...body, agentId: 99999 })).status).toBe(404);
    });
  });

  describe('lifecycle', () => {
    const qaScore = async (localDate: string) => {
      const res = await t
        .http()
        .get(`/api/kpis?from=${localDate}&to=${localDate}&granularity=week&groupBy=agent&agentId=${w.agents.A1}&metrics=qa_score,qa_autofail_rate`)
        .set(bearer(w.tokens.admin));
      expect(res.status).toBe(200);
      return res.body.rows[0]?.metrics.qa_score;
    };

    it('runs draft -> submitted -> disputed -> resolved with history, audit and the weekly QA score following', async () => {
      const created = await createEval(w.tokens.supA, { formVersionId: w.defaultForm.versionId, agentId: w.agents.A1, callExternalId: 'CALL-NOT-YET-IMPORTED', answers: answers(w.defaultForm.itemIds, GOOD_CALL) });
      const id = created.body.id;
      // The agent does not see a draft.
      expect((await t.http().get(`/api/qa/evaluations/${id}`).set(bearer(w.tokens.agentA1))).status).toBe(404);

      // Edit the draft: tone 5 -> 4 = 5 x 4/5 = 4 -> 81 of 90 = 90.
      const edited = await t.http().patch(`/api/qa/evaluations/${id}`).set(bearer(w.tokens.supA)).send({ answers: [{ itemId: w.defaultForm.itemIds[10], value: 4, comment: 'a little fast' }] });
      expect(edited.body.score).toBe(90);
      expect(edited.body.sections[3].items[1]).toMatchObject({ value: 4, comment: 'a little fast' });

      expect((await t.http().post(`/api/qa/evaluations/${id}/acknowledge`).set(bearer(w.tokens.agentA1))).status).toBe(404);
      const submitted = await t.http().post(`/api/qa/evaluations/${id}/submit`).set(bearer(w.tokens.supA));
      expect(submitted.status).toBe(200);
      expect(submitted.body.status).toBe('submitted');
      const lateEdit = await t.http().patch(`/api/qa/evaluations/${id}`).set(bearer(w.tokens.supA)).send({ comment: 'late edit' });
      expect(lateEdit.status).toBe(409);
      expect(lateEdit.body).toMatchObject({ code: 'evaluation_not_draft', evaluationStatus: 'submitted', action: 'edit' });

      const localDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(submitted.body.submittedAt));
      expect(await qaScore(localDate)).toMatchObject({ num: 90, den: 1, value: 90 });

      // Only the evaluated agent disputes; to another agent the evaluation does not exist (issue 15: no probing of ids).
      expect((await t.http().post(`/api/qa/evaluations/${id}/dispute`).set(bearer(w.tokens.agentA2)).send({ reason: 'x' })).status).toBe(404);
      expect((await t.http().get(`/api/qa/evaluations/${id}`).set(bearer(w.tokens.agentA2))).status).toBe(404);
      expect((await t.http().post(`/api/qa/evaluations/${id}/dispute`).set(bearer(w.tokens.supA)).send({ reason: 'x' })).status).toBe(403);
      expect((await t.http().post(`/api/qa/evaluations/${id}/dispute`).set(bearer(w.tokens.agentA1)).send({})).status).toBe(400);
      const disputed = await t.http().post(`/api/qa/evaluations/${id}/dispute`).set(bearer(w.tokens.agentA1)).send({ reason: '我给了准确的信息 The information was complete' });
      expect(disputed.body).toMatchObject({ status: 'disputed', disputeReason: '我给了准确的信息 The information was complete' });

      // Resolved by the team's supervisor, accepting: information 3 -> 5 = 15 -> 81 - 9 + 15 = 87 of 90 = 96.666…
      expect((await t.http().post(`/api/qa/evaluations/${id}/resolve`).set(bearer(w.tokens.supB)).send({ note: 'no' })).status).toBe(404);
      const resolved = await t
        .http()
        .post(`/api/qa/evaluations/${id}/resolve`)
        .set(bearer(w.tokens.supA))
        .send({ note: 'Agreed after listening again', answers: [{ itemId: w.defaultForm.itemIds[5], value: 5 }] });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', resolutionNote: 'Agreed after listening again' });
      expect(resolved.body.score).toBeCloseTo(96.66666666666667, 12);
      expect((await qaScore(localDate)).value).toBeCloseTo(96.66666666666667, 12);

      const seen = await t.http().get(`/api/qa/evaluations/${id}`).set(bearer(w.tokens.agentA1));
      expect(seen.status).toBe(200);
      expect(seen.body.history.map((h: Record<string, unknown>) => [h.action, h.fromStatus, h.toStatus, h.scoreBefore, h.scoreAfter])).toEqual([
        ['create', null, 'draft', null, expect.closeTo(GOOD_CALL_SCORE, 12)],
        ['update', 'draft', 'draft', expect.closeTo(GOOD_CALL_SCORE, 12), 90],
        ['submit', 'draft', 'submitted', 90, 90],
        ['dispute', 'submitted', 'disputed', 90, 90],
        ['resolve', 'disputed', 'resolved', 90, expect.closeTo(96.66666666666667, 12)],
      ]);
      expect(seen.body.history[3].user.name).toMatch(/^agent/);
      expect(seen.body.history[4].detail).toMatchObject({ outcome: 'rescored', changes: [{ itemId: w.defaultForm.itemIds[5], before: 3, after: 5 }] });
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE target = $1 ORDER BY id`, [`evaluation:${id}`]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['evaluation.create', 'evaluation.update', 'evaluation.submit', 'evaluation.dispute', 'evaluation.resolve']);
    });

    it('counts imported evaluations and app evaluations alike in qa_score and qa_autofail_rate', async () => {
      // Week 2026-W41 (Oct 5-11) for A2: imported 80, imported auto-fail (0), and an app evaluation of 91.111…
      await t.db.query(
        `INSERT INTO qa_evaluations (source, agent_id, status, score, auto_fail, submitted_at, evaluator_label) VALUES
           ('import', $1, 'submitted', 80, false, '2026-10-06T10:00:00+08:00', 'sheet'),
           ('import', $1, 'submitted', 0, true, '2026-10-07T10:00:00+08:00', 'sheet')`,
        [w.agents.A2],
      );
      const app = await createEval(w.tokens.supA, { formVersionId: w.defaultForm.versionId, agentId: w.agents.A2, answers: answers(w.defaultForm.itemIds, GOOD_CALL) });
      await t.http().post(`/api/qa/evaluations/${app.body.id}/submit`).set(bearer(w.tokens.supA));
      await t.db.query(`UPDATE qa_evaluations SET submitted_at = '2026-10-08T10:00:00+08:00' WHERE id = $1`, [app.body.id]);
      // What the import path does after writing rows: tell the rollups which local dates changed.
      const { RollupService } = await import('../../server/modules/kpi/rollup.service');
      await t.db.transaction((m) => t.app.get(RollupService).applyEvaluationChanges(m, ['2026-10-06', '2026-10-07', '2026-10-08']));

      const res = await t.http().get(`/api/kpis?from=2026-10-05&to=2026-10-11&granularity=week&groupBy=agent&agentId=${w.agents.A2}&metrics=qa_score,qa_autofail_rate`).set(bearer(w.tokens.admin));
      const m = res.body.rows[0].metrics;
      // qa_score = (80 + 0 + 91.111…) / 3 = 57.037…; auto-fail 1 of 3.
      expect(m.qa_score.den).toBe(3);
      expect(m.qa_score.num).toBeCloseTo(171.11111111111111, 10);
      expect(m.qa_score.value).toBeCloseTo(57.03703703703704, 10);
      expect(m.qa_autofail_rate).toMatchObject({ num: 1, den: 3 });
    });

    it('refuses a dispute after the window, still allows acknowledging, and a rejected dispute keeps the score', async () => {
      const mk = async () => {
        const c = await createEval(w.tokens.supA, { formVersionId: w.defaultForm.versionId, agentId: w.agents.A3, answers: answers(w.defaultForm.itemIds, GOOD_CALL) });
        await t.http().post(`/api/qa/evaluations/${c.body.id}/submit`).set(bearer(w.tokens.supA));
        return c.body.id as number;
      };
      const late = await mk();
      await t.db.query(`UPDATE qa_evaluations SET submitted_at = now() - interval '15 days' WHERE id = $1`, [late]);
      const refused = await t.http().post(`/api/qa/evaluations/${late}/dispute`).set(bearer(w.tokens.agentA3)).send({ reason: 'too late?' });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toContain('14 days after submission');
      const ack = await t.http().post(`/api/qa/evaluations/${late}/acknowledge`).set(bearer(w.tokens.agentA3));
      expect(ack.body.status).toBe('acknowledged');
      const again = await t.http().post(`/api/qa/evaluations/${late}/dispute`).set(bearer(w.tokens.agentA3)).send({ reason: 'again' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('evaluation_not_submitted');

      const inWindow = await mk();
      await t.db.query(`UPDATE qa_evaluations SET submitted_at = now() - interval '13 days' WHERE id = $1`, [inWindow]);
      expect((await t.http().post(`/api/qa/evaluations/${inWindow}/dispute`).set(bearer(w.tokens.agentA3)).send({ reason: 'unfair' })).status).toBe(200);
      const rejected = await t.http().post(`/api/qa/evaluations/${inWindow}/resolve`).set(bearer(w.tokens.admin)).send({ note: 'Score stands' });
      expect(rejected.body).toMatchObject({ status: 'resolved' });
      expect(rejected.body.score).toBeCloseTo(GOOD_CALL_SCORE, 12);
      expect(rejected.body.history.at(-1)).toMatchObject({ action: 'resolve', detail: { outcome: 'upheld', note: 'Score stands' } });
    });
  });

  describe('disputes per item', () => {
    const submittedFor = async (agent: number) => {
      const c = await createEval(w.tokens.supA, { formVersionId: w.defaultForm.versionId, agentId: agent, callExternalId: `ITEM-${Math.random()}`, answers: answers(w.defaultForm.itemIds, GOOD_CALL) });
      await t.http().post(`/api/qa/evaluations/${c.body.id}/submit`).set(bearer(w.tokens.supA));
      return c.body.id as number;
    };

    it('stores the items picked with a reason each, shows them to both sides and in the history', async () => {
      const id = await submittedFor(w.agents.A3);
      const [info, tone] = [w.defaultForm.itemIds[5], w.defaultForm.itemIds[10]];
      const res = await t
        .http()
        .post(`/api/qa/evaluations/${id}/dispute`)
        .set(bearer(w.tokens.agentA3))
        .send({ reason: 'Two items are wrong', items: [{ itemId: info, reason: '信息完整 I gave every detail' }, { itemId: tone, reason: 'Tone was calm' }] });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'disputed', disputeReason: 'Two items are wrong', disputeItems: [{ itemId: info, reason: '信息完整 I gave every detail' }, { itemId: tone, reason: 'Tone was calm' }] });
      const sup = await t.http().get(`/api/qa/evaluations/${id}`).set(bearer(w.tokens.supA));
      expect(sup.body.disputeItems.map((i: { itemId: number }) => i.itemId)).toEqual([info, tone]);
      expect(sup.body.history.at(-1)).toMatchObject({ action: 'dispute', detail: { reason: 'Two items are wrong', items: [{ itemId: info }, { itemId: tone }] } });
    });

    it('keeps a whole-evaluation dispute { reason } working with no items', async () => {
      const id = await submittedFor(w.agents.A3);
      const res = await t.http().post(`/api/qa/evaluations/${id}/dispute`).set(bearer(w.tokens.agentA3)).send({ reason: 'unfair overall' });
      expect(res.status).toBe(200);
      expect(res.body.disputeItems).toEqual([]);
    });

    it.each([
      ['an item of another form', () => [{ itemId: 999999, reason: 'x' }], 'items.0.itemId'],
      ['the same item twice', () => [{ itemId: w.defaultForm.itemIds[0], reason: 'x' }, { itemId: w.defaultForm.itemIds[0], reason: 'y' }], 'items.1.itemId'],
      ['an item without a reason', () => [{ itemId: w.defaultForm.itemIds[0], reason: ' ' }], 'items.0.reason'],
    ])('refuses %s with a 400 naming the field, leaving the evaluation submitted', async (_c, items, field) => {
      const id = await submittedFor(w.agents.A3);
      const res = await t.http().post(`/api/qa/evaluations/${id}/dispute`).set(bearer(w.tokens.agentA3)).send({ reason: 'r', items: items() });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
      expect((await t.http().get(`/api/qa/evaluations/${id}`).set(bearer(w.tokens.agentA3))).body.status).toBe('submitted');
    });

    it('refuses items on an imported evaluation (it has none)', async () => {
      const [row] = await t.db.query(`INSERT INTO qa_evaluations (source, agent_id, status, score, submitted_at, call_external_id) VALUES ('import', $1, 'submitted', 80, now(), 'IMP-1') RETURNING id`, [w.agents.A3]);
      const res = await t.http().post(`/api/qa/evaluations/${row.id}/dispute`).set(bearer(w.tokens.agentA3)).send({ reason: 'r', items: [{ itemId: w.defaultForm.itemIds[0], reason: 'x' }] });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('imported evaluation has no items');
    });
  });

  describe('listing', () => {
    it('shows an agent only their own submitted evaluations, imported ones alongside app ones', async () => {
      await t.db.query(
        `INSERT INTO qa_evaluations (source, agent_id, status, score, auto_fail, submitted_at, evaluator_label, form_label, call_external_id)
         VALUES ('import', $1, 'submitted', 80, false, '2026-10-15T10:00:00+08:00', '王主管', 'Old sheet', 'C-77')`,
        [w.agents.A1],
      );
      const mine = await t.http().get('/api/qa/evaluations').set(bearer(w.tokens.agentA1));
      expect(mine.status).toBe(200);
      expect(mine.body.length).toBeGreaterThanOrEqual(2);
      expect(new Set(mine.body.map((e: { agent: { id: number } }) => e.agent.id))).toEqual(new Set([w.agents.A1]));
      expect(mine.body.every((e: { status: string }) => e.status !== 'draft')).toBe(true);
      expect(mine.body.map((e: { source: string }) => e.source).sort()).toEqual(['app', 'import']);
      expect(mine.body.find((e: { source: string }) => e.source === 'import')).toMatchObject({ score: 80, evaluatorLabel: '王主管', formLabel: 'Old sheet', form: null });
      expect(mine.headers['x-total-count']).toBe(String(mine.body.length));

      // Asking for another agent is refused outright.
      const other = await t.http().get(`/api/qa/evaluations?agentId=${w.agents.A2}`).set(bearer(w.tokens.agentA1));
      expect(other.status).toBe(403);

      const midOctober = await t.http().get(`/api/qa/evaluations?from=2026-10-15&to=2026-10-15&agentId=${w.agents.A1}`).set(bearer(w.tokens.admin));
      expect(midOctober.body.map((e: { callExternalId: string }) => e.callExternalId)).toEqual(['C-77']);
    });

    it('reads a bulk-loaded app evaluation with incomplete answers without failing', async () => {
      const [row] = await t.db.query(
        `INSERT INTO qa_evaluations (source, form_version_id, agent_id, status, score, submitted_at) VALUES ('app', $1, $2, 'submitted', 70, now()) RETURNING id`,
        [w.defaultForm.versionId, w.agents.A2],
      );
      await t.db.query(`INSERT INTO qa_evaluation_answers (evaluation_id, item_id, value) VALUES ($1, $2, 'true')`, [row.id, w.defaultForm.itemIds[0]]);
      const res = await t.http().get(`/api/qa/evaluations/${row.id}`).set(bearer(w.tokens.admin));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ score: 70, sections: [], earned: null, history: [] });
    });

    it('filters by form and by status (the QA work queue)', async () => {
      const other = (await t.http().post('/api/qa/forms').set(bearer(w.tokens.admin)).send({ name: 'Queue form', sections: [{ title: 's', items: [{ text: 'ok', kind: 'yes_no', weight: 1 }] }] })).body;
      const item = other.currentVersion.sections[0].items[0].id;
      const mine = await createEval(w.tokens.supA, { formVersionId: other.currentVersion.id, agentId: w.agents.A3, answers: [{ itemId: item, value: true }] });
      const byForm = await t.http().get(`/api/qa/evaluations?formId=${other.id}`).set(bearer(w.tokens.supA));
      expect(byForm.body.map((e: { id: number }) => e.id)).toEqual([mine.body.id]);
      const drafts = await t.http().get(`/api/qa/evaluations?formId=${other.id}&status=submitted`).set(bearer(w.tokens.supA));
      expect(drafts.body).toEqual([]);
      expect((await t.http().get('/api/qa/evaluations?formId=abc').set(bearer(w.tokens.supA))).status).toBe(400);
    });

    it("scopes a supervisor to their teams' agents", async () => {
      const b = await t.http().get('/api/qa/evaluations').set(bearer(w.tokens.supB));
      expect(b.body).toEqual([]);
      const a = await t.http().get('/api/qa/evaluations?status=draft').set(bearer(w.tokens.supA));
      expect(a.body.length).toBeGreaterThan(0);
      const some = a.body[0].id;
      expect((await t.http().get(`/api/qa/evaluations/${some}`).set(bearer(w.tokens.supB))).status).toBe(404);
      expect((await t.http().get(`/api/qa/evaluations/${some}`).set(bearer(w.tokens.hr))).status).toBe(200);
      expect((await t.http().get('/api/qa/evaluations?from=2026-02-31').set(bearer(w.tokens.hr))).status).toBe(400);
    });
  });

  it('documents the QA endpoints in OpenAPI and answers a bad id with a 400, not a 500', async () => {
    const docs = await t.http().get('/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/qa/forms', '/api/qa/evaluations/{id}/resolve', '/api/qa/samples', '/api/qa/calibrations/{id}/report', '/api/coaching-notes']),
    );
    expect((await t.http().get('/api/qa/evaluations/abc').set(bearer(w.tokens.admin))).status).toBe(400);
    expect((await t.http().get('/api/qa/evaluations/99999999999').set(bearer(w.tokens.admin))).status).toBe(400);
    expect((await t.http().get('/api/qa/evaluations/123456').set(bearer(w.tokens.admin))).status).toBe(404);
    expect((await t.http().get('/api/qa/forms/123456').set(bearer(w.tokens.admin))).status).toBe(404);
  });

  describe('coaching notes', () => {
    it('lets the team supervisor write notes the agent then reads, and nobody else write', async () => {
      const [ev] = (await t.http().get(`/api/qa/evaluations?agentId=${w.agents.A1}&source=app`).set(bearer(w.tokens.admin))).body;
      const res = await t.http().post('/api/coaching-notes').set(bearer(w.tokens.supA)).send({ agentId: w.agents.A1, text: '复述关键信息 Repeat key facts back', followUpDate: '2026-12-01', evaluationId: ev.id, metric: 'qa_score' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ agent: { id: w.agents.A1 }, evaluationId: ev.id, followUpDate: '2026-12-01', metric: 'qa_score' });
      expect((await t.http().post('/api/coaching-notes').set(bearer(w.tokens.supB)).send({ agentId: w.agents.A1, text: 'x' })).status).toBe(403);
      expect((await t.http().post('/api/coaching-notes').set(bearer(w.tokens.agentA1)).send({ agentId: w.agents.A1, text: 'x' })).status).toBe(403);
      expect((await t.http().post('/api/coaching-notes').set(bearer(w.tokens.supA)).send({ agentId: w.agents.A2, text: 'x', evaluationId: ev.id })).status).toBe(400);

      const own = await t.http().get('/api/coaching-notes').set(bearer(w.tokens.agentA1));
      expect(own.body.map((n: { id: number }) => n.id)).toEqual([res.body.id]);
      expect((await t.http().get('/api/coaching-notes').set(bearer(w.tokens.agentA2))).body).toEqual([]);
      expect((await t.http().get('/api/coaching-notes').set(bearer(w.tokens.supB))).body).toEqual([]);

      // The notes written on a local date (the weekly review's "note written this week").
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      const thisWeek = await t.http().get(`/api/coaching-notes?from=${today}&to=${today}`).set(bearer(w.tokens.supA));
      expect(thisWeek.body.map((n: { id: number }) => n.id)).toEqual([res.body.id]);
      expect((await t.http().get('/api/coaching-notes?from=2020-01-01&to=2020-01-07').set(bearer(w.tokens.supA))).body).toEqual([]);
      expect((await t.http().get('/api/coaching-notes?from=2020-01-08&to=2020-01-07').set(bearer(w.tokens.supA))).status).toBe(400);

      const patched = await t.http().patch(`/api/coaching-notes/${res.body.id}`).set(bearer(w.tokens.supA)).send({ followUpDate: null, text: 'Done: repeats facts now' });
      expect(patched.body).toMatchObject({ followUpDate: null, text: 'Done: repeats facts now' });
    });
  });
});
