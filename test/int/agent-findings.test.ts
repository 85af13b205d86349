import { bearer, qaWorld, QaWorld } from './qa-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/**
 * `GET /api/autoqa/findings`: an agent's findings with the lines (the scorecard), scoped like the
 * agent's figures: the agent themself; a supervisor the calls of their teams at the time of the
 * call; HR and admins all. Outcomes worked out by hand from the default rule set.
 */
const CALLS = [
  'external_id,started_at,agent_code,channel,answered,talk_s',
  'F-1,2026-11-02 10:00:00,A1,phone,true,100',
  'F-2,2026-11-03 10:00:00,A1,phone,true,100',
  'F-3,2026-11-12 10:00:00,A1,phone,true,100',
  'F-4,2026-11-02 11:00:00,A2,phone,true,100',
].join('\n');

// F-1: greeting and closing pass; 我不知道 is forbidden (fail, evidence turn 2 at 0..4); no time commitment (fail).
// F-2: greeting and closing pass, no forbidden phrase; no time commitment (fail).
// F-3 (after A1 moved to team B on 11-10): no greeting, no closing, "not my problem", no commitment: four fails.
// F-4 (A2): a forbidden phrase and nothing else: no greeting, no closing, no commitment.
const TRANSCRIPT = [
  'call_external_id,seq,offset_s,speaker,text',
  'F-1,0,0,agent,您好',
  'F-1,1,3,customer,<b>我的快递</b>',
  'F-1,2,8,agent,我不知道啊',
  'F-1,3,12,agent,还有什么可以帮您？',
  'F-2,0,0,agent,您好',
  'F-2,1,5,agent,还有什么可以帮您？',
  'F-3,0,0,agent,yes?',
  'F-3,1,4,agent,that is not my problem',
  'F-4,0,0,agent,没办法',
].join('\n');

describe('GET /api/autoqa/findings', () => {
  let t: TestApp;
  let w: QaWorld;
  const upload = (kind: string, body: string) => t.http().post('/api/imports').set(bearer(w.tokens.admin)).field('kind', kind).field('wait', 'true').attach('file', Buffer.from(body), `${kind}.csv`);
  const findings = (token: string, agentId: number, extra = '&outcome=fail') => t.http().get(`/api/autoqa/findings?agentId=${agentId}&from=2026-11-01&to=2026-11-30${extra}`).set(bearer(token));
  const pairs = (body: Array<{ callExternalId: string; rule: string }>) => body.map((f) => [f.callExternalId, f.rule]);

  beforeAll(async () => {
    t = await createTestApp();
    w = await qaWorld(t);
    expect((await t.http().post(`/api/agents/${w.agents.A1}/moves`).set(bearer(w.tokens.admin)).send({ teamId: w.teamB, effectiveFrom: '2026-11-10' })).status).toBe(201);
    expect((await upload('calls', CALLS)).body).toMatchObject({ status: 'succeeded', rowsInserted: 4 });
    expect((await upload('transcripts', TRANSCRIPT)).body).toMatchObject({ status: 'succeeded', rowsInserted: 9 });
  });
  afterAll(() => t.close());

  it("gives an agent their own failed findings, newest call first, with the turn's text and the span", async () => {
    const res = await findings(w.tokens.agentA1, w.agents.A1);
    expect(res.status).toBe(200);
    expect(pairs(res.body)).toEqual([
      ['F-3', 'closing'],
      ['F-3', 'forbidden_phrases'],
      ['F-3', 'greeting'],
      ['F-3', 'time_commitment'],
      ['F-2', 'time_commitment'],
      ['F-1', 'forbidden_phrases'],
      ['F-1', 'time_commitment'],
    ]);
    const f1 = res.body.find((f: { callExternalId: string; rule: string }) => f.callExternalId === 'F-1' && f.rule === 'forbidden_phrases');
    expect(f1).toEqual({ callExternalId: 'F-1', startedAt: '2026-11-02T02:00:00.000Z', rule: 'forbidden_phrases', outcome: 'fail', overruled: false, evidence: [{ seq: 2, text: '我不知道啊', start: 0, end: 4 }] });
    const f3 = res.body.find((f: { callExternalId: string; rule: string }) => f.callExternalId === 'F-3' && f.rule === 'forbidden_phrases');
    expect(f3.evidence).toEqual([{ seq: 1, text: 'that is not my problem', start: 8, end: 22 }]);
  });

  it("refuses an agent another agent's findings, and a supervisor an agent never in their teams", async () => {
    for (const [token, agent] of [
      [w.tokens.agentA2, w.agents.A1],
      [w.tokens.supB, w.agents.A2],
    ] as const) {
      const res = await findings(token, agent);
      expect([res.status, res.body.code]).toEqual([403, 'forbidden_scope']);
    }
  });

  it('gives a supervisor only the calls of their teams at the time of the call; HR every call', async () => {
    expect(pairs((await findings(w.tokens.supA, w.agents.A1)).body)).toEqual([
      ['F-2', 'time_commitment'],
      ['F-1', 'forbidden_phrases'],
      ['F-1', 'time_commitment'],
    ]);
    expect(pairs((await findings(w.tokens.supB, w.agents.A1)).body)).toEqual([
      ['F-3', 'closing'],
      ['F-3', 'forbidden_phrases'],
      ['F-3', 'greeting'],
      ['F-3', 'time_commitment'],
    ]);
    expect((await findings(w.tokens.hr, w.agents.A1)).body).toHaveLength(7);
    expect(pairs((await findings(w.tokens.hr, w.agents.A2)).body)).toEqual([
      ['F-4', 'closing'],
      ['F-4', 'forbidden_phrases'],
      ['F-4', 'greeting'],
      ['F-4', 'time_commitment'],
    ]);
  });

  it('uses the overruled outcome', async () => {
    const o = await t.http().post('/api/calls/F-1/autoqa/overrule').set(bearer(w.tokens.supA)).send({ rule: 'forbidden_phrases', outcome: 'pass', reason: 'The agent quoted the customer' });
    expect(o.status).toBe(200);
    expect(pairs((await findings(w.tokens.agentA1, w.agents.A1)).body)).not.toContainEqual(['F-1', 'forbidden_phrases']);
    const passed = (await findings(w.tokens.agentA1, w.agents.A1, '&outcome=pass')).body.find((f: { callExternalId: string; rule: string }) => f.callExternalId === 'F-1' && f.rule === 'forbidden_phrases');
    expect(passed).toMatchObject({ outcome: 'pass', overruled: true, evidence: [{ seq: 2, start: 0, end: 4 }] });
    // Without an outcome: every finding of the range (F-1..F-3 with six rules each).
    expect((await findings(w.tokens.agentA1, w.agents.A1, '')).body).toHaveLength(18);
  });

  it.each([
    ['from after to', '/api/autoqa/findings?agentId=1&from=2026-11-30&to=2026-11-01'],
    ['not a date', '/api/autoqa/findings?agentId=1&from=2026-11-31&to=2026-12-01'],
    ['more than a year', '/api/autoqa/findings?agentId=1&from=2025-01-01&to=2026-11-30'],
    ['an unknown outcome', '/api/autoqa/findings?agentId=1&from=2026-11-01&to=2026-11-30&outcome=bad'],
    ['an unknown parameter', '/api/autoqa/findings?agentId=1&from=2026-11-01&to=2026-11-30&team=1'],
    ['no agent', '/api/autoqa/findings?from=2026-11-01&to=2026-11-30'],
  ])('%s is a 400 naming the field', async (_name, path) => {
    const res = await t.http().get(path).set(bearer(w.tokens.admin));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_field');
  });
});
