import type { Caller } from '../../server/common/auth/caller';
import { AutoqaRescoreService } from '../../server/modules/autoqa/autoqa-rescore.service';
import type { PoolClient } from 'pg';
import { compileRules } from '../../server/modules/autoqa/autoqa.engine';
import { OUTCOME_CODE, SPEAKERS } from '../../server/modules/autoqa/autoqa-codes';
import { AutoqaScoringService, RuleSetVersion } from '../../server/modules/autoqa/autoqa-scoring.service';
import type { ContactChannel } from '../../server/modules/autoqa/domain/autoqa.types';
import { KpiService } from '../../server/modules/kpi/kpi.service';
import type { KpiAnswer } from '../../server/modules/kpi/kpi.types';
import { answers, bearer, GOOD_CALL, qaWorld, QaWorld } from './qa-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Transcripts -> AutoQA -> the call page and the figures (docs/autoqa.md, docs/api.md "Calls, transcripts
 * and AutoQA"). Every expected number is worked out by hand from the default rule set
 * (greeting 5, closing 5, forbidden_phrases 10 critical, empathy_in_complaint 10,
 * time_commitment 5, first_response 10 on chat/wechat) and the turns below.
 */
const CALLS = [
  'external_id,started_at,agent_code,channel,answered,talk_s,recording_url',
  'AQ-1,2026-11-02 10:00:00,A1,phone,true,300,https://pbx.example.com/rec/AQ-1.wav',
  'AQ-2,2026-11-02 11:00:00,A1,chat,true,200,',
  'AQ-3,2026-11-02 12:00:00,A2,phone,true,100,',
  'AQ-4,2026-11-02 13:00:00,B1,phone,true,100,',
  'AQ-5,2026-11-02 14:00:00,A1,phone,true,100,',
].join('\n');

/** AQ-1: everything right (100). AQ-2 (chat): greeting, closing, no forbidden; no time commitment; first answer after 75 s: 20 / 35. AQ-3: forbidden (auto-fail, 0). AQ-4: forbidden (0). */
const TRANSCRIPT = [
  'call_external_id,seq,offset_s,speaker,text',
  'AQ-1,0,0,agent,"您好，这里是客服中心"',
  'AQ-1,1,5.5,customer,我要投诉，你们太慢了',
  'AQ-1,2,9,agent,非常抱歉，我理解您的心情',
  'AQ-1,3,20,agent,我们会在24小时内给您回复',
  'AQ-1,4,30,agent,还有什么可以帮您？',
  'AQ-2,0,0,customer,hello? anyone there',
  'AQ-2,1,75,agent,Good morning! Sorry for the wait',
  'AQ-2,2,100,agent,"Thank you for calling, anything else?"',
  'AQ-3,0,0,agent,喂',
  'AQ-3,1,3,customer,我的快递没到',
  'AQ-3,2,8,agent,我不知道，这不是我的责任',
  'AQ-3,3,12,agent,<b>bye</b> <script>alert(1)</script>',
  'AQ-4,0,0,agent,Hello',
  'AQ-4,1,4,agent,that is not my problem',
].join('\n');

