/**
 * Complaint cases end to end (issue 18): import (CSV with Chinese grades through `values`,
 * JSONL re-import, XLSX dry run), GET /api/complaints with its clocks, the three figures at
 * agent, team and org level, scope per role and the bad-input rows.
 *
 * The fixture, org time zone Asia/Shanghai (+08:00), local date 2026-11-03:
 *   team A: a1 (4 handled calls C1-C4, 1 unanswered C9), a2 (2 handled: C5, C6); team B: b1 (2 handled: C7, C8)
 *   K1 一般 (1)   call C1 → a1  opened 10:00  response 10:01:00 (exactly 60 s: met)   resolved 11-04 10:00 (exactly 24 h: met)
 *   K2 严重 (2)   call C2 → a1  opened 11:00  response 11:30:01 (1 s late)           unresolved (due 11-05 11:00: overdue)
 *   K3 重大 (3)   agent a2      opened 23:50  response 11-04 00:04 (14 min, next day: met)  resolved 11-06 23:51 (72 h 1 min: late)
 *   K4 紧急 (urgent) call C7 → b1 opened 09:00  no response (due 09:05: overdue)       unresolved (due 11-04 09:00: overdue)
 *   K5 一般 (1)   call C5 (a2's) but agent a1  opened 12:00  response 12:00:30 (met)   unresolved (due 11-04 12:00: overdue)
 */
import ExcelJS from 'exceljs';
import { loadWorkbook } from '../unit/export/workbook-reader';
import { createTestApp, TestApp } from './support/test-app';

const MAPPING = JSON.stringify({
  columns: { external_id: '投诉编号', opened_at: '受理时间', level: '等级', call_external_id: '通话编号', agent_code: '工号', first_response_at: '首次响应', resolved_at: '办结时间', category: '类别' },
  values: { level: { 一般: '1', 严重: '2', 重大: '3', 紧急: 'urgent' } },
});
const HEADER = '投诉编号,受理时间,等级,通话编号,工号,首次响应,办结时间,类别';
const FIRST_FILE = [
  HEADER,
  'K1,2026-11-03 10:00:00,一般,C1,,2026-11-03 10:01:00,2026-11-04 10:00:00,服务态度',
  'K2,2026-11-03 11:00:00,严重,C2,,2026-11-03 11:30:01,,产品质量',
  'K3,2026-11-03 23:50:00,重大,,A2,2026-11-04 00:04:00,2026-11-06 23:51:00,物流',
  'K4,2026-11-03 09:00:00,紧急,C7,,,,服务态度',
  'K5,2026-11-03 12:00:00,一般,C5,A1,2026-11-03 12:00:30,,服务态度',
].join('\n');

/** supertest parser that keeps a binary body (a workbook) as one Buffer. */
const binary = (res: NodeJS.ReadableStream, cb: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const at = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);

