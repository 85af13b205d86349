import { RollupService } from '../../server/modules/kpi/rollup.service';
import { KpiService } from '../../server/modules/kpi/kpi.service';
import type { Caller } from '../../server/common/auth/caller';
import type { KpiAnswer, KpiQuery, KpiRow } from '../../server/modules/kpi/kpi.types';
import { DomainError } from '../../server/common/domain-error';
import { createTestApp, TestApp } from './support/test-app';

/**
 * A hand-built fixture (Asia/Shanghai, UTC+8): every expected figure below is worked out by
 * hand from the rows inserted here, not taken from the code's output.
 *
 * Teams: T1 (site S1) with A1, A2 and A3 until 2026-10-22; T2 (site S1) with A4 and A3 from
 * 2026-10-22 (a Thursday: mid-week of W43, Mon 2026-10-19 .. Sun 10-25).
 * Settings: service level 30 s, chat 60 s; FCR window 7 days.
 */
describe('KPI engine on a hand-built fixture', () => {
  let t: TestApp;
  let admin: string;
  const id: Record<string, number> = {};
  let n = 0;

  interface CallSpec {
    at: string;
    agent?: string;
    queue?: string | null;
    channel?: string;
    direction?: 'inbound' | 'outbound';
    customer?: string;
    answered: boolean;
    wait?: number | null;
    talk?: number | null;
    hold?: number | null;
    acw?: number | null;
    resolved?: boolean | null;
    /** The fixture's calls say "no" unless told (null = unknown). */
    escalated?: boolean | null;
    transferred?: boolean | null;
    csat?: number;
    nps?: number;
    respondedAt?: string;
  }

  async function insertCall(c: CallSpec): Promise<void> {
    const [row] = await t.db.query(
      `INSERT INTO calls (external_id, started_at, channel, direction, queue, agent_id, customer_id, answered, queue_wait_s, talk_s, hold_s, acw_s, resolved, escalated, transferred)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        `X${++n}`,
        c.at,
        c.channel ?? 'phone',
        c.direction ?? 'inbound',
        c.queue === undefined ? 'Mandarin' : c.queue,
        c.agent ? id[c.agent] : null,
        c.customer ?? null,
        c.answered,
        c.wait ?? null,
        c.talk ?? null,
        c.hold ?? null,
        c.acw ?? null,
        c.resolved ?? null,
        c.escalated === undefined ? false : c.escalated,
        c.transferred === undefined ? false : c.transferred,
      ],
    );
    if (c.csat !== undefined || c.nps !== undefined) {
      await t.db.query(`INSERT INTO survey_responses (call_id, source, responded_at, csat, nps) VALUES ($1, 'import', $2, $3, $4)`, [
        row.id,
        c.respondedAt ?? c.at,
        c.csat ?? null,
        c.nps ?? null,
      ]);
    }
  }

  const at = (date: string, h: number, m: number) => `${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00+08:00`;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
    await t.db.query(`UPDATE settings SET service_level_by_channel = '{"chat": 60}'`);
    [{ id: id.S1 }] = await t.db.query(`INSERT INTO sites (name) VALUES ('Guangzhou') RETURNING id`);
    [{ id: id.T1 }] = await t.db.query(`INSERT INTO teams (name, site_id) VALUES ('Team One', $1) RETURNING id`, [id.S1]);
    [{ id: id.T2 }] = await t.db.query(`INSERT INTO teams (name, site_id) VALUES ('Team Two', $1) RETURNING id`, [id.S1]);
    for (const a of ['A1', 'A2', 'A3', 'A4']) [{ id: id[a] }] = await t.db.query(`INSERT INTO agents (code, name) VALUES ($1, $2) RETURNING id`, [a, `Agent ${a}`]);
    await t.db.query(
      `INSERT INTO agent_team_memberships (agent_id, team_id, valid_from, valid_to) VALUES
        ($1, $5, NULL, NULL), ($2, $5, NULL, NULL), ($3, $5, NULL, '2026-10-22'), ($3, $6, '2026-10-22', NULL), ($4, $6, NULL, NULL)`,
      [id.A1, id.A2, id.A3, id.A4, id.T1, id.T2],
    );

    // A: A1, Tue 10-20, 20 answered: talk 300 + hold 20 + acw 40 = 360 s, wait 10; 15 resolved, 5 not.
    // 12 of them surveyed: csat 5×6, 4×3, 2×3 (sum 48, top-2 9); nps 10×2, 9×1, 8×2, 5×7 (3 promoters, 7 detractors).
    const csatA = [5, 5, 5, 5, 5, 5, 4, 4, 4, 2, 2, 2];
    const npsA = [10, 10, 9, 8, 8, 5, 5, 5, 5, 5, 5, 5];
    for (let i = 0; i < 20; i++) {
      await insertCall({ at: at('2026-10-20', 10, i), agent: 'A1', answered: true, wait: 10, talk: 300, hold: 20, acw: 40, resolved: i < 15, csat: csatA[i], nps: npsA[i] });
    }
    // G: two abandons offered to A1 (wait 45).
    for (let i = 0; i < 2; i++) await insertCall({ at: at('2026-10-20', 13, i), agent: 'A1', answered: false, wait: 45 });
    // B: A2, Wed 10-21, 5 answered, talk 600, hold/acw unknown (count 0), wait 40 (outside SL), resolved, csat 5.
    for (let i = 0; i < 5; i++) await insertCall({ at: at('2026-10-21', 10, i), agent: 'A2', answered: true, wait: 40, talk: 600, resolved: true, csat: 5 });
    // C: A3 on 10-20 (still T1), 4 answered, talk 200, hold 0, acw 0, wait 50, resolved unknown.
    for (let i = 0; i < 4; i++) await insertCall({ at: at('2026-10-20', 11, i), agent: 'A3', answered: true, wait: 50, talk: 200, hold: 0, acw: 0 });
    // D: A3 on 10-22 (now T2), 6 answered, talk 100 + acw 20, wait 20, 3 resolved / 3 not.
    for (let i = 0; i < 6; i++) await insertCall({ at: at('2026-10-22', 11, i), agent: 'A3', answered: true, wait: 20, talk: 100, hold: 0, acw: 20, resolved: i < 3 });
    // E: the week boundary. Sun 10-25 23:50 local is W43, Mon 10-26 00:05 local is W44 — for A1 with
    // +08:00 offsets, for A2 the same instants written in UTC (Z).
    await insertCall({ at: '2026-10-25T23:50:00+08:00', agent: 'A1', answered: true, wait: 5, talk: 120 });
    await insertCall({ at: '2026-10-26T00:05:00+08:00', agent: 'A1', answered: true, wait: 5, talk: 240 });
    await insertCall({ at: '2026-10-25T15:50:00Z', agent: 'A2', answered: true, wait: 5, talk: 120 });
    await insertCall({ at: '2026-10-25T16:05:00Z', agent: 'A2', answered: true, wait: 5, talk: 240 });
    // I: A2, Fri 10-30, answered, surveyed on 11-02 (the next month): csat 1.
    await insertCall({ at: at('2026-10-30', 20, 0), agent: 'A2', answered: true, wait: 10, talk: 300, resolved: true, csat: 1, respondedAt: '2026-11-02T09:00:00+08:00' });
    // F: 6 abandons with no agent (wait 60); H: 3 answered by an unnamed system position (queue VIP).
    for (let i = 0; i < 6; i++) await insertCall({ at: at('2026-10-20', 12, i), answered: false, wait: 60 });
    for (let i = 0; i < 3; i++) await insertCall({ at: at('2026-10-27', 15, i), queue: 'VIP', answered: true, wait: 0, talk: 100 });
    // Repeat contacts, A4 (T2), all answered, talk 200, wait 10, resolved:
    // C1 called again 2 days later (abandoned) → repeat; C2 called again 7 days + 1 s later → not a repeat;
    // C4 has a second call at the same instant → not a repeat; C3 gets its repeat in a later import.
    await insertCall({ at: at('2026-10-27', 9, 0), agent: 'A4', customer: 'C1', answered: true, wait: 10, talk: 200, resolved: true });
    await insertCall({ at: at('2026-10-29', 9, 0), customer: 'C1', answered: false, wait: 30 });
    await insertCall({ at: at('2026-10-27', 10, 0), agent: 'A4', customer: 'C2', answered: true, wait: 10, talk: 200, resolved: true });
    await insertCall({ at: '2026-11-03T10:00:01+08:00', agent: 'A4', customer: 'C2', answered: true, wait: 10, talk: 200, resolved: true });
    await insertCall({ at: at('2026-10-27', 11, 0), agent: 'A4', customer: 'C4', answered: true, wait: 10, talk: 200, resolved: true });
    await insertCall({ at: at('2026-10-27', 11, 0), customer: 'C4', answered: false, wait: 30 });
    await insertCall({ at: at('2026-10-28', 9, 0), agent: 'A4', customer: 'C3', answered: true, wait: 10, talk: 200, resolved: true });
    // K: A4, 2 chat calls, wait 50 (inside the 60 s chat level); J: 2 outbound calls (counted apart).
    for (let i = 0; i < 2; i++) await insertCall({ at: at('2026-10-28', 14, i), agent: 'A4', channel: 'chat', answered: true, wait: 50, talk: 200, resolved: true });
    for (let i = 0; i < 2; i++) await insertCall({ at: at('2026-10-28', 16, i), agent: 'A4', direction: 'outbound', answered: true, talk: 500 });

    // Evaluations: A1 95, 85, an auto-fail stored as 70 (counts 0) and a draft (ignored); A2 100, 90; A3 80 on 10-21 (T1).
    const ev = async (agent: string, date: string, score: number, autoFail = false, status = 'submitted') =>
      t.db.query(`INSERT INTO qa_evaluations (source, agent_id, status, score, auto_fail, submitted_at) VALUES ('import', $1, $2, $3, $4, $5)`, [
        id[agent],
        status,
        score,
        autoFail,
        status === 'draft' ? null : at(date, 15, 0),
      ]);
    await ev('A1', '2026-10-20', 95);
    await ev('A1', '2026-10-21', 85);
    await ev('A1', '2026-10-23', 70, true);
    await ev('A1', '2026-10-23', 50, false, 'draft');
    await ev('A2', '2026-10-21', 100);
    await ev('A2', '2026-10-27', 90);
    await ev('A3', '2026-10-21', 80);

    await t.app.get(RollupService).rebuildAll();
  });
  afterAll(() => t.close());

  const get = async (token: string, params: Record<string, string | number>) => {
    const res = await t.http().get('/api/kpis').query(params).set('Authorization', `Bearer ${token}`);
    return res;
  };
  const kpis = async (params: Record<string, string | number>): Promise<KpiAnswer> => {
    const res = await get(admin, params);
    expect(res.status).toBe(200);
    return res.body;
  };
  const nd = (row: KpiRow | undefined, key: string) => {
    const m = row?.metrics[key as keyof KpiRow['metrics']];
    return m ? [m.num, m.den] : undefined;
  };
  const rowOf = (a: KpiAnswer, groupId: number | string, period = 'total') => a.rows.find((r) => r.group?.id === groupId && r.period === period);
  const range = { from: '2026-10-19', to: '2026-11-01' };

  it('org totals: every metric as a ratio of sums', async () => {
    const a = await kpis({ ...range });
    expect(a.rows).toHaveLength(1);
    const org = a.rows[0];
    expect(org.period).toBe('total');
    expect(org.group).toBeUndefined();
    const expected: Record<string, [number, number]> = {
      offered: [59, 59], // 20+2+5+4+6+4+1+6+3+4+1+1+2 inbound in range
      handled: [49, 49],
      abandon_rate: [10, 59], // G 2, F 6, C1 1, C4 1
      service_level: [40, 59], // A 20, D 6, E 4, I 1, H 3, A4 4, chat 2
      asa: [890, 49], // 200+200+200+120+20+10+0+40+100
      aht: [14240, 49], // 7200+3000+800+720+720+300+300+800+400
      avg_talk: [12920, 49], // 6000+3000+800+600+720+300+300+800+400
      avg_hold: [400, 49],
      avg_acw: [920, 49], // 800 + 120
      fcr: [30, 38], // flag method: 15+5+3+1+4+2 of 20+5+6+1+4+2
      fcr_flag: [30, 38],
      fcr_repeat: [3, 4], // A4's C1 is a repeat
      escalation_rate: [0, 49],
      transfer_rate: [0, 49],
      csat_avg: [74, 18], // 48 + 25 + 1
      csat_pct: [14, 18],
      nps: [-400, 12], // 100 × (3 − 7)
      qa_score: [450, 6], // 95+85+0+100+90+80
      qa_autofail_rate: [1, 6],
    };
    for (const [key, v] of Object.entries(expected)) expect([key, nd(org, key)]).toEqual([key, v]);
    expect(org.metrics.nps).toMatchObject({ value: -400 / 12, lowSample: true, status: null });
    expect(org.metrics.aht!.value).toBe(14240 / 49);
    expect(org.metrics.fcr_repeat!.provisional).toBe(0);
    expect(org.metrics.service_level!.ci![0]).toBeGreaterThan(0);
  });

  it('team figures are ratios of the team records, not means of agent figures', async () => {
    const teams = await kpis({ ...range, groupBy: 'team', metrics: 'aht,handled' });
    // T1: A1 7200+120+240 over 22, A2 3000+360+300 over 8, A3 before the move 800 over 4.
    expect(nd(rowOf(teams, id.T1), 'aht')).toEqual([12020, 34]);
    // T2: A3 after the move 720 over 6, A4 800+400 over 6.
    expect(nd(rowOf(teams, id.T2), 'aht')).toEqual([1920, 12]);
    const agents = await kpis({ ...range, groupBy: 'agent', metrics: 'aht' });
    expect(nd(rowOf(agents, id.A1), 'aht')).toEqual([7560, 22]);
    expect(nd(rowOf(agents, id.A2), 'aht')).toEqual([3660, 8]);
    expect(nd(rowOf(agents, id.A3), 'aht')).toEqual([1520, 10]); // the whole agent, both teams
    expect(nd(rowOf(agents, id.A4), 'aht')).toEqual([1200, 6]);
    // 12020/34 = 353.53 while the mean of A1, A2 and A3's T1 part is (343.64 + 457.5 + 200) / 3 = 333.71.
    expect(rowOf(teams, id.T1)!.metrics.aht!.value).toBeCloseTo(353.5294, 4);
    // A1 (343.64) vs T1 (353.53): within 110% → green; A2 has 8 calls (< 20): low sample, no status.
    expect(rowOf(agents, id.A1)!.metrics.aht).toMatchObject({ status: 'green', lowSample: false });
    expect(rowOf(agents, id.A2)!.metrics.aht).toMatchObject({ status: null, lowSample: true });
    expect(rowOf(agents, id.A1)!.group).toEqual({ type: 'agent', id: id.A1, name: 'Agent A1', code: 'A1' });
  });

  it('splits a mid-week team move by team at the time, keeping the agent row whole', async () => {
    const teams = await kpis({ ...range, granularity: 'week', groupBy: 'team', metrics: 'handled' });
    // W43: T1 = A 20 + B 5 + C 4 + the two Sunday 23:50 calls; T2 = D 6.
    expect(nd(rowOf(teams, id.T1, '2026-W43'), 'handled')).toEqual([31, 31]);
    expect(nd(rowOf(teams, id.T2, '2026-W43'), 'handled')).toEqual([6, 6]);
    expect(rowOf(teams, id.T1, '2026-W43')!.periodStart).toBe('2026-10-19');
    const agents = await kpis({ ...range, granularity: 'week', groupBy: 'agent', metrics: 'handled', agentId: id.A3 });
    expect(agents.rows.map((r) => [r.period, r.metrics.handled!.num])).toEqual([['2026-W43', 10]]);
  });

  it('puts 23:50 and 00:05 local on either side of the week boundary, with offsets or Z', async () => {
    const weeks = await kpis({ ...range, granularity: 'week', groupBy: 'agent', metrics: 'handled' });
    expect(nd(rowOf(weeks, id.A1, '2026-W43'), 'handled')).toEqual([21, 21]);
    expect(nd(rowOf(weeks, id.A1, '2026-W44'), 'handled')).toEqual([1, 1]);
    expect(nd(rowOf(weeks, id.A2, '2026-W43'), 'handled')).toEqual([6, 6]);
    expect(nd(rowOf(weeks, id.A2, '2026-W44'), 'handled')).toEqual([2, 2]); // 00:05 (Z) and the 10-30 call
    const days = await kpis({ from: '2026-10-25', to: '2026-10-26', granularity: 'day', groupBy: 'agent', metrics: 'aht' });
    expect(days.rows.map((r) => [r.period, r.group!.code, r.metrics.aht!.num])).toEqual([
      ['2026-10-25', 'A1', 120],
      ['2026-10-25', 'A2', 120],
      ['2026-10-26', 'A1', 240],
      ['2026-10-26', 'A2', 240],
    ]);
  });

  it('counts calls without an agent only in org and queue rows', async () => {
    const queues = await kpis({ ...range, groupBy: 'queue', metrics: 'offered,handled,abandon_rate,qa_score' });
    // VIP: only the 3 system-answered calls. Mandarin: the other 56 inbound calls.
    expect(nd(rowOf(queues, 'VIP'), 'handled')).toEqual([3, 3]);
    expect(nd(rowOf(queues, 'Mandarin'), 'offered')).toEqual([56, 56]);
    expect(nd(rowOf(queues, 'Mandarin'), 'abandon_rate')).toEqual([10, 56]);
    expect(rowOf(queues, 'VIP')!.metrics.qa_score).toBeUndefined(); // QA has no queue
    const teams = await kpis({ ...range, groupBy: 'team', metrics: 'offered' });
    // T1 offered: A 20 + G 2 + B 5 + C 4 + E 4 + I 1 = 36; T2: D 6 + A4 4 + chat 2 = 12; 36 + 12 + 11 agentless = 59.
    expect(nd(rowOf(teams, id.T1), 'offered')).toEqual([36, 36]);
    expect(nd(rowOf(teams, id.T2), 'offered')).toEqual([12, 12]);
    const sites = await kpis({ ...range, groupBy: 'site', metrics: 'offered' });
    expect(nd(rowOf(sites, id.S1), 'offered')).toEqual([48, 48]);
    // Abandons offered to A1 count in A1's abandon rate, without a target status on the agent row.
    const agents = await kpis({ ...range, groupBy: 'agent', metrics: 'abandon_rate' });
    // A1 offered: A 20 + G 2 + the two boundary calls = 24.
    expect(rowOf(agents, id.A1)!.metrics.abandon_rate).toMatchObject({ num: 2, den: 24, target: null, status: null });
  });

  it('keeps a survey answered the next month in the month of its call', async () => {
    const months = await kpis({ from: '2026-10-01', to: '2026-11-30', granularity: 'month', metrics: 'csat_avg,offered' });
    expect(months.rows.map((r) => [r.period, r.periodStart, nd(r, 'csat_avg'), nd(r, 'offered')])).toEqual([
      ['2026-10', '2026-10-01', [74, 18], [59, 59]], // every inbound call of the fixture but one is in October
      ['2026-11', '2026-11-01', [0, 0], [1, 1]], // only the C2 call of 11-03
    ]);
  });

  it('flags low samples and judges against targets', async () => {
    const agents = await kpis({ ...range, groupBy: 'agent', metrics: 'qa_score,csat_avg,csat_pct,fcr' });
    // A1: 3 evaluations (< 4): 180/3 = 60, low sample.
    expect(rowOf(agents, id.A1)!.metrics.qa_score).toMatchObject({ num: 180, den: 3, value: 60, lowSample: true, status: null, target: 90 });
    // A1 csat: 48/12 = 4.0 vs 4.8 (tolerance 0.1) → red; top-2 9/12 = 0.75 vs 0.85 → red.
    expect(rowOf(agents, id.A1)!.metrics.csat_avg).toMatchObject({ value: 4, lowSample: false, status: 'red' });
    expect(rowOf(agents, id.A1)!.metrics.csat_pct).toMatchObject({ value: 0.75, status: 'red' });
    // A2: 6 responses (< 10): low sample.
    expect(rowOf(agents, id.A2)!.metrics.csat_avg).toMatchObject({ num: 26, den: 6, lowSample: true, status: null });
    // A1 fcr (flag) 15/20 = 0.75 with 20 answered-with-resolution: red against 0.85.
    expect(rowOf(agents, id.A1)!.metrics.fcr).toMatchObject({ num: 15, den: 20, lowSample: false, status: 'red' });
    const teams = await kpis({ ...range, groupBy: 'team', metrics: 'qa_score,qa_autofail_rate' });
    // T1: A1 180/3 + A2 190/2 + A3 80/1 → 450/6 = 75, not low sample, red against 90.
    expect(rowOf(teams, id.T1)!.metrics.qa_score).toMatchObject({ num: 450, den: 6, value: 75, lowSample: false, status: 'red' });
    expect(nd(rowOf(teams, id.T1), 'qa_autofail_rate')).toEqual([1, 6]);
  });

  it('charges repeat contacts to the first call, and refreshes the earlier day when the repeat arrives later', async () => {
    const before = await kpis({ ...range, granularity: 'day', groupBy: 'agent', agentId: id.A4, metrics: 'fcr_repeat' });
    expect(nd(before.rows.find((r) => r.period === '2026-10-27'), 'fcr_repeat')).toEqual([2, 3]); // C1 repeat; C2 outside window; C4 same instant
    expect(nd(before.rows.find((r) => r.period === '2026-10-28'), 'fcr_repeat')).toEqual([1, 1]);
    // A later import brings C3's second call, two days after the first.
    await t.db.transaction(async (m) => {
      await m.query(`INSERT INTO calls (external_id, started_at, queue, customer_id, answered, queue_wait_s) VALUES ('LATE1', '2026-10-30T09:00:00+08:00', 'Mandarin', 'C3', false, 30)`);
      await t.app.get(RollupService).applyCallChanges(m, { localDates: ['2026-10-30'], customerIds: ['C3'] });
    });
    const after = await kpis({ ...range, granularity: 'day', groupBy: 'agent', agentId: id.A4, metrics: 'fcr_repeat' });
    expect(nd(after.rows.find((r) => r.period === '2026-10-28'), 'fcr_repeat')).toEqual([0, 1]);
    const org = await kpis({ ...range, metrics: 'fcr_repeat,offered,abandon_rate' });
    expect(nd(org.rows[0], 'fcr_repeat')).toEqual([2, 4]);
    expect(nd(org.rows[0], 'offered')).toEqual([60, 60]);
    expect(nd(org.rows[0], 'abandon_rate')).toEqual([11, 60]);
    // The whole month is answered from the agent × month grain, refreshed by the same change.
    expect(nd((await kpis({ from: '2026-10-01', to: '2026-10-31', metrics: 'fcr_repeat' })).rows[0], 'fcr_repeat')).toEqual([2, 4]);
    await t.db.transaction(async (m) => {
      await m.query(`DELETE FROM calls WHERE external_id = 'LATE1'`);
      await t.app.get(RollupService).applyCallChanges(m, { localDates: ['2026-10-30'], customerIds: ['C3'] });
    });
    expect(nd((await kpis({ ...range, metrics: 'fcr_repeat' })).rows[0], 'fcr_repeat')).toEqual([3, 4]);
    expect(nd((await kpis({ from: '2026-10-01', to: '2026-10-31', metrics: 'fcr_repeat' })).rows[0], 'fcr_repeat')).toEqual([3, 4]);
  });

  it('counts calls whose repeat window is still open as provisional', async () => {
    // One eligible call 24 h ago (window open for 6 more days) and one 8 days ago (closed).
    const localDate = async (sql: string) => (await t.db.query(`SELECT to_char((${sql}) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d`))[0].d as string;
    const dayAgo = await localDate(`now() - interval '24 hours'`);
    const eightAgo = await localDate(`now() - interval '192 hours'`);
    const today = await localDate('now()');
    await t.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO calls (external_id, started_at, queue, agent_id, customer_id, answered, queue_wait_s, talk_s)
         VALUES ('OPEN1', now() - interval '24 hours', 'Mandarin', $1, 'C9', true, 5, 100), ('SHUT1', now() - interval '192 hours', 'Mandarin', $1, 'C8', true, 5, 100)`,
        [id.A4],
      );
      await t.app.get(RollupService).applyCallChanges(m, { localDates: [dayAgo, eightAgo], customerIds: ['C8', 'C9'] });
    });
    const q = { from: eightAgo, to: today, metrics: 'fcr_repeat' };
    const rollup = await kpis(q);
    expect(rollup.rows[0].metrics.fcr_repeat).toMatchObject({ num: 2, den: 2, provisional: 1 });
    const caller: Caller = { userId: 0, email: 'x', name: 'x', role: 'hr', agentId: null, teamIds: [], sessionId: 'x', locale: null };
    const raw = await t.app.get(KpiService).queryRaw(caller, { ...q, granularity: 'total', groupBy: 'org', metrics: ['fcr_repeat'] });
    expect(raw.rows[0].metrics.fcr_repeat).toMatchObject({ num: 2, den: 2, provisional: 1 });
    await t.db.transaction(async (m) => {
      await m.query(`DELETE FROM calls WHERE external_id IN ('OPEN1', 'SHUT1')`);
      await t.app.get(RollupService).applyCallChanges(m, { localDates: [dayAgo, eightAgo], customerIds: ['C8', 'C9'] });
    });
  });

  it('scopes a supervisor to their teams and an agent to their own row and team', async () => {
    const sup = await t.userToken('supervisor', { teamIds: [id.T2] });
    const res = await get(sup, { ...range, groupBy: 'agent', metrics: 'aht' });
    expect(res.status).toBe(200);
    // A3's row covers only the records attributed to T2 (720 over 6).
    expect(res.body.rows.map((r: KpiRow) => [r.group!.code, nd(r, 'aht')])).toEqual([
      ['A3', [720, 6]],
      ['A4', [1200, 6]],
    ]);
    expect((await get(sup, { ...range, groupBy: 'team', teamId: id.T1 })).status).toBe(403);
    expect((await get(sup, { ...range, agentId: id.A1 })).status).toBe(403);
    const agent = await t.userToken('agent', { agentId: id.A1 });
    const own = await get(agent, { ...range, groupBy: 'agent', metrics: 'handled' });
    expect(own.body.rows.map((r: KpiRow) => [r.group!.code, nd(r, 'handled')])).toEqual([['A1', [22, 22]]]);
    const team = await get(agent, { ...range, groupBy: 'team', metrics: 'handled' });
    expect(team.body.rows.map((r: KpiRow) => [r.group!.id, nd(r, 'handled')])).toEqual([[id.T1, [34, 34]]]);
    expect((await get(agent, { ...range, agentId: id.A2 })).status).toBe(403);
  });

  it('records a scorecard view when a supervisor asks for one agent', async () => {
    const sup = await t.userToken('supervisor', { teamIds: [id.T2] });
    const before = Number((await t.db.query(`SELECT count(*) FROM audit_log WHERE action = 'scorecard.view'`))[0].count);
    expect((await get(sup, { ...range, agentId: id.A4 })).status).toBe(200);
    const afterCount = Number((await t.db.query(`SELECT count(*) FROM audit_log WHERE action = 'scorecard.view'`))[0].count);
    expect(afterCount).toBe(before + 1);
  });

  it('answers the summary with the previous period and deltas', async () => {
    // W44 (10-26..11-01) vs W43 (10-19..10-25), team T1 handled: W44 = A1 1 + A2 2 = 3; W43 = 31.
    const res = await t.http().get('/api/kpis/summary').query({ from: '2026-10-26', to: '2026-11-01', teamId: id.T1 }).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body.previous).toEqual({ from: '2026-10-19', to: '2026-10-25' });
    expect(res.body.metrics.handled).toMatchObject({ num: 3, value: 3, previous: 31, delta: -28 });
    // QA of T1: W44 = A2 90 over 1; W43 = (95 + 85 + 0 + 100 + 80) / 5 = 72.
    expect(res.body.metrics.qa_score).toMatchObject({ num: 90, den: 1, value: 90, previous: 72, delta: 18 });
  });

  it('rejects bad parameters with a 400 naming them', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: '2026-11-02', to: '2026-11-01' }, 'from'],
      [{ from: '2026-10-01', to: '2026-10-31', metrics: 'aht,bogus' }, 'bogus'],
      [{ from: '2020-01-01', to: '2023-01-01' }, '3 years'],
      [{ from: '2026-10-01', to: '2026-10-31', colour: 'red' }, 'colour'],
      [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
      [{ to: '2026-03-01' }, 'from'],
      [{ from: '2026-10-01', to: '2026-10-31', granularity: 'year' }, 'granularity'],
    ];
    for (const [params, word] of cases) {
      const res = await get(admin, params);
      expect([params, res.status]).toEqual([params, 400]);
      expect(res.body.message).toContain(word);
    }
  });

  it('rebuilds when a setting that changes the rollups changes', async () => {
    const res = await t.http().patch('/api/settings').send({ serviceLevelSeconds: 5 }).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    // Within 5 s: E 4, H 3; chat keeps its 60 s: 2.
    expect(nd((await kpis({ ...range, metrics: 'service_level' })).rows[0], 'service_level')).toEqual([9, 59]);
    await t.http().patch('/api/settings').send({ serviceLevelSeconds: 30 }).set('Authorization', `Bearer ${admin}`);
    expect(nd((await kpis({ ...range, metrics: 'service_level' })).rows[0], 'service_level')).toEqual([40, 59]);
  });

  it('gives the same num/den from the rollups and from the raw tables for every grouping and granularity', async () => {
    const kpi = t.app.get(KpiService);
    const caller: Caller = { userId: 0, email: 'x', name: 'x', role: 'hr', agentId: null, teamIds: [], sessionId: 'x', locale: null };
    for (const groupBy of ['org', 'site', 'team', 'agent', 'queue'] as const) {
      for (const granularity of ['day', 'week', 'month', 'total'] as const) {
        const q = { from: '2026-10-01', to: '2026-11-30', groupBy, granularity };
        const strip = (a: KpiAnswer) => a.rows.map((r) => [r.period, r.group?.id, Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, [m!.num, m!.den]]))]);
        expect([groupBy, granularity, strip(await kpi.query(caller, q))]).toEqual([groupBy, granularity, strip(await kpi.queryRaw(caller, q))]);
      }
    }
  });
  it('refuses, in-process as over HTTP, a granularity or grouping outside its list before any SQL is built', async () => {
    const kpi = t.app.get(KpiService);
    const caller: Caller = { userId: 0, email: 'x', name: 'x', role: 'hr', agentId: null, teamIds: [], sessionId: 'x', locale: null };
    const range = { from: '2026-10-01', to: '2026-10-31' };
    const injected = { ...range, granularity: "day', f.local_date) || pg_sleep(5) || date_trunc('day" } as unknown as KpiQuery;
    for (const run of [() => kpi.query(caller, injected), () => kpi.queryRaw(caller, injected), () => kpi.query(caller, { ...range, granularity: 'fortnight' } as unknown as KpiQuery)]) {
      const error = await run().then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ status: 400, code: 'invalid_field', message: expect.stringMatching(/^granularity: must be one of day, week, month, total/) });
    }
    await expect(kpi.query(caller, { ...range, groupBy: 'team; DROP TABLE calls' } as unknown as KpiQuery)).rejects.toMatchObject({ status: 400, code: 'invalid_field', message: expect.stringMatching(/^groupBy:/) });
    const http = await t.http().get('/api/kpis').query({ ...range, granularity: 'fortnight' }).set('Authorization', `Bearer ${admin}`);
    expect([http.status, http.body.code]).toEqual([400, 'invalid_field']);
  });
  it('judges an agent row by the team of most of their answered calls, or of their evaluations when they took none', async () => {
    // Team targets: fcr_flag 0.4 for T2 and 0.9 for T1; qa_score 60 for T2 and 99 for T1.
    const targets = { teams: { [id.T1]: { fcr_flag: { target: 0.9 }, qa_score: { target: 99 } }, [id.T2]: { fcr_flag: { target: 0.4 }, qa_score: { target: 60 } } } };
    expect((await t.http().patch('/api/settings').send({ targets }).set('Authorization', `Bearer ${admin}`)).status).toBe(200);
    try {
      // W43: A3 answered 4 calls in T1 (10-20) and 6 in T2 (10-22): judged by T2 (3 of 6 known is a low sample: no status).
      const w43 = await kpis({ from: '2026-10-19', to: '2026-10-25', groupBy: 'agent', metrics: 'fcr_flag,qa_score' });
      expect(rowOf(w43, id.A3)!.metrics.fcr_flag).toMatchObject({ num: 3, den: 6, target: 0.4, lowSample: true, status: null });
      // A3's only evaluation (80, 10-21) was scored while in T1, but the row is judged by T2: 80 >= 60.
      expect(rowOf(w43, id.A3)!.metrics.qa_score).toMatchObject({ num: 80, den: 1, target: 60 });
      // W49: A3 takes no call and gets one evaluation (70, in T2 since 10-22): judged by T2's 60, not the org's default.
      await t.db.query(`INSERT INTO qa_evaluations (source, agent_id, status, score, auto_fail, submitted_at) VALUES ('import', $1, 'submitted', 70, false, $2)`, [id.A3, at('2026-12-02', 15, 0)]);
      await t.db.transaction((m) => t.app.get(RollupService).applyEvaluationChanges(m, ['2026-12-02']));
      const w49 = await kpis({ from: '2026-11-30', to: '2026-12-06', groupBy: 'agent', metrics: 'qa_score' });
      expect(w49.rows.map((r) => r.group!.id)).toEqual([id.A3]);
      expect(w49.rows[0].metrics.qa_score).toMatchObject({ num: 70, den: 1, target: 60 });
    } finally {
      await t.http().patch('/api/settings').send({ targets: { teams: {} } }).set('Authorization', `Bearer ${admin}`);
    }
  });
});
