import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Response } from 'superagent';
import type { Caller } from '../../server/common/auth/caller';
import { ImportService } from '../../server/modules/ingest/import.service';
import { KpiService } from '../../server/modules/kpi/kpi.service';
import type { KpiAnswer, MetricValue } from '../../server/modules/kpi/kpi.types';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { ensureDefaultQaForm } from '../../seeds/default-qa-form';
import { seedDemo } from '../../seeds/demo';
import { loadWorkbook } from '../unit/export/workbook-reader';
import { expectRollupsAsRebuilt } from './support/rollup-compare';
import { columnsToAnswer } from '../../web/src/lib/kpi-columns';
import { createTestApp, TestApp } from './support/test-app';

const PWC = resolve(__dirname, '..', 'fixtures', 'datasets', 'pwc-call-centre-2021q1.csv');
const NO_FIGURE = { value: null, num: 0, den: 0, n: 0, status: null };

/** Issue 17: unknown is not zero, every channel judged by its own standard, no stale figures. */
describe('honest numbers', () => {
  let t: TestApp;
  let admin: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const upload = (kind: string, body: string | Buffer, name: string) =>
    t.http().post('/api/imports').set(bearer(admin)).attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name).field('kind', kind).field('wait', 'true');
  const kpis = async (query: string): Promise<KpiAnswer> => {
    const res = await t.http().get(`/api/kpis?${query}`).set(bearer(admin));
    expect(res.status).toBe(200);
    return res.body as KpiAnswer;
  };
  const pick = (m: MetricValue | undefined) => ({ value: m?.value, num: m?.num, den: m?.den, n: m?.n, status: m?.status });
  const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
  });
  afterAll(async () => {
    await t.app.get(ImportService).idle();
    await t.close();
  });

  describe('unknown stays unknown', () => {
    it('the PwC log has no escalation or transfer column: no figure at org, team and agent level, in tiles, review and workbook', async () => {
      const res = await upload('calls', readFileSync(PWC), 'pwc.csv');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 5000 });
      // The import says what the file did not provide, and what that means.
      expect(res.body.missingFields).toEqual(
        expect.arrayContaining([
          { field: 'escalated', message: 'no escalation column: escalation rate will show no data for these calls' },
          { field: 'transferred', message: 'no transfer column: transfer rate will show no data for these calls' },
        ]),
      );
      expect(res.body.missingFields.map((f: { field: string }) => f.field)).not.toContain('resolved');
      const [stored] = await t.db.query(`SELECT count(*) FILTER (WHERE escalated IS NULL AND transferred IS NULL)::int AS unknown FROM calls WHERE external_id LIKE 'ID%'`);
      expect(stored.unknown).toBe(5000);

      const range = 'from=2021-01-01&to=2021-03-31';
      const org = await kpis(`${range}&groupBy=org`);
      // 4,054 answered calls, and not one of them with a known escalation or transfer.
      expect(org.rows[0].metrics.handled?.value).toBe(4054);
      expect(pick(org.rows[0].metrics.escalation_rate)).toEqual(NO_FIGURE);
      expect(pick(org.rows[0].metrics.transfer_rate)).toEqual(NO_FIGURE);
      const team = await kpis(`${range}&groupBy=team`);
      expect(team.rows).toHaveLength(1); // every PwC agent is new, so in "Unassigned"
      expect(pick(team.rows[0].metrics.escalation_rate)).toEqual(NO_FIGURE);
      expect(pick(team.rows[0].metrics.transfer_rate)).toEqual(NO_FIGURE);
      const agents = await kpis(`${range}&groupBy=agent&granularity=month`);
      expect(agents.rows).toHaveLength(8 * 3);
      for (const r of agents.rows) {
        expect(pick(r.metrics.escalation_rate)).toEqual(NO_FIGURE);
        expect(pick(r.metrics.transfer_rate)).toEqual(NO_FIGURE);
      }

      // The overview tiles.
      const summary = await t.http().get(`/api/kpis/summary?${range}`).set(bearer(admin));
      expect(summary.status).toBe(200);
      expect(summary.body.metrics.escalation_rate).toMatchObject({ ...NO_FIGURE, delta: null });
      expect(summary.body.metrics.transfer_rate).toMatchObject(NO_FIGURE);

      // The weekly review of the team: no figure, no RAG, and no reason about escalation.
      const teamId = (team.rows[0].group!.id as number);
      const review = await t.http().get(`/api/reviews/weekly?week=2021-W02&teamId=${teamId}&lang=en`).set(bearer(admin));
      expect(review.status).toBe(200);
      expect(review.body.metrics.escalation_rate).toMatchObject({ value: null, n: 0, status: null });
      const reasons = [...review.body.attention, ...review.body.recognition].flatMap((a: { reasons: { metric: string | null; text: string }[] }) => a.reasons);
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.filter((r) => r.metric === 'escalation_rate' || r.metric === 'transfer_rate' || /Escalation|Transfer/.test(r.text))).toEqual([]);

      // The monthly workbook: empty value cells and "no data" where the figure would be.
      const xlsx = await t.http().get('/api/exports/monthly?month=2021-01').set(bearer(admin)).buffer(true).parse(binary as never);
      expect(xlsx.status).toBe(200);
      const wb = await loadWorkbook(xlsx.body as Buffer);
      const summarySheet = wb.getWorksheet('Summary')!;
      const seen: unknown[][] = [];
      summarySheet.eachRow((row, n) => {
        if (n > 1 && ['Escalation rate', 'Transfer rate'].includes(String(row.getCell(3).value))) seen.push([row.getCell(5).value, row.getCell(6).value, row.getCell(8).value]);
      });
      // Org, (no site), team: each a row per metric.
      expect(seen.length).toBeGreaterThanOrEqual(4);
      for (const cells of seen) expect(cells).toEqual([null, 0, 'no data 无数据']);
      const agentSheet = wb.getWorksheet('Agents')!;
      const col = (agentSheet.getRow(1).values as unknown[]).indexOf('Escalation 升级率');
      expect(col).toBeGreaterThan(0);
      const detail = wb.getWorksheet('Agents – n, targets')!;
      const detailHeader = detail.getRow(1).values as unknown[];
      const nCol = detailHeader.indexOf('Escalation 升级率 n');
      const statusCol = detailHeader.indexOf('Escalation 升级率 status 状态');
      expect([nCol, statusCol]).toEqual([expect.any(Number), nCol + 2]);
      let agentRows = 0;
      agentSheet.eachRow((row, n) => {
        if (n === 1) return;
        agentRows++;
        // value (Agents), n and status (the detail sheet, same row)
        expect([row.getCell(col).value, detail.getRow(n).getCell(nCol).value, detail.getRow(n).getCell(statusCol).value]).toEqual([null, 0, 'no data 无数据']);
      });
      expect(agentRows).toBe(8);
    });

    it('a file with the column and one without: rates over the known rows only', async () => {
      // File 1 (with the columns), 5 answered calls of agent MX1 on Mon 5 Apr 2021:
      //   escalated  Y, N, N, (blank), N   → known 4, escalated 1
      //   transferred Y, N, (blank), (blank), N → known 3, transferred 1
      const withColumns = [
        'external_id,started_at,agent_code,answered,talk_s,queue_wait_s,escalated,transferred',
        'MX-1,2021-04-05 09:00,MX1,Y,100,10,Y,Y',
        'MX-2,2021-04-05 09:10,MX1,Y,100,10,N,N',
        'MX-3,2021-04-05 09:20,MX1,Y,100,10,N,',
        'MX-4,2021-04-05 09:30,MX1,Y,100,10,,',
        'MX-5,2021-04-05 09:40,MX1,Y,100,10,N,N',
      ].join('\n');
      // File 2 (without them): 3 more answered calls, unknown on both.
      const without = ['external_id,started_at,agent_code,answered,talk_s,queue_wait_s', 'MX-6,2021-04-05 10:00,MX1,Y,100,10', 'MX-7,2021-04-05 10:10,MX1,Y,100,10', 'MX-8,2021-04-05 10:20,MX1,Y,100,10'].join('\n');
      const first = await upload('calls', withColumns, 'with.csv');
      expect(first.body.missingFields.map((f: { field: string }) => f.field)).not.toEqual(expect.arrayContaining(['escalated']));
      const second = await upload('calls', without, 'without.csv');
      expect(second.body.missingFields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['escalated', 'transferred']));

      const [{ id }] = await t.db.query(`SELECT id FROM agents WHERE code = 'MX1'`);
      const answer = await kpis(`from=2021-04-05&to=2021-04-05&groupBy=agent&agentId=${id}`);
      const m = answer.rows[0].metrics;
      expect(m.handled?.value).toBe(8);
      expect(pick(m.escalation_rate)).toMatchObject({ num: 1, den: 4, n: 4, value: 0.25 });
      expect(pick(m.transfer_rate)).toMatchObject({ num: 1, den: 3, n: 3, value: 1 / 3 });
      // The same at org level for that day (only MX1 called).
      const org = await kpis('from=2021-04-05&to=2021-04-05');
      expect(pick(org.rows[0].metrics.escalation_rate)).toMatchObject({ num: 1, den: 4 });
    });
  });

  describe('targets per channel', () => {
    const teamIds: Record<string, number> = {};
    beforeAll(async () => {
      const agents = ['agent_code,name,team', 'EA1,Email A agent,Email A', 'EB1,Email B agent,Email B', 'EC1,Email C agent,Email C', 'PH1,Phone agent,Phone Desk'].join('\n');
      expect((await upload('agents', agents, 'agents.csv')).body).toMatchObject({ status: 'succeeded' });
      for (const r of await t.db.query(`SELECT id, name FROM teams WHERE name IN ('Email A', 'Email B', 'Email C', 'Phone Desk')`)) teamIds[r.name] = r.id;
      // 20 answered calls each (the minimum sample) on Mon 2 Nov 2026, every one waiting the same:
      // Email A 2 h, Email B 30 h, Email C 2 h, Phone Desk 45 s.
      const lines = ['external_id,started_at,agent_code,channel,answered,talk_s,queue_wait_s'];
      const waits: Array<[string, string, number]> = [['EA1', 'email', 7200], ['EB1', 'email', 108000], ['EC1', 'email', 7200], ['PH1', 'phone', 45]];
      for (const [code, channel, wait] of waits) for (let i = 0; i < 20; i++) lines.push(`CH-${code}-${i},2026-11-02 ${String(8 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 10).padStart(2, '0')},${code},${channel},Y,300,${wait}`);
      expect((await upload('calls', lines.join('\n'), 'channels.csv')).body).toMatchObject({ status: 'succeeded', rowsInserted: 80 });
      // Email C's own target: 1 h.
      const patch = await t.http().patch('/api/settings').set(bearer(admin)).send({ targets: { teams: { [String(teamIds['Email C'])]: { asa: { target: 3600 } } } } });
      expect(patch.status).toBe(200);
    });
    const teamAsa = async () => {
      const a = await kpis('from=2026-11-02&to=2026-11-02&groupBy=team&metrics=asa,service_level');
      return Object.fromEntries(a.rows.map((r) => [r.group!.name, { asa: r.metrics.asa!, sl: r.metrics.service_level! }]));
    };

    it('an Email team is held to 24 h, a phone team to 30 s, a team override beats the channel', async () => {
      const byTeam = await teamAsa();
      // Email A: ASA 7,200 s ≤ 86,400 s → green.
      expect(pick(byTeam['Email A'].asa)).toEqual({ value: 7200, num: 144000, den: 20, n: 20, status: 'green' });
      expect(byTeam['Email A'].asa.target).toBe(86400);
      // Email B: 108,000 s, 21,600 s over 24 h (tolerance 5 s) → red.
      expect(byTeam['Email B'].asa).toMatchObject({ value: 108000, target: 86400, status: 'red' });
      // Phone Desk: 45 s against 30 s, 15 s over (tolerance 5 s) → red.
      expect(byTeam['Phone Desk'].asa).toMatchObject({ value: 45, target: 30, status: 'red' });
      // Email C: its own 1 h target beats the email channel's 24 h → 2 h is red.
      expect(byTeam['Email C'].asa).toMatchObject({ value: 7200, target: 3600, status: 'red' });
      // Service level with the channel's threshold: email 24 h (A and C in time, B not), phone 30 s.
      expect(pick(byTeam['Email A'].sl)).toMatchObject({ num: 20, den: 20, value: 1 });
      expect(pick(byTeam['Email B'].sl)).toMatchObject({ num: 0, den: 20, value: 0 });
      expect(pick(byTeam['Phone Desk'].sl)).toMatchObject({ num: 0, den: 20, value: 0 });
    });

    it('agent rows are judged by their one channel as well, by month and in columns alike', async () => {
      const byAgent = await kpis('from=2026-11-01&to=2026-11-30&groupBy=agent&granularity=month&metrics=asa,service_level');
      const asa = Object.fromEntries(byAgent.rows.map((r) => [r.group!.name, r.metrics.asa!]));
      // Email A agent: 2 h against email's 24 h; the phone agent: 45 s against the org's 30 s.
      expect(asa['Email A agent']).toMatchObject({ value: 7200, target: 86400, status: 'green' });
      expect(asa['Email B agent']).toMatchObject({ value: 108000, target: 86400, status: 'red' });
      expect(asa['Phone agent']).toMatchObject({ value: 45, target: 30, status: 'red' });
      // Service level is queue-driven: shown on agent rows, never judged, whatever the channel.
      expect(byAgent.rows.every((r) => r.metrics.service_level!.target === null && r.metrics.service_level!.status === null)).toBe(true);
      const cols = await t.http().get('/api/kpis?from=2026-11-01&to=2026-11-30&groupBy=agent&granularity=month&metrics=asa,service_level&shape=columns').set(bearer(admin));
      expect(cols.status).toBe(200);
      expect(columnsToAnswer(cols.body)).toEqual(byAgent);
    });

    it('the channel target applies to a figure filtered to one channel, not to a mixed one', async () => {
      const email = await kpis('from=2026-11-02&to=2026-11-02&channel=email&metrics=asa');
      // (144,000 + 2,160,000 + 144,000) / 60 = 40,800 s ≤ 24 h.
      expect(email.rows[0].metrics.asa).toMatchObject({ num: 2448000, den: 60, value: 40800, target: 86400, status: 'green' });
      const mixed = await kpis('from=2026-11-02&to=2026-11-02&metrics=asa');
      expect(mixed.rows[0].metrics.asa).toMatchObject({ den: 80, target: 30, status: 'red' });
    });

    it('a channel setting beats the org setting and the channel default, in /api/kpis and the weekly review', async () => {
      const patch = await t.http().patch('/api/settings').set(bearer(admin)).send({ targets: { org: { asa: { target: 20 } }, channels: { email: { asa: { target: 3 * 3600, tolerance: 600 } } } } });
      expect(patch.status).toBe(200);
      expect(patch.body.targets.channels).toEqual({ email: { asa: { target: 10800, tolerance: 600 } } });
      const byTeam = await teamAsa();
      expect(byTeam['Email A'].asa).toMatchObject({ target: 10800, status: 'green' });
      expect(byTeam['Email B'].asa).toMatchObject({ target: 10800, status: 'red' });
      expect(byTeam['Phone Desk'].asa).toMatchObject({ target: 20, status: 'red' });
      const review = await t.http().get(`/api/reviews/weekly?week=2026-W45&teamId=${teamIds['Email B']}&lang=en`).set(bearer(admin));
      expect(review.status).toBe(200);
      expect(review.body.metrics.asa).toMatchObject({ value: 108000, target: 10800, status: 'red' });
      // A channel that does not exist is a 400 naming the field.
      const bad = await t.http().patch('/api/settings').set(bearer(admin)).send({ targets: { channels: { fax: { asa: { target: 10 } } } } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('targets.channels');
      // Back to the defaults for the other tests.
      await t.http().patch('/api/settings').set(bearer(admin)).send({ targets: { org: {}, teams: {}, channels: {} } });
    });
  });

  describe('no stale figures', () => {
    it('after a back-dated move through the API, every rollup equals a rebuild and the team KPIs equal the raw query', async () => {
      await ensureDefaultQaForm(t.db);
      await seedDemo(t.db, { today: '2026-11-02', agents: 12, weeks: 3 });
      const rollups = t.app.get(RollupService);
      await rollups.rebuildAll();
      const kpi = t.app.get(KpiService);
      const hr: Caller = { userId: 0, email: 'hr@x', name: 'hr', role: 'hr', agentId: null, teamIds: [], sessionId: 's', locale: null };
      const q = { from: '2026-10-12', to: '2026-11-01', groupBy: 'team' as const, granularity: 'week' as const };
      const strip = (a: KpiAnswer) => a.rows.map((r) => [r.period, r.group?.id, Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, [m!.num, m!.den]]))]);

      // An agent with calls and evaluations from 12 Oct on, moved back-dated to 14 Oct.
      const [agent] = await t.db.query(
        `SELECT a.id, m.team_id FROM agents a JOIN agent_team_memberships m ON m.agent_id = a.id AND m.valid_to IS NULL AND m.valid_from IS NULL
          WHERE EXISTS (SELECT 1 FROM calls c WHERE c.agent_id = a.id AND c.started_at < '2026-10-14')
            AND EXISTS (SELECT 1 FROM qa_evaluations e WHERE e.agent_id = a.id AND e.submitted_at > '2026-10-15')
          ORDER BY a.id LIMIT 1`,
      );
      const [{ id: otherTeam }] = await t.db.query(`SELECT id FROM teams WHERE id <> $1 AND name IN (SELECT t.name FROM teams t JOIN agent_team_memberships m ON m.team_id = t.id) ORDER BY id LIMIT 1`, [agent.team_id]);
      const before = await kpis('from=2026-10-12&to=2026-11-01&groupBy=team&granularity=week'); // fills the answer cache
      const [{ data_version: versionBefore }] = await t.db.query(`SELECT data_version FROM settings WHERE id = 1`);

      const moved = await t.http().post(`/api/agents/${agent.id}/moves`).set(bearer(admin)).send({ teamId: otherTeam, effectiveFrom: '2026-10-14' });
      expect(moved.status).toBeLessThan(300);
      expect(moved.body.team.id).toBe(otherTeam);

      const [{ data_version: versionAfter }] = await t.db.query(`SELECT data_version FROM settings WHERE id = 1`);
      expect(Number(versionAfter)).toBeGreaterThan(Number(versionBefore));
      await expectRollupsAsRebuilt(t.db, rollups);
      expect(strip(await kpi.query(hr, q))).toEqual(strip(await kpi.queryRaw(hr, q)));
      // And through HTTP, where the answer before the move was cached: the new team now counts the agent's calls of 14 Oct on.
      const after = await kpis('from=2026-10-12&to=2026-11-01&groupBy=team&granularity=week');
      expect(strip(after)).toEqual(strip(await kpi.queryRaw(hr, q)));
      expect(strip(after)).not.toEqual(strip(before));
    });
  });
});