describe('complaints', () => {
  let t: TestApp;
  let admin: string;
  let supervisorA: string;
  let agentA1: string;
  let hr: string;
  let ids: Record<string, number>;
  let teams: Record<string, number>;

  const upload = (token: string, body: string | Buffer, fileName: string, fields: Record<string, string> = {}) => {
    let r = t.http().post('/api/imports').set('Authorization', `Bearer ${token}`).field('kind', 'complaints').field('wait', 'true');
    for (const [k, v] of Object.entries(fields)) r = r.field(k, v);
    return r.attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body), fileName);
  };
  const get = (token: string, path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`);
  const complaints = async (token: string, query: string) => {
    const res = await get(token, `/api/complaints?from=2026-11-01&to=2026-11-30${query}`);
    expect(res.status).toBe(200);
    return res.body as Array<Record<string, any>>;
  };
  const figures = async (groupBy: string, from = '2026-11-03', to = '2026-11-03') => {
    const res = await get(admin, `/api/kpis?from=${from}&to=${to}&groupBy=${groupBy}&metrics=complaint_rate,complaint_response_sla,complaint_resolution_sla`);
    expect(res.status).toBe(200);
    return res.body.rows as Array<{ group?: { id: number; name: string }; metrics: Record<string, any> }>;
  };
  const nd = (m: any) => [m.num, m.den, m.pending];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
    const agents = ['agent_code,name,team', 'A1,Agent One,Complaints A', 'A2,Agent Two,Complaints A', 'B1,Agent Bee,Complaints B'].join('\n');
    expect((await t.http().post('/api/imports').set('Authorization', `Bearer ${admin}`).field('kind', 'agents').field('wait', 'true').attach('file', Buffer.from(agents), 'agents.csv')).body.status).toBe('succeeded');
    const calls = [
      'external_id,started_at,agent_code,answered,talk_s',
      ...['C1', 'C2', 'C3', 'C4'].map((c, i) => `${c},2026-11-03 0${i + 1}:00:00,A1,true,100`),
      'C9,2026-11-03 05:30:00,A1,false,',
      'C5,2026-11-03 06:00:00,A2,true,100',
      'C6,2026-11-03 07:00:00,A2,true,100',
      'C7,2026-11-03 08:00:00,B1,true,100',
      'C8,2026-11-03 08:30:00,B1,true,100',
    ].join('\n');
    expect((await t.http().post('/api/imports').set('Authorization', `Bearer ${admin}`).field('kind', 'calls').field('wait', 'true').attach('file', Buffer.from(calls), 'calls.csv')).body.status).toBe('succeeded');
    ids = Object.fromEntries((await t.db.query(`SELECT code, id FROM agents`)).map((r: any) => [r.code, r.id]));
    teams = Object.fromEntries((await t.db.query(`SELECT name, id FROM teams`)).map((r: any) => [r.name, r.id]));
    supervisorA = await t.userToken('supervisor', { teamIds: [teams['Complaints A']] });
    agentA1 = await t.userToken('agent', { agentId: ids.A1 });
    hr = await t.userToken('hr');
  });
  afterAll(() => t.close());

  it('imports a CSV with Chinese grades through values; agent from the row or the call', async () => {
    const res = await upload(admin, FIRST_FILE, 'complaints.csv', { mapping: MAPPING });
    expect(res.status).toBe(200);
    expect([res.body.status, res.body.rowsInserted, res.body.rowsRejected, res.body.errors]).toEqual(['succeeded', 5, 0, []]);
    const stored = await t.db.query(`SELECT c.external_id, c.level, a.code FROM complaints c LEFT JOIN agents a ON a.id = c.agent_id ORDER BY 1`);
    expect(stored.map((r: any) => [r.external_id, r.level, r.code])).toEqual([
      ['K1', '1', 'A1'],
      ['K2', '2', 'A1'],
      ['K3', '3', 'A2'],
      ['K4', 'urgent', 'B1'],
      ['K5', '1', 'A1'],
    ]);
  });

  it('lists the cases overdue first, with due times, status and overdueBy', async () => {
    const before = Date.now();
    const list = await complaints(admin, '');
    const after = Date.now();
    const byId = Object.fromEntries(list.map((c) => [c.externalId, c]));
    // Overdue first, the longest overdue first: K4 (since 11-03 09:05), K2 is 'overdue' since 11-05 11:00, K5 since 11-04 12:00.
    expect(list.map((c) => c.externalId)).toEqual(['K4', 'K5', 'K2', 'K3', 'K1']);
    expect(list.map((c) => c.status)).toEqual(['overdue', 'overdue', 'overdue', 'closed', 'closed']);
    expect(byId.K1).toMatchObject({
      level: '1', callExternalId: 'C1', category: '服务态度', agent: { id: ids.A1, code: 'A1', name: 'Agent One' }, team: { id: teams['Complaints A'], name: 'Complaints A' },
      openedAt: at('2026-11-03 10:00').toISOString(), responseDueAt: at('2026-11-03 10:01').toISOString(), resolutionDueAt: at('2026-11-04 10:00').toISOString(),
      response: 'met', resolution: 'met', overdueBy: null,
    });
    expect(byId.K2).toMatchObject({ responseDueAt: at('2026-11-03 11:30').toISOString(), resolutionDueAt: at('2026-11-05 11:00').toISOString(), response: 'late', resolution: 'overdue' });
    expect(byId.K3).toMatchObject({ responseDueAt: at('2026-11-04 00:05').toISOString(), resolutionDueAt: at('2026-11-06 23:50').toISOString(), response: 'met', resolution: 'late' });
    expect(byId.K4).toMatchObject({ responseDueAt: at('2026-11-03 09:05').toISOString(), resolutionDueAt: at('2026-11-04 09:00').toISOString(), response: 'overdue', resolution: 'overdue', team: { name: 'Complaints B' } });
    // overdueBy: seconds since the earliest missed deadline (K4: its response, 09:05).
    const since = (local: string) => [Math.floor((before - at(local).getTime()) / 1000), Math.floor((after - at(local).getTime()) / 1000)];
    const [lo4, hi4] = since('2026-11-03 09:05');
    expect(byId.K4.overdueBy).toBeGreaterThanOrEqual(lo4);
    expect(byId.K4.overdueBy).toBeLessThanOrEqual(hi4);
    const [lo2, hi2] = since('2026-11-05 11:00');
    expect(byId.K2.overdueBy).toBeGreaterThanOrEqual(lo2);
    expect(byId.K2.overdueBy).toBeLessThanOrEqual(hi2);

    expect((await complaints(admin, '&status=overdue')).map((c) => c.externalId)).toEqual(['K4', 'K5', 'K2']);
    expect((await complaints(admin, '&status=closed')).map((c) => c.externalId)).toEqual(['K3', 'K1']);
    expect(await complaints(admin, '&status=open')).toEqual([]);
    expect((await complaints(admin, '&level=1')).map((c) => c.externalId)).toEqual(['K5', 'K1']);
    expect((await complaints(admin, `&teamId=${teams['Complaints B']}`)).map((c) => c.externalId)).toEqual(['K4']);
    expect((await complaints(admin, '&category=物流')).map((c) => c.externalId)).toEqual(['K3']);
  });

  it('computes the three figures at agent, team and org level (num/den by hand)', async () => {
    const org = (await figures('org'))[0].metrics;
    // rate: 5 complaints / 8 handled (C9 unanswered is not handled) = 625 per 1,000.
    expect([org.complaint_rate.num, org.complaint_rate.den, org.complaint_rate.value]).toEqual([5, 8, 625]);
    // response: met K1, K3, K5; late K2; overdue K4 → 3/5. resolution: met K1; late K3; overdue K2, K4, K5 → 1/5. Nothing pending.
    expect(nd(org.complaint_response_sla)).toEqual([3, 5, 0]);
    expect(nd(org.complaint_resolution_sla)).toEqual([1, 5, 0]);
    expect(org.complaint_response_sla.value).toBeCloseTo(0.6, 12);

    const team = Object.fromEntries((await figures('team')).map((r) => [r.group!.name, r.metrics]));
    // Team A: K1, K2, K3, K5 over 6 handled = 666.67; response 3/4 (K2 late); resolution 1/4 (K1 only).
    expect([team['Complaints A'].complaint_rate.num, team['Complaints A'].complaint_rate.den]).toEqual([4, 6]);
    expect(team['Complaints A'].complaint_rate.value).toBeCloseTo(4000 / 6, 9);
    expect(nd(team['Complaints A'].complaint_response_sla)).toEqual([3, 4, 0]);
    expect(nd(team['Complaints A'].complaint_resolution_sla)).toEqual([1, 4, 0]);
    // Team B: K4 over 2 handled = 500; 0/1 and 0/1.
    expect([team['Complaints B'].complaint_rate.num, team['Complaints B'].complaint_rate.den, team['Complaints B'].complaint_rate.value]).toEqual([1, 2, 500]);
    expect(nd(team['Complaints B'].complaint_response_sla)).toEqual([0, 1, 0]);

    const agent = Object.fromEntries((await figures('agent')).map((r) => [r.group!.name, r.metrics]));
    // a1: K1, K2, K5 over 4 handled = 750; response K1, K5 met, K2 late → 2/3; resolution K1 → 1/3.
    expect([agent['Agent One'].complaint_rate.num, agent['Agent One'].complaint_rate.den, agent['Agent One'].complaint_rate.value]).toEqual([3, 4, 750]);
    expect(nd(agent['Agent One'].complaint_response_sla)).toEqual([2, 3, 0]);
    expect(nd(agent['Agent One'].complaint_resolution_sla)).toEqual([1, 3, 0]);
    // a2: K3 (answered the next day, still counted on its opening day 11-03) over 2 handled = 500; 1/1; resolution late 0/1.
    expect([agent['Agent Two'].complaint_rate.num, agent['Agent Two'].complaint_rate.den]).toEqual([1, 2]);
    expect(nd(agent['Agent Two'].complaint_response_sla)).toEqual([1, 1, 0]);
    expect(nd(agent['Agent Two'].complaint_resolution_sla)).toEqual([0, 1, 0]);
    // Nothing was opened on 11-04, though K3 was answered then.
    const nextDay = (await figures('org', '2026-11-04', '2026-11-04'))[0]?.metrics;
    expect(nextDay?.complaint_response_sla?.den ?? 0).toBe(0);
  });

  it('a JSONL re-import that adds resolution times moves cases from overdue to closed and changes the figures', async () => {
    const lines = [
      { 投诉编号: 'K1', 受理时间: '2026-11-03 10:00:00', 等级: '一般', 通话编号: 'C1', 工号: null, 首次响应: '2026-11-03 10:01:00', 办结时间: '2026-11-04 10:00:00', 类别: '服务态度' },
      { 投诉编号: 'K2', 受理时间: '2026-11-03 11:00:00', 等级: '严重', 通话编号: 'C2', 工号: null, 首次响应: '2026-11-03 11:30:01', 办结时间: '2026-11-04 09:00:00', 类别: '产品质量' },
      { 投诉编号: 'K3', 受理时间: '2026-11-03 23:50:00', 等级: '重大', 通话编号: null, 工号: 'A2', 首次响应: '2026-11-04 00:04:00', 办结时间: '2026-11-06 23:51:00', 类别: '物流' },
      { 投诉编号: 'K4', 受理时间: '2026-11-03 09:00:00', 等级: '紧急', 通话编号: 'C7', 工号: null, 首次响应: '2026-11-03 09:04:00', 办结时间: '2026-11-03 20:00:00', 类别: '服务态度' },
      { 投诉编号: 'K5', 受理时间: '2026-11-03 12:00:00', 等级: '一般', 通话编号: 'C5', 工号: 'A1', 首次响应: '2026-11-03 12:00:30', 办结时间: '2026-11-05 12:00:00', 类别: '服务态度' },
    ];
    const res = await upload(admin, lines.map((l) => JSON.stringify(l)).join('\n'), 'update.jsonl', { mapping: MAPPING });
    expect([res.body.status, res.body.rowsInserted, res.body.rowsUpdated, res.body.rowsUnchanged]).toEqual(['succeeded', 0, 3, 2]);
    expect((await complaints(admin, '&status=overdue')).map((c) => c.externalId)).toEqual([]);
    expect((await complaints(admin, '')).every((c) => c.status === 'closed' && c.overdueBy === null)).toBe(true);

    const org = (await figures('org'))[0].metrics;
    // response: K4 now met (09:04 ≤ 09:05) → 4/5. resolution: K1, K2 (22 h of 48), K4 met; K3, K5 (48 h of 24) late → 3/5.
    expect(nd(org.complaint_response_sla)).toEqual([4, 5, 0]);
    expect(nd(org.complaint_resolution_sla)).toEqual([3, 5, 0]);
    expect([org.complaint_rate.num, org.complaint_rate.den]).toEqual([5, 8]);
    const team = Object.fromEntries((await figures('team')).map((r) => [r.group!.name, r.metrics]));
    expect(nd(team['Complaints A'].complaint_resolution_sla)).toEqual([2, 4, 0]);
    expect(nd(team['Complaints B'].complaint_resolution_sla)).toEqual([1, 1, 0]);
    const agent = Object.fromEntries((await figures('agent')).map((r) => [r.group!.name, r.metrics]));
    expect(nd(agent['Agent One'].complaint_resolution_sla)).toEqual([2, 3, 0]);
  });

  it('counts cases still inside their deadline as pending, in neither num nor den', async () => {
    const now = Date.now();
    const local = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    // K6 level 2 opened 10 min ago, unanswered: response due in 20 min (pending). K7 urgent 10 min ago: response 5 min overdue; resolution pending for both.
    const file = [HEADER, `K6,${local(now - 600_000)},严重,,A2,,,`, `K7,${local(now - 600_000)},紧急,,A2,,,`].join('\n');
    expect((await upload(admin, file, 'recent.csv', { mapping: MAPPING })).body.rowsInserted).toBe(2);
    const today = local(now).slice(0, 10);
    const from = local(now - 86_400_000).slice(0, 10);
    const org = (await figures('org', from, today))[0].metrics;
    expect(nd(org.complaint_response_sla)).toEqual([0, 1, 1]);
    expect(org.complaint_response_sla.value).toBe(0);
    expect(nd(org.complaint_resolution_sla)).toEqual([0, 0, 2]);
    expect(org.complaint_resolution_sla.value).toBeNull();
    const list = (await get(admin, `/api/complaints?from=${from}&to=${today}`)).body;
    expect(list.map((c: any) => [c.externalId, c.status])).toEqual([['K7', 'overdue'], ['K6', 'open']]);
    expect(list[0].overdueBy).toBeGreaterThanOrEqual(299);
    expect(list[0].overdueBy).toBeLessThanOrEqual(330);
    expect(list[1].remaining).toBeGreaterThanOrEqual(1170);
    expect(list[1].remaining).toBeLessThanOrEqual(1200);
  });

  it('scopes the list per role: supervisor their teams, agent their own cases, HR all; another team\'s agent is a 403', async () => {
    expect((await complaints(supervisorA, '')).map((c) => c.externalId).sort()).toEqual(['K1', 'K2', 'K3', 'K5']);
    expect((await complaints(agentA1, '')).map((c) => c.externalId).sort()).toEqual(['K1', 'K2', 'K5']);
    expect((await complaints(hr, '')).map((c) => c.externalId).sort()).toEqual(['K1', 'K2', 'K3', 'K4', 'K5']);
    for (const token of [supervisorA, agentA1]) {
      const res = await get(token, `/api/complaints?from=2026-11-01&to=2026-11-30&agentId=${ids.B1}`);
      expect([res.status, res.body.code]).toEqual([403, 'forbidden_scope']);
    }
    expect((await get(supervisorA, `/api/complaints?from=2026-11-01&to=2026-11-30&teamId=${teams['Complaints B']}`)).status).toBe(403);
    expect((await get(agentA1, `/api/complaints?from=2026-11-01&to=2026-11-30&agentId=${ids.A2}`)).status).toBe(403);
    expect((await get(admin, `/api/complaints?from=2026-11-01&to=2026-11-30&agentId=999999`)).status).toBe(404);
    expect((await get(admin, `/api/complaints?from=2026-11-01&to=2026-11-30&status=late`)).status).toBe(400);
    // The agent's own figures carry the complaint metrics too (their scorecard).
    const own = await get(agentA1, `/api/kpis/summary?from=2026-11-03&to=2026-11-03&agentId=${ids.A1}`);
    expect([own.body.metrics.complaint_rate.num, own.body.metrics.complaint_rate.den]).toEqual([3, 4]);
  });

  it('a supervisor imports only cases of agents of their teams at opened_at (the import scope check of issue 15)', async () => {
    const file = [HEADER, 'S1,2026-11-03 10:00:00,一般,,A1,,,', 'S2,2026-11-03 10:00:00,一般,C8,,,,'].join('\n');
    const res = await upload(supervisorA, file, 'mine.csv', { mapping: MAPPING, onError: 'skip' });
    expect([res.body.status, res.body.rowsInserted, res.body.rowsRejected]).toEqual(['succeeded', 1, 1]);
    expect(res.body.errors).toEqual([
      { row: 3, column: 'call_external_id', value: 'C8', message: 'Call C8 belongs to agent B1, who was in team Complaints B on 2026-11-03: not a team you supervise; only an admin can change it.' },
    ]);
    await t.db.query(`DELETE FROM complaints WHERE external_id = 'S1'`);
    await t.app.get((await import('../../server/modules/kpi/rollup.service')).RollupService).rebuildComplaints();
  });

  it('reports bad rows naming row and column: grade outside the four, times before opened_at, unknown call or agent', async () => {
    const file = [
      HEADER,
      'X1,2026-11-03 10:00:00,普通,,A1,,,',
      'X2,2026-11-03 10:00:00,一般,,A1,,2026-11-03 09:59:59,',
      'X3,2026-11-03 10:00:00,一般,,A1,2026-11-03 09:00:00,,',
      'X4,2026-11-03 10:00:00,一般,NOPE,,,,',
      'X5,2026-11-03 10:00:00,一般,,ZZ9,,,',
      'X6,2026-11-03 10:00:00,一般,,A1,,,',
    ].join('\n');
    const res = await upload(admin, file, 'bad.csv', { mapping: MAPPING });
    expect([res.body.status, res.body.rowsRejected, res.body.written]).toEqual(['failed', 5, false]);
    const errors = res.body.errors.map((e: any) => [e.row, e.column, e.value]);
    expect(errors).toEqual([
      [2, '等级', '普通'],
      [3, '办结时间', '2026-11-03T01:59:59.000Z'],
      [4, '首次响应', '2026-11-03T01:00:00.000Z'],
      [5, 'call_external_id', 'NOPE'],
      [6, 'agent_code', 'ZZ9'],
    ]);
    expect(res.body.errors[0].message).toContain('is not one of 1, 2, 3, urgent');
    expect(res.body.errors[1].message).toContain('is before opened_at');
    expect(res.body.errors[3].message).toContain('No call with id "NOPE"');
    // Reject mode: nothing written, not even the good row X6.
    expect((await t.db.query(`SELECT count(*)::int AS n FROM complaints WHERE external_id LIKE 'X%'`))[0].n).toBe(0);
  });

  it('an XLSX dry run validates and counts without writing', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('投诉');
    ws.addRow(['external_id', 'opened_at', 'level', 'agent_code']);
    ws.addRow(['D1', '2026-11-03 10:00:00', 'urgent', 'A1']);
    ws.addRow(['K1', '2026-11-03 10:00:00', '1', 'A1']);
    const res = await upload(admin, Buffer.from(await wb.xlsx.writeBuffer()), 'dry.xlsx', { dryRun: 'true' });
    expect([res.body.status, res.body.rowsInserted, res.body.rowsUpdated, res.body.written]).toEqual(['succeeded', 1, 1, false]);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM complaints WHERE external_id = 'D1'`))[0].n).toBe(0);
  });

  it('the monthly workbook carries the three figures and defines them', async () => {
    const res = await get(hr, `/api/exports/monthly?month=2026-11&teamId=${teams['Complaints A']}`).buffer(true).parse(binary as never);
    expect(res.status).toBe(200);
    const wb = await loadWorkbook(res.body as Buffer);
    const defs = wb.getWorksheet('Definitions')!;
    const keys: string[] = [];
    defs.eachRow((row) => keys.push(String(row.getCell(1).value)));
    expect(keys).toEqual(expect.arrayContaining(['complaint_rate', 'complaint_response_sla', 'complaint_resolution_sla']));
    // Summary: one row per group × metric (Level, Name, Metric, 指标, Value, n, …). Team A in November: K1, K2, K3, K5 over 6 handled.
    const summary = wb.getWorksheet('Summary')!;
    const values: Array<[string, number, number]> = [];
    summary.eachRow((row) => {
      if (row.getCell(3).value === 'Complaint rate (per 1,000 handled)') values.push([`${row.getCell(1).value} ${row.getCell(2).value}`, row.getCell(5).value as number, row.getCell(6).value as number]);
    });
    // The scope row and the team row (the scope is the team): 4 / 6 handled × 1,000.
    expect(values.map((v) => [v[0], v[2]])).toEqual([['Scope 范围 Complaints A', 6], ['Team 班组 Complaints A', 6]]);
    expect(values[1][1]).toBeCloseTo(4000 / 6, 6);
  });

  it('cases can be pushed too (POST /api/ingest/complaints: the same pipeline, validation and clocks)', async () => {
    const push = (records: unknown[]) => t.http().post('/api/ingest/complaints').set('Authorization', `Bearer ${admin}`).send({ records, onError: 'skip' });
    const res = await push([
      { external_id: 'P1', opened_at: '2026-11-03T10:00:00+08:00', level: 'urgent', call_external_id: 'C3', first_response_at: '2026-11-03T10:05:00+08:00', resolved_at: '2026-11-03T12:00:00+08:00' },
      { external_id: 'P2', opened_at: '2026-11-03T10:00:00+08:00', level: '4', agent_code: 'A1' },
    ]);
    expect(res.status).toBe(200);
    expect([res.body.status, res.body.rowsInserted, res.body.rowsRejected]).toEqual(['succeeded', 1, 1]);
    expect(res.body.errors[0]).toMatchObject({ row: 2, column: 'level', value: '4' }); // pushed records count from 1
    const p1 = (await complaints(admin, '&agentId=' + ids.A1)).find((c) => c.externalId === 'P1');
    // Answered at exactly the 5-minute urgent deadline: in time.
    expect(p1).toMatchObject({ status: 'closed', response: 'met', resolution: 'met', agent: { code: 'A1' } });
    await t.db.query(`DELETE FROM complaints WHERE external_id = 'P1'`);
    await t.app.get((await import('../../server/modules/kpi/rollup.service')).RollupService).rebuildComplaints();
  });

  it('changing a deadline in settings re-judges the stored cases', async () => {
    // Level 1 resolution 48 h instead of 24 h: K5 (resolved after exactly 48 h) becomes met → resolution 4/5.
    const res = await t.http().patch('/api/settings').set('Authorization', `Bearer ${admin}`).send({ complaintDeadlines: { resolution: { '1': 172800 } } });
    expect(res.status).toBe(200);
    expect(res.body.complaintDeadlines).toEqual({ response: { '1': 60, '2': 1800, '3': 900, urgent: 300 }, resolution: { '1': 172800, '2': 172800, '3': 259200, urgent: 86400 } });
    const org = (await figures('org'))[0].metrics;
    expect(nd(org.complaint_resolution_sla)).toEqual([4, 5, 0]);
    expect((await t.http().patch('/api/settings').set('Authorization', `Bearer ${admin}`).send({ complaintDeadlines: { response: { '4': 60 } } })).status).toBe(400);
    expect((await t.http().patch('/api/settings').set('Authorization', `Bearer ${hr}`).send({ complaintDeadlines: { response: { '1': 60 } } })).status).toBe(403);
  });
  it('an agent whose month holds only a complaint still has a row on the monthly Agents sheet', async () => {
    // K9: B1's case opened in October, a month with no calls or evaluations at all.
    const csv = [HEADER, 'K9,2026-10-15 09:00:00,一般,,B1,2026-10-15 09:00:30,,服务态度'].join('\n');
    expect((await upload(admin, csv, 'december.csv', { mapping: MAPPING })).body.status).toBe('succeeded');
    const october = await get(hr, `/api/kpis?from=2026-10-01&to=2026-10-31&groupBy=agent&metrics=complaint_rate`);
    expect(october.body.rows.map((r: any) => r.group.code)).toEqual(['B1']);
    const res = await get(hr, `/api/exports/monthly?month=2026-10`).buffer(true).parse(binary as never);
    expect(res.status).toBe(200);
    const sheet = (await loadWorkbook(res.body as Buffer)).getWorksheet('Agents')!;
    const codes: unknown[] = [];
    sheet.eachRow((row, n) => n > 1 && codes.push(row.getCell(1).value));
    expect(codes).toEqual(['B1']);
  });
});