describe('transcripts and AutoQA', () => {
  let t: TestApp;
  let w: QaWorld;
  const hr: Caller = { userId: 0, email: 'hr@x', name: 'hr', role: 'hr', agentId: null, teamIds: [], sessionId: 's', locale: null };

  const upload = (token: string, kind: string, body: string, name = `${kind}.csv`, fields: Record<string, string> = {}) => {
    let req = t.http().post('/api/imports').set(bearer(token)).field('kind', kind).field('wait', 'true');
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', Buffer.from(body), name);
  };
  const call = (token: string, id: string) => t.http().get(`/api/calls/${encodeURIComponent(id)}`).set(bearer(token));
  const strip = (a: KpiAnswer) => a.rows.map((r) => [r.period, r.group?.id ?? null, Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, [m!.num, m!.den]]))]);
  const AUTOQA = ['autoqa_score', 'autoqa_coverage', 'forbidden_phrase_rate'] as const;

  /** The rollup path and the raw tables agree on the AutoQA figures, every grouping and granularity. */
  async function expectRollupsEqualRaw() {
    const kpi = t.app.get(KpiService);
    for (const groupBy of ['org', 'team', 'agent', 'queue'] as const) {
      for (const granularity of ['day', 'week', 'month', 'total'] as const) {
        const q = { from: '2026-10-01', to: '2026-11-30', groupBy, granularity, metrics: [...AUTOQA] };
        const rollup = strip(await kpi.query(hr, q));
        expect([groupBy, granularity, rollup]).toEqual([groupBy, granularity, strip(await kpi.queryRaw(hr, q))]);
      }
    }
  }
  const orgFigures = async () => {
    const a = await t.app.get(KpiService).query(hr, { from: '2026-11-02', to: '2026-11-02', granularity: 'total', groupBy: 'org', metrics: [...AUTOQA] });
    const m = a.rows[0].metrics;
    return Object.fromEntries(AUTOQA.map((k) => [k, [m[k]!.num, m[k]!.den]]));
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await qaWorld(t);
    const calls = await upload(w.tokens.admin, 'calls', CALLS);
    expect(calls.body).toMatchObject({ status: 'succeeded', rowsInserted: 5 });
  });
  afterAll(() => t.close());

  it('imports turns, scores them in the same import, and the call page shows findings with the words as evidence', async () => {
    const imp = await upload(w.tokens.admin, 'transcripts', TRANSCRIPT);
    expect(imp.status).toBe(200);
    expect(imp.body).toMatchObject({ status: 'succeeded', rowsTotal: 14, rowsInserted: 14, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0 });

    const res = await call(w.tokens.admin, 'AQ-1');
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c).toMatchObject({
      externalId: 'AQ-1',
      startedAt: '2026-11-02T02:00:00.000Z',
      channel: 'phone',
      queue: null,
      agent: { id: w.agents.A1, code: 'A1', name: '坐席 A1' },
      team: { id: w.teamA, name: 'Mandarin A' },
      answered: true,
      talkS: 300,
      recordingUrl: 'https://pbx.example.com/rec/AQ-1.wav',
      survey: null,
      evaluations: [],
      complaints: [],
    });
    for (const k of ['id', 'queueWaitS', 'holdS', 'acwS', 'resolved', 'escalated', 'transferred', 'complaintLevel']) expect(c).toHaveProperty(k);
    expect(c.transcript).toEqual([
      { seq: 0, offsetS: 0, speaker: 'agent', text: '您好，这里是客服中心' },
      { seq: 1, offsetS: 5.5, speaker: 'customer', text: '我要投诉，你们太慢了' },
      { seq: 2, offsetS: 9, speaker: 'agent', text: '非常抱歉，我理解您的心情' },
      { seq: 3, offsetS: 20, speaker: 'agent', text: '我们会在24小时内给您回复' },
      { seq: 4, offsetS: 30, speaker: 'agent', text: '还有什么可以帮您？' },
    ]);
    expect(c.autoqa).toMatchObject({ ruleSetVersion: 1, score: 100, autoFail: false });
    const byRule = Object.fromEntries(c.autoqa.findings.map((f: any) => [f.rule, f]));
    expect(Object.fromEntries(c.autoqa.findings.map((f: any) => [f.rule, f.outcome]))).toEqual({
      greeting: 'pass',
      closing: 'pass',
      forbidden_phrases: 'pass',
      empathy_in_complaint: 'pass',
      time_commitment: 'pass',
      first_response: 'na',
    });
    expect(byRule.greeting.evidence).toEqual([{ seq: 0, text: '您好，这里是客服中心', start: 0, end: 2 }]);
    expect(byRule.closing.evidence).toEqual([{ seq: 4, text: '还有什么可以帮您？', start: 0, end: 8 }]);
    expect(byRule.greeting.overruled).toBe(false);
    // Rules mapped to the default form's items carry the item id ("Score this call" pre-fills it).
    expect(byRule.greeting.formItemId).toBe(w.defaultForm.itemIds[0]);
    expect(byRule.forbidden_phrases.formItemId).toBe(w.defaultForm.itemIds[9]);
    expect(byRule.closing.formItemId).toBe(w.defaultForm.itemIds[11]);

    const bad = (await call(w.tokens.admin, 'AQ-3')).body;
    expect(bad.autoqa).toMatchObject({ score: 0, autoFail: true });
    const forbidden = bad.autoqa.findings.find((f: any) => f.rule === 'forbidden_phrases');
    expect(forbidden.outcome).toBe('fail');
    // Every agent turn with a forbidden phrase is evidence (the first phrase found in it).
    expect(forbidden.evidence).toEqual([{ seq: 2, text: '我不知道，这不是我的责任', start: 0, end: 4 }]);
    // Text is stored and returned exactly as imported.
    expect(bad.transcript[3].text).toBe('<b>bye</b> <script>alert(1)</script>');

    const chat = (await call(w.tokens.admin, 'AQ-2')).body;
    expect(chat.autoqa.score).toBeCloseTo((100 * 20) / 35, 10);
    expect(chat.autoqa.findings.find((f: any) => f.rule === 'first_response').outcome).toBe('fail');

    // Org, 2 Nov: scores 100 + 20/35·100 + 0 + 0 over 4; coverage 4 of 5 answered; forbidden 2 of 4.
    const f = await orgFigures();
    expect(f.autoqa_score[0]).toBeCloseTo(100 + 2000 / 35, 9);
    expect(f.autoqa_score[1]).toBe(4);
    expect(f.autoqa_coverage).toEqual([4, 5]);
    expect(f.forbidden_phrase_rate).toEqual([2, 4]);
    await expectRollupsEqualRaw();
  });

  /** The engine's findings of stored contacts under a version, as the autoqa_findings rows should read: [call_id, rule, outcome code, evidence]. */
  /** The engine's findings of stored contacts under a version, as the autoqa_findings rows should read: [call_id, rule, outcome code, evidence]. */
  async function engineFindings(version: RuleSetVersion, callIds: string[]): Promise<Row[]> {
    const rules = compileRules(version.rules);
    const out: Row[] = [];
    for (const c of await engineTurns(callIds)) {
      for (const f of rules.score(c).findings) out.push([c.callId, f.rule, OUTCOME_CODE[f.outcome], f.evidence.length ? f.evidence.map((e) => [e.seq, e.start, e.end]) : null]);
    }
    return sortRows(out);
  }
  type Row = [string, string, string, number[][] | null];
  const sortRows = (rows: Row[]) => rows.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : Number(a[0]) - Number(b[0])));
  const viewRows = async (ruleSetId: number): Promise<Row[]> =>
    sortRows(
      (await t.db.query(`SELECT call_id::text AS call_id, rule, outcome, evidence FROM autoqa_findings WHERE rule_set_id = $1`, [ruleSetId])).map((r: any) => [r.call_id, r.rule, r.outcome, r.evidence]),
    );

  it('stores exactly the engine’s findings: the autoqa_findings view returns one row per contact × rule with its outcome and evidence (SQL NULL without)', async () => {
    const scoring = t.app.get(AutoqaScoringService);
    const { current } = await scoring.versions(t.db.manager);
    const ids: string[] = (await t.db.query(`SELECT call_id::text AS id FROM transcripts ORDER BY call_id`)).map((r: any) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const expected = await engineFindings(current, ids);
    expect(expected.length).toBe(ids.length * current.rules.length);
    expect(expected.some((r) => r[3] === null) && expected.some((r) => r[3] !== null)).toBe(true);
    expect(await viewRows(current.id)).toEqual(expected);
    // One stored row per contact and version.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM autoqa_finding_sets WHERE rule_set_id = $1`, [current.id]);
    expect(n).toBe(ids.length);
    // A filter on the contact reaches the table's primary key.
    const plan = (await t.db.query(`EXPLAIN SELECT * FROM autoqa_findings WHERE call_id = $1 AND rule_set_id = $2 AND rule = 'closing'`, [ids[0], current.id])).map((r: any) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Scan using autoqa_finding_sets_pkey/);

    // Rule keys with every character COPY text or an array literal treats specially read back as themselves.
    const awkward = ['a,b', 'say "hi"', 'back\\slash', '{brace}', 'two words', 'tab\there', 'new\nline', 'NULL', '"', '问候', 'cr\rx', '\\N'];
    const odd = [0, 1].map((batch): RuleSetVersion => ({ id: 2_000_000_000 + batch, version: 900 + batch, rules: current.rules.map((r, i) => ({ ...r, key: awkward[batch * current.rules.length + i] })) }));
    expect(odd.flatMap((v) => v.rules.map((r) => r.key))).toEqual(awkward);
    const qr = t.db.createQueryRunner();
    const client = (await qr.connect()) as PoolClient;
    try {
      await client.query('BEGIN');
      await scoring.copyResults(client, scoring.resultLines(await engineTurns(ids), odd));
      for (const v of odd) {
        const { rows } = await client.query(`SELECT call_id::text AS call_id, rule, outcome, evidence FROM autoqa_findings WHERE rule_set_id = $1`, [v.id]);
        const renamed = new Map(current.rules.map((r, i) => [r.key, v.rules[i].key]));
        expect(sortRows(rows.map((r: any) => [r.call_id, r.rule, r.outcome, r.evidence]))).toEqual(sortRows(expected.map(([c, rule, o, e]) => [c, renamed.get(rule)!, o, e])));
      }
    } finally {
      await client.query('ROLLBACK');
      await qr.release();
    }
  });

  async function engineTurns(callIds: string[]) {
    const turns: { call_id: string; channel: ContactChannel; seq: number; offset_ms: number | null; speaker: number; text: string }[] = await t.db.query(
      `SELECT t.call_id::text AS call_id, coalesce(c.channel, 'phone') AS channel, t.seq, t.offset_ms, t.speaker, t.text
         FROM transcript_turns t JOIN calls c ON c.id = t.call_id WHERE t.call_id = ANY($1::bigint[]) ORDER BY t.call_id, t.seq`,
      [callIds],
    );
    return callIds.map((id) => {
      const mine = turns.filter((x) => x.call_id === id);
      return { callId: id, channel: mine[0].channel, turns: mine.map((x) => ({ seq: x.seq, offsetS: x.offset_ms === null ? null : x.offset_ms / 1000, speaker: SPEAKERS[x.speaker], text: x.text })) };
    });
  }

  it('is scoped like the KPIs: own calls for an agent, the team at the time for a supervisor; unknown ids answer like others’ ids', async () => {
    expect((await call(w.tokens.agentA1, 'AQ-1')).status).toBe(200);
    const colleague = await call(w.tokens.agentA1, 'AQ-3');
    expect(colleague.status).toBe(403);
    expect(colleague.body.code).toBe('forbidden_scope');
    const unknown = await call(w.tokens.agentA1, 'NOPE-1');
    expect([unknown.status, unknown.body.message]).toEqual([403, colleague.body.message]);
    expect((await call(w.tokens.supA, 'AQ-3')).status).toBe(200);
    expect((await call(w.tokens.supA, 'AQ-4')).status).toBe(403);
    expect((await call(w.tokens.supB, 'AQ-4')).status).toBe(200);
    expect((await call(w.tokens.hr, 'AQ-4')).status).toBe(200);
    const missing = await call(w.tokens.admin, 'NOPE-1');
    expect([missing.status, missing.body.code]).toEqual([404, 'not_found']);

    // A supervisor or HR opening someone's contact is audited; the agent's own view is not.
    const audit = await t.db.query(`SELECT user_email, target FROM audit_log WHERE action = 'call.view' ORDER BY id`);
    expect(audit.map((a: any) => a.target)).toEqual(expect.arrayContaining(['call:AQ-3', 'call:AQ-4']));
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log a JOIN users u ON u.id = a.user_id WHERE a.action = 'call.view' AND u.role = 'agent'`);
    expect(n).toBe(0);
  });

  it('re-importing the same rows changes nothing; changed turns replace the call’s transcript', async () => {
    const again = await upload(w.tokens.admin, 'transcripts', TRANSCRIPT);
    expect(again.body).toMatchObject({ status: 'succeeded', rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 14 });

    // AQ-4 gets a new last turn (a closing) and loses nothing else; seq 1 is rewritten without the forbidden phrase.
    const changed = ['call_external_id,seq,offset_s,speaker,text', 'AQ-4,0,0,agent,Hello', 'AQ-4,1,4,agent,let me check that', 'AQ-4,2,9,agent,Anything else I can do?'].join('\n');
    const r = await upload(w.tokens.admin, 'transcripts', changed);
    expect(r.body).toMatchObject({ status: 'succeeded', rowsInserted: 1, rowsUpdated: 1, rowsUnchanged: 1 });
    const c = (await call(w.tokens.admin, 'AQ-4')).body;
    expect(c.transcript.map((x: any) => x.text)).toEqual(['Hello', 'let me check that', 'Anything else I can do?']);
    // greeting 5 + closing 5 + forbidden 10 pass; time_commitment 5 fail: 20 / 25.
    expect(c.autoqa).toMatchObject({ score: 80, autoFail: false });
    const f = await orgFigures();
    expect(f.forbidden_phrase_rate).toEqual([1, 4]);
    expect(f.autoqa_score[0]).toBeCloseTo(100 + 2000 / 35 + 80, 9);
    await expectRollupsEqualRaw();
  });

  it('reports bad rows (unknown call, text over 10,000 characters, bad speaker, repeated seq) and writes nothing in reject mode', async () => {
    const long = 'x'.repeat(10_001);
    const body = [
      'call_external_id,seq,offset_s,speaker,text',
      'AQ-5,0,0,agent,您好',
      'NOPE-9,0,0,agent,hello',
      `AQ-5,1,1,customer,${long}`,
      'AQ-5,2,2,robot,hi',
      'AQ-5,0,3,agent,again',
    ].join('\n');
    const r = await upload(w.tokens.admin, 'transcripts', body);
    expect(r.body.status).toBe('failed');
    expect(r.body.rowsRejected).toBe(4);
    const byRow = Object.fromEntries(r.body.errors.map((e: any) => [e.row, e]));
    expect(byRow[3]).toMatchObject({ column: 'call_external_id', value: 'NOPE-9' });
    expect(byRow[4].message).toMatch(/longer than 10000/);
    expect(byRow[5]).toMatchObject({ column: 'speaker', value: 'robot' });
    expect(byRow[6].message).toMatch(/more than once/);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM transcript_turns t JOIN calls c ON c.id = t.call_id WHERE c.external_id = 'AQ-5'`);
    expect(n).toBe(0);
    const csv = await t.http().get(`/api/imports/${r.body.id}/errors.csv`).set(bearer(w.tokens.admin));
    expect(csv.text).toContain('robot');

    // Skip mode keeps a call whole: AQ-5's valid turns are not imported without its bad ones.
    const skipped = await upload(w.tokens.admin, 'transcripts', body, 'skip.csv', { onError: 'skip' });
    expect(skipped.body).toMatchObject({ status: 'succeeded', rowsInserted: 0, rowsRejected: 5 });
  });

  it('imports JSON Lines, refuses a recording link that is not http(s), and scores nothing on a dry run', async () => {
    const jsonl = [JSON.stringify({ call_external_id: 'AQ-5', seq: 0, offset_s: 0, speaker: 'agent', text: '  您好 ' }), JSON.stringify({ call_external_id: 'AQ-5', seq: 1, speaker: 'customer', text: '谢谢' })].join('\n');
    const dry = await upload(w.tokens.admin, 'transcripts', jsonl, 't.jsonl', { dryRun: 'true' });
    expect(dry.body).toMatchObject({ status: 'succeeded', rowsInserted: 2, written: false });
    expect((await call(w.tokens.admin, 'AQ-5')).body.autoqa).toBeNull();
    const real = await upload(w.tokens.admin, 'transcripts', jsonl, 't.jsonl');
    expect(real.body).toMatchObject({ status: 'succeeded', rowsInserted: 2 });
    const c = (await call(w.tokens.admin, 'AQ-5')).body;
    expect(c.transcript).toEqual([
      { seq: 0, offsetS: 0, speaker: 'agent', text: '  您好 ' },
      { seq: 1, offsetS: null, speaker: 'customer', text: '谢谢' },
    ]);
    expect(c.autoqa).not.toBeNull();
    expect((await orgFigures()).autoqa_coverage).toEqual([5, 5]);

    // A call's channel changes: its transcript is scored again (first_response applies to chat only): AQ-2 as a phone call, 20 / 25.
    const rechannel = await upload(w.tokens.admin, 'calls', 'external_id,started_at,agent_code,channel,answered,talk_s\nAQ-2,2026-11-02 11:00:00,A1,phone,true,200\n');
    expect(rechannel.body).toMatchObject({ status: 'succeeded', rowsUpdated: 1 });
    const phone = (await call(w.tokens.admin, 'AQ-2')).body.autoqa;
    expect(phone.score).toBe(80);
    expect(phone.findings.find((f: any) => f.rule === 'first_response').outcome).toBe('na');

    const badUrl = await upload(w.tokens.admin, 'calls', 'external_id,started_at,agent_code,recording_url\nAQ-9,2026-11-03 10:00,A1,javascript:alert(1)\n');
    expect(badUrl.body.status).toBe('failed');
    expect(badUrl.body.errors[0]).toMatchObject({ row: 2, column: 'recording_url' });
    await expectRollupsEqualRaw();
  });

  it('lets the supervisor of the call’s team overrule a finding (audited); the figures use the overruled outcome', async () => {
    const url = '/api/calls/AQ-3/autoqa/overrule';
    const body = { rule: 'forbidden_phrases', outcome: 'pass', reason: 'Customer quoted the phrase; the agent did not say it to them.' };
    expect((await t.http().post(url).set(bearer(w.tokens.agentA2)).send(body)).status).toBe(403);
    expect((await t.http().post(url).set(bearer(w.tokens.hr)).send(body)).status).toBe(403);
    expect((await t.http().post(url).set(bearer(w.tokens.supB)).send(body)).status).toBe(403);
    expect((await t.http().post(url).set(bearer(w.tokens.supA)).send({ ...body, rule: 'no_such_rule' })).status).toBe(400);
    expect((await t.http().post(url).set(bearer(w.tokens.supA)).send({ ...body, reason: '' })).status).toBe(400);
    const ok = await t.http().post(url).set(bearer(w.tokens.supA)).send(body);
    expect(ok.status).toBe(200);
    // greeting 5, closing 5, time_commitment 5 fail; forbidden_phrases 10 pass (overruled); empathy n/a: 10 / 25.
    expect(ok.body).toMatchObject({ score: 40, autoFail: false });
    const f = ok.body.findings.find((x: any) => x.rule === 'forbidden_phrases');
    expect(f).toMatchObject({ outcome: 'pass', overruled: true, originalOutcome: 'fail', overrule: { outcome: 'pass', reason: body.reason } });
    const [audit] = await t.db.query(`SELECT target, detail FROM audit_log WHERE action = 'autoqa.overrule' ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ target: 'call:AQ-3', detail: { rule: 'forbidden_phrases', from: 'fail', to: 'pass', reason: body.reason } });
    const figures = await orgFigures();
    expect(figures.forbidden_phrase_rate).toEqual([0, 5]);
    await expectRollupsEqualRaw();
    // The agent sees their own findings, overrule included.
    const own = await call(w.tokens.agentA2, 'AQ-3');
    expect(own.status).toBe(200);
    expect(own.body.autoqa.findings.find((x: any) => x.rule === 'forbidden_phrases').overruled).toBe(true);
    expect(own.body.can.overrule).toBe(false);
  });

  it('a new rule-set version re-scores every transcript in the background; the figures switch only when it is done', async () => {
    const current = await t.http().get('/api/autoqa/rule-set').set(bearer(w.tokens.admin));
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ version: 1, figuresVersion: 1, rescoring: false });
    expect(current.body.rules.map((r: any) => r.key)).toEqual(['greeting', 'closing', 'forbidden_phrases', 'empathy_in_complaint', 'time_commitment', 'first_response']);
    const rules = current.body.rules
      .filter((r: any) => r.key !== 'time_commitment')
      .map(({ formItemId, formItemText, ...r }: any) => (void formItemId, void formItemText, r));
    expect((await t.http().put('/api/autoqa/rule-set').set(bearer(w.tokens.supA)).send({ rules })).status).toBe(403);
    const bad = await t.http().put('/api/autoqa/rule-set').set(bearer(w.tokens.admin)).send({ rules: [...rules, { ...rules[0] }] });
    expect(bad.status).toBe(400);

    const rescore = t.app.get(AutoqaRescoreService);
    const put = await t.http().put('/api/autoqa/rule-set').set(bearer(w.tokens.admin)).send({ rules });
    expect(put.status).toBe(200);
    expect(put.body.version).toBe(2);
    await rescore.idle();
    const progress = await t.http().get('/api/autoqa/rule-set/rescoring').set(bearer(w.tokens.admin));
    expect(progress.body).toMatchObject({ running: false, ruleSetVersion: 2, figuresVersion: 2, total: 5, done: 5, progress: 1 });

    // Without time_commitment: AQ-1 30/30; AQ-2 (a phone call now) 20/20; AQ-3 (forbidden overruled to pass) 10/20; AQ-4 20/20; AQ-5: greeting 5 and forbidden 10 pass, closing 5 fails -> 15/20.
    const c3 = (await call(w.tokens.admin, 'AQ-3')).body.autoqa;
    expect(c3).toMatchObject({ ruleSetVersion: 2, score: 50, autoFail: false });
    const f = await orgFigures();
    expect(f.autoqa_score[1]).toBe(5);
    expect(f.autoqa_score[0]).toBeCloseTo(100 + 100 + 50 + 100 + 75, 9);
    expect(f.autoqa_coverage).toEqual([5, 5]);
    const [{ versions }] = await t.db.query(`SELECT array_agg(DISTINCT rule_set_id) AS versions FROM autoqa_results`);
    expect(versions).toEqual([put.body.id]);
    await expectRollupsEqualRaw();
  });

  it('previews findings of a pasted transcript without storing anything', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM autoqa_results`);
    const res = await t.http().post('/api/autoqa/preview').set(bearer(w.tokens.supA)).send({
      channel: 'chat',
      turns: [
        { seq: 0, offsetS: 0, speaker: 'customer', text: '你們太慢了，我要投訴' },
        { seq: 1, offsetS: 30, speaker: 'agent', text: '唔好意思，我明白您嘅感受' },
      ],
    });
    expect(res.status).toBe(200);
    const out = Object.fromEntries(res.body.findings.map((x: any) => [x.rule, x.outcome]));
    expect(out).toMatchObject({ greeting: 'fail', empathy_in_complaint: 'pass', first_response: 'pass', forbidden_phrases: 'pass' });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM autoqa_results`)).toEqual(before);
    expect((await t.http().post('/api/autoqa/preview').set(bearer(w.tokens.agentA1)).send({ channel: 'chat', turns: [] })).status).toBe(403);
  });

  it('agreement per rule against people’s evaluations of the same calls (n, share, Cohen’s kappa)', async () => {
    const ids = w.defaultForm.itemIds;
    const evaluate = async (agent: number, callId: string, values: (boolean | number | 'na')[]) => {
      const e = await t.http().post('/api/qa/evaluations').set(bearer(w.tokens.supA)).send({ formVersionId: w.defaultForm.versionId, agentId: agent, callExternalId: callId, answers: answers(ids, values) });
      expect(e.status).toBe(201);
      expect((await t.http().post(`/api/qa/evaluations/${e.body.id}/submit`).set(bearer(w.tokens.supA)).send({})).status).toBe(200);
    };
    // AQ-1 (AutoQA: greeting pass, closing pass, forbidden pass, empathy pass): the person says yes to all.
    await evaluate(w.agents.A1, 'AQ-1', [true, true, true, 4, true, 3, true, true, 'na', true, 5, true, true]);
    // AQ-3 (AutoQA: greeting fail, closing fail, forbidden fail before the overrule, empathy n/a): greeting no, closing yes, forbidden no.
    const c3 = [...GOOD_CALL];
    c3[0] = false;
    c3[9] = false;
    await evaluate(w.agents.A2, 'AQ-3', c3);
    const res = await t.http().get('/api/autoqa/agreement?from=2026-11-01&to=2026-11-30').set(bearer(w.tokens.admin));
    expect(res.status).toBe(200);
    const byRule = Object.fromEntries(res.body.map((r: any) => [r.rule, r]));
    // greeting: (pass, pass), (fail, fail): agreement 1, pe = ½·½ + ½·½ = ½, kappa 1.
    expect(byRule.greeting).toMatchObject({ n: 2, agreement: 1, kappa: 1 });
    // closing: (pass, pass), (fail, pass): agreement ½; pe = ½·1 + ½·0 = ½; kappa 0.
    expect(byRule.closing).toMatchObject({ n: 2, agreement: 0.5, kappa: 0 });
    expect(byRule.forbidden_phrases).toMatchObject({ n: 2, agreement: 1, kappa: 1 });
    // empathy: only AQ-1 is applicable: one pair, chance agreement 1 -> no kappa.
    expect(byRule.empathy_in_complaint).toMatchObject({ n: 1, agreement: 1, kappa: null });
    expect((await t.http().get(`/api/autoqa/agreement?from=2026-11-01&to=2026-11-30&teamId=${w.teamB}`).set(bearer(w.tokens.supA))).status).toBe(403);
    expect((await t.http().get('/api/autoqa/agreement?from=2026-11-01&to=2026-11-30').set(bearer(w.tokens.agentA1))).status).toBe(403);
    const teamB = await t.http().get(`/api/autoqa/agreement?from=2026-11-01&to=2026-11-30&teamId=${w.teamB}`).set(bearer(w.tokens.hr));
    expect(teamB.body.find((r: any) => r.rule === 'greeting')).toMatchObject({ n: 0, agreement: null, kappa: null });

    const page = (await call(w.tokens.agentA1, 'AQ-1')).body;
    expect(page.evaluations).toHaveLength(1);
  });

  it('takes pushed turns (POST /api/ingest/transcripts) through the same import: the same turns again change nothing', async () => {
    const records = [
      { call_external_id: 'AQ-4', seq: 0, offset_s: 0, speaker: 'agent', text: 'Hello' },
      { call_external_id: 'AQ-4', seq: 1, offset_s: 4, speaker: 'agent', text: 'let me check that' },
      { call_external_id: 'AQ-4', seq: 2, offset_s: 9, speaker: 'agent', text: 'Anything else I can do?' },
    ];
    const same = await t.http().post('/api/ingest/transcripts').set(bearer(w.tokens.admin)).send({ records });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ status: 'succeeded', rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 3 });
    const changed = await t.http().post('/api/ingest/transcripts').set(bearer(w.tokens.admin)).send({ records: [...records.slice(0, 2), { ...records[2], text: '不关我的事' }] });
    expect(changed.body).toMatchObject({ status: 'succeeded', rowsUpdated: 1, rowsUnchanged: 2 });
    expect((await call(w.tokens.admin, 'AQ-4')).body.autoqa).toMatchObject({ score: 0, autoFail: true });
  });
});
