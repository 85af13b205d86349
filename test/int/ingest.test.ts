import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliContext } from '../../server/cli/cli-context';
import { importCommand } from '../../server/cli/import.command';
import { ImportService } from '../../server/modules/ingest/import.service';
import { createTestApp, TestApp } from './support/test-app';

// Copies of the public datasets, with their source and licence noted in the folder's README.
const DATASETS = resolve(__dirname, '..', 'fixtures', 'datasets');
if (!existsSync(DATASETS)) throw new Error(`The public datasets are expected in ${DATASETS}`);
// A small upload limit for this file's app, so the 413 can be tested cheaply.
process.env.CALLSCOPE_MAX_UPLOAD_BYTES = String(8 * 1024 * 1024);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

describe('imports', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
  });
  afterAll(async () => {
    await t.app.get(ImportService).idle();
    await t.close();
  });

  const upload = (body: string | Buffer, fields: Record<string, string>, name = 'calls.csv', token = admin) => {
    let req = t.http().post('/api/imports').set('Authorization', `Bearer ${token}`).attach('file', Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), name);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req;
  };
  const importAs = (kind: string, body: string | Buffer, extra: Record<string, string> = {}, name?: string) => upload(body, { kind, wait: 'true', ...extra }, name);
  const importCalls = (body: string | Buffer, extra: Record<string, string> = {}, name?: string) => importAs('calls', body, extra, name);
  const call = async (externalId: string) => {
    const [row] = await t.db.query(
      `SELECT c.*, a.code AS agent_code FROM calls c LEFT JOIN agents a ON a.id = c.agent_id WHERE c.external_id = $1`,
      [externalId],
    );
    return row;
  };
  const countCalls = async (prefix: string) => (await t.db.query(`SELECT count(*)::int AS n FROM calls WHERE external_id LIKE $1`, [`${prefix}%`]))[0].n;

  describe('public datasets', () => {
    it('imports the PwC dataset without a mapping: 5,000 calls, 4,054 answered, 8 agents, 4,054 surveys', async () => {
      const res = await importCalls(readFileSync(`${DATASETS}/pwc-call-centre-2021q1.csv`), {}, 'pwc.csv');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'succeeded', rowsTotal: 5000, rowsInserted: 5000, rowsRejected: 0, rowsSkipped: 0, written: true });
      const [c] = await t.db.query(
        `SELECT count(*)::int AS calls, count(*) FILTER (WHERE answered)::int AS answered,
                count(DISTINCT agent_id)::int AS agents,
                (SELECT count(*)::int FROM survey_responses r JOIN calls x ON x.id = r.call_id WHERE x.external_id LIKE 'ID%') AS surveys
           FROM calls WHERE external_id LIKE 'ID%'`,
      );
      expect(c).toEqual({ calls: 5000, answered: 4054, agents: 8, surveys: 4054 });
      expect(res.body.newAgents).toHaveLength(8);
      // ID0001,Diane,2021-01-01,9:12:58,Contract related,Y,Y,109,0:02:23,3 — Shanghai is UTC+8.
      const first = await call('ID0001');
      expect(first).toMatchObject({ agent_code: 'Diane', answered: true, resolved: true, queue_wait_s: 109, talk_s: 143, hold_s: null, acw_s: null, topic: 'Contract related' });
      expect(iso(first.started_at)).toBe('2021-01-01T01:12:58.000Z');
    });

    it('imports the bank log with the documented mapping, every row accounted for and PHANTOM rows skipped', async () => {
      const file = readFileSync(`${DATASETS}/anonymous-bank-1999-02.tsv`);
      const lines = file.toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
      const dataRows = lines.length - 1;
      const phantoms = lines.slice(1).filter((l) => l.split('\t')[12] === 'PHANTOM').length;
      expect(dataRows).toBe(33344);
      const mapping = readFileSync('docs/mappings/anonymous-bank.json', 'utf8');
      const res = await importCalls(file, { mapping, onError: 'skip' }, 'bank.tsv');
      expect(res.status).toBe(200);
      const b = res.body;
      expect(b.rowsInserted + b.rowsUpdated + b.rowsUnchanged + b.rowsSkipped + b.rowsRejected).toBe(33344);
      expect(b.rowsSkipped).toBe(phantoms);
      expect(b.rowsRejected).toBe(0);
      // AA0101 34536 ... 990201 7:02:47 ... AGENT ... 166 DORIT; Israel is UTC+2 in February.
      const first = await call('AA0101-34536');
      expect(first).toMatchObject({ agent_code: 'DORIT', answered: true, talk_s: 166, queue_wait_s: 0, customer_id: null, queue: 'PS' });
      expect(iso(first.started_at)).toBe('1999-02-01T05:02:47.000Z');
      // AA0101 34537: AGENT answered by NO_SERVER -> no agent; 34539: HANG after 5 s in queue, customer 23317894.
      expect(await call('AA0101-34537')).toMatchObject({ agent_id: null, answered: true });
      expect(await call('AA0101-34539')).toMatchObject({ agent_id: null, answered: false, queue_wait_s: 5, customer_id: '23317894' });
    }, 60_000);
  });

  describe('formats and encodings', () => {
    it('reads a GBK file with Chinese headers and 是/否 values', async () => {
      const text = '通话编号,开始时间,工号,是否接通,通话时长,排队时长,是否解决,满意度\r\nGB-1,2026-11-03 09:15:00,A001,是,1:35,12,否,5\r\nGB-2,2026-11-03 10:00,王小明,否,,40,,\r\n';
      const res = await importCalls(iconv.encode(text, 'gbk'), {}, '通话.csv');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 2, rowsRejected: 0 });
      expect(res.body.newAgents).toEqual(expect.arrayContaining(['A001', '王小明']));
      const g1 = await call('GB-1');
      expect(g1).toMatchObject({ agent_code: 'A001', answered: true, talk_s: 95, queue_wait_s: 12, resolved: false });
      expect(iso(g1.started_at)).toBe('2026-11-03T01:15:00.000Z');
      expect(await call('GB-2')).toMatchObject({ agent_code: '王小明', answered: false, talk_s: null, queue_wait_s: 40, resolved: null });
      const [s] = await t.db.query(`SELECT r.source, r.csat FROM survey_responses r JOIN calls c ON c.id = r.call_id WHERE c.external_id = 'GB-1'`);
      expect(s).toEqual({ source: 'inline', csat: 5 });
    });

    it('reads Excel\'s "Unicode text" export (UTF-16LE, tab-separated)', async () => {
      const text = '\uFEFF通话编号\t开始时间\t工号\t是否接通\t通话时长\r\nU16-1\t2026-11-03 09:15\t张伟\t是\t0:02:00\r\n';
      const res = await importCalls(Buffer.from(text, 'utf16le'), {}, 'export.txt');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1 });
      expect(await call('U16-1')).toMatchObject({ agent_code: '张伟', answered: true, talk_s: 120 });
    });

    it('detects semicolon delimiters and counts a quoted multi-line record once', async () => {
      const csv = 'external_id;started_at;topic;talk_s\nML-1;2026-11-03 09:00;"line one\nline two";60\nML-2;2026-11-03 09:05;x;abc\n';
      const res = await importCalls(csv, { onError: 'skip' });
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 1, rowsRejected: 1 });
      expect(res.body.errors).toEqual([{ row: 3, column: 'talk_s', value: 'abc', message: expect.stringContaining('talk_s') }]);
      expect((await call('ML-1')).topic).toBe('line one\nline two');
    });

    it('reads an XLSX sheet named in the mapping, with Excel dates as local times', async () => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Notes').addRow(['nothing here']);
      const ws = wb.addWorksheet('Calls');
      ws.addRow(['Call ID', 'Start', 'Agent', 'Talk']);
      ws.addRow(['XL-1', new Date(Date.UTC(2026, 10, 3, 9, 30, 0)), 'A001', 75]);
      ws.addRow(['XL-2', '2026-11-03 10:00', 'A001', 'oops']);
      const buf = Buffer.from(await wb.xlsx.writeBuffer());
      const mapping = JSON.stringify({ sheet: 'Calls', columns: { external_id: 'Call ID', started_at: 'Start', agent_code: 'Agent', talk_s: 'Talk' } });
      const res = await importCalls(buf, { mapping, onError: 'skip' }, 'calls.xlsx');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsTotal: 2, rowsInserted: 1, rowsRejected: 1 });
      expect(res.body.errors[0]).toMatchObject({ row: 3, column: 'Talk', value: 'oops' });
      const x = await call('XL-1');
      expect(x).toMatchObject({ talk_s: 75, answered: true });
      expect(iso(x.started_at)).toBe('2026-11-03T01:30:00.000Z');
    });

    it('reads JSON Lines, numbering rows by line', async () => {
      const jsonl = [
        JSON.stringify({ external_id: 'JL-1', started_at: '2026-11-03T09:00:00+08:00', agent_code: 'A001', talk_s: 30, answered: true }),
        '{broken',
        JSON.stringify({ external_id: 'JL-2', started_at: '2026-11-03T09:10:00+08:00', agent_code: null, talk_s: null, answered: false }),
      ].join('\n');
      const res = await importCalls(jsonl, { onError: 'skip' }, 'calls.jsonl');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsTotal: 3, rowsInserted: 2, rowsRejected: 1 });
      expect(res.body.errors[0]).toMatchObject({ row: 2 });
      expect(await call('JL-1')).toMatchObject({ talk_s: 30, answered: true, agent_code: 'A001' });
      expect(await call('JL-2')).toMatchObject({ talk_s: null, answered: false, agent_id: null });
    });
  });

  describe('values', () => {
    it('understands each boolean, duration and date syntax, and keeps blank apart from zero', async () => {
      const csv = [
        'external_id,started_at,agent_code,answered,talk_s,hold_s,acw_s,queue_wait_s,escalated,transferred,channel',
        'VS-1,2026/11/03 09:00,A1,Yes,95,0:45,1:02:03,,y,N,chat',
        'VS-2,2026-11-03,A1, 1 ,0,0,,7,TRUE,0,微信',
        'VS-3,2026-11-03T09:00:00.500+08:00,,no,,,,,false,no,',
        'VS-4,2026-11-03 09:00,A1,,120,,,,,,',
        'VS-5,2026-11-03 09:00,A1,,0,,,,,,',
      ].join('\n');
      const res = await importCalls(csv);
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 5, rowsRejected: 0 });
      const v1 = await call('VS-1');
      expect(v1).toMatchObject({ answered: true, talk_s: 95, hold_s: 45, acw_s: 3723, queue_wait_s: null, escalated: true, transferred: false, channel: 'chat' });
      expect(iso(v1.started_at)).toBe('2026-11-03T01:00:00.000Z');
      const v2 = await call('VS-2');
      expect(v2).toMatchObject({ answered: true, talk_s: 0, hold_s: 0, acw_s: null, queue_wait_s: 7, escalated: true, transferred: false, channel: 'wechat' });
      expect(iso(v2.started_at)).toBe('2026-11-02T16:00:00.000Z');
      const v3 = await call('VS-3');
      expect(v3).toMatchObject({ answered: false, agent_id: null, talk_s: null, escalated: false, channel: 'phone', direction: 'inbound', complaint_level: 'none' });
      expect(iso(v3.started_at)).toBe('2026-11-03T01:00:00.500Z');
      // answered left blank: true when an agent is named and talked for more than 0 s.
      expect((await call('VS-4')).answered).toBe(true);
      // A blank escalated / transferred / resolved cell is unknown, never "no" (docs/kpi.md "Records").
      expect(await call('VS-4')).toMatchObject({ escalated: null, transferred: null, resolved: null });
      expect((await call('VS-5')).answered).toBe(false);
    });

    it('reads instants with Z and +08:00 as given, and a value without offset in the org or mapping time zone', async () => {
      const csv = 'external_id,started_at\nTZ-1,2026-03-10T08:00:00Z\nTZ-2,2026-03-10T08:00:00+08:00\nTZ-3,2026-03-10 08:00:00\n';
      expect((await importCalls(csv)).body).toMatchObject({ status: 'succeeded', rowsInserted: 3 });
      expect(iso((await call('TZ-1')).started_at)).toBe('2026-03-10T08:00:00.000Z');
      expect(iso((await call('TZ-2')).started_at)).toBe('2026-03-10T00:00:00.000Z');
      expect(iso((await call('TZ-3')).started_at)).toBe('2026-03-10T00:00:00.000Z');
      // New York: EST (UTC-5) on 7 March 2026, EDT (UTC-4) after the 8 March switch; an explicit day-first format.
      const ny = 'external_id,started_at\nNY-1,07/03/2026 12:00\nNY-2,08/03/2026 12:00\n';
      const res = await importCalls(ny, { mapping: JSON.stringify({ timezone: 'America/New_York', dateFormat: 'DD/MM/YYYY' }) });
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 2 });
      expect(iso((await call('NY-1')).started_at)).toBe('2026-03-07T17:00:00.000Z');
      expect(iso((await call('NY-2')).started_at)).toBe('2026-03-08T16:00:00.000Z');
    });
  });

  describe('reject, skip, dry run, re-import', () => {
    const bad = 'external_id,started_at,agent_code,talk_s\nRJ-1,2026-11-03 09:00,A1,60\nRJ-2,2026-11-03 09:01,A1,abc\nRJ-3,2026-11-03 09:02,A1,30\n';

    it('reject (the default) writes nothing when a row is invalid, and reports the row', async () => {
      const res = await importCalls(bad);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'failed', rowsTotal: 3, rowsRejected: 1, written: false });
      expect(res.body.errors).toEqual([{ row: 3, column: 'talk_s', value: 'abc', message: expect.stringMatching(/talk_s.*abc.*duration/) }]);
      expect(await countCalls('RJ-')).toBe(0);
    });

    it('dry run validates and counts without writing', async () => {
      const res = await importCalls(bad.replace('abc', '45'), { dryRun: 'true' });
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 3, rowsRejected: 0, written: false, dryRun: true });
      expect(await countCalls('RJ-')).toBe(0);
    });

    it('skip writes the valid rows and reports the invalid ones', async () => {
      const res = await importCalls(bad, { onError: 'skip' });
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 2, rowsRejected: 1, written: true });
      expect(await countCalls('RJ-')).toBe(2);
    });

    it('re-importing the same rows changes nothing; a changed row updates in place', async () => {
      const good = 'external_id,started_at,agent_code,talk_s,csat\nRI-1,2026-11-03 09:00,A1,60,4\nRI-2,2026-11-03 09:01,A1,70,\n';
      expect((await importCalls(good)).body).toMatchObject({ rowsInserted: 2, rowsUpdated: 0, rowsUnchanged: 0 });
      const before = await call('RI-1');
      expect((await importCalls(good)).body).toMatchObject({ status: 'succeeded', rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 2 });
      const changed = good.replace('RI-2,2026-11-03 09:01,A1,70,', 'RI-2,2026-11-03 09:01,A1,75,');
      expect((await importCalls(changed)).body).toMatchObject({ rowsInserted: 0, rowsUpdated: 1, rowsUnchanged: 1 });
      expect((await call('RI-2')).talk_s).toBe(75);
      const after = await call('RI-1');
      expect(after.id).toBe(before.id);
      expect(iso(after.updated_at)).toBe(iso(before.updated_at));
      expect(await countCalls('RI-')).toBe(2);
    });

    it('a re-import mixing unchanged, changed and new rows leaves the unchanged ones untouched and writes the rest exactly', async () => {
      const first = 'external_id,started_at,agent_code,talk_s,csat\nMX-1,2026-11-03 09:00,MX-A,60,\nMX-2,2026-11-03 09:01,MX-A,70,\nMX-3,2026-11-03 09:02,MX-A,80,3\nMX-4,2026-11-03 09:03,MX-A,90,4\n';
      expect((await importCalls(first)).body).toMatchObject({ rowsInserted: 4 });
      await importAs('surveys', 'call_external_id,csat\nMX-3,5\n', {}, 'surveys.csv');
      const version = async (id: string) => (await t.db.query(`SELECT xmin::text AS v FROM calls WHERE external_id = $1`, [id]))[0].v;
      const untouched = [await version('MX-1'), await version('MX-3')];
      // MX-1 and MX-3 as before (MX-3's survey was replaced by the survey import); MX-2 new talk time; MX-4 loses its score; MX-5 new.
      const second = 'external_id,started_at,agent_code,talk_s,csat\nMX-1,2026-11-03 09:00,MX-A,60,\nMX-2,2026-11-03 09:01,MX-A,75,\nMX-3,2026-11-03 09:02,MX-A,80,3\nMX-4,2026-11-03 09:03,MX-A,90,\nMX-5,2026-11-03 09:04,MX-B,30,2\n';
      expect((await importCalls(second, { dryRun: 'true' })).body).toMatchObject({ rowsInserted: 1, rowsUpdated: 2, rowsUnchanged: 2, written: false });
      const res = await importCalls(second);
      expect(res.body).toMatchObject({ status: 'succeeded', rowsTotal: 5, rowsInserted: 1, rowsUpdated: 2, rowsUnchanged: 2, newAgents: ['MX-B'] });
      expect([await version('MX-1'), await version('MX-3')]).toEqual(untouched);
      expect((await call('MX-2')).talk_s).toBe(75);
      const surveys = await t.db.query(
        `SELECT c.external_id, r.source, r.csat FROM calls c JOIN survey_responses r ON r.call_id = c.id WHERE c.external_id LIKE 'MX-%' ORDER BY 1`,
      );
      expect(surveys).toEqual([
        { external_id: 'MX-3', source: 'import', csat: 5 },
        { external_id: 'MX-5', source: 'inline', csat: 2 },
      ]);
      expect((await importCalls(second)).body).toMatchObject({ rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 5 });
    });

    it('reports a key repeated within one file on its later rows', async () => {
      const csv = 'external_id,started_at\nDK-1,2026-11-03 09:00\nDK-2,2026-11-03 09:01\nDK-1,2026-11-03 09:02\n';
      const res = await importCalls(csv, { onError: 'skip' });
      expect(res.body).toMatchObject({ rowsInserted: 2, rowsRejected: 1 });
      expect(res.body.errors).toEqual([expect.objectContaining({ row: 4, column: 'external_id', value: 'DK-1', message: expect.stringContaining('first on row 2') })]);
      expect(iso((await call('DK-1')).started_at)).toBe('2026-11-03T01:00:00.000Z');
    });

    it('answers 202 and runs in the background; the job can be polled and listed', async () => {
      const res = await upload('external_id,started_at\nBG-1,2026-11-03 09:00\n', { kind: 'calls' });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ id: expect.any(String), status: 'queued' });
      await t.app.get(ImportService).idle();
      const job = await t.http().get(`/api/imports/${res.body.id}`).set('Authorization', `Bearer ${admin}`);
      expect(job.body).toMatchObject({ id: res.body.id, kind: 'calls', status: 'succeeded', progress: 1, rowsInserted: 1 });
      const list = await t.http().get('/api/imports').set('Authorization', `Bearer ${admin}`);
      expect(list.body.map((j: { id: string }) => j.id)).toContain(res.body.id);
      const one = await t.http().get('/api/imports?limit=1').set('Authorization', `Bearer ${admin}`);
      expect(one.body.map((j: { id: string }) => j.id)).toEqual([res.body.id]);
      expect((await t.http().get('/api/imports?colour=red').set('Authorization', `Bearer ${admin}`)).status).toBe(400);
      expect((await t.http().get('/api/imports/not-an-id').set('Authorization', `Bearer ${admin}`)).status).toBe(400);
      expect((await t.http().get('/api/imports/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${admin}`)).status).toBe(404);
      const [audit] = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'import' AND target = $1`, [`import:${res.body.id}`]);
      expect(audit.detail).toMatchObject({ fileName: 'calls.csv', kind: 'calls', rowsInserted: 1 });
    });
  });

  describe('agents', () => {
    it('creates unknown agents of a call log in team Unassigned and lists them', async () => {
      const res = await importCalls('external_id,started_at,agent_code,talk_s\nUA-1,2026-11-03 09:00,NEW-AG-1,60\n');
      expect(res.body.newAgents).toEqual(['NEW-AG-1']);
      const [m] = await t.db.query(
        `SELECT t.name, t.site_id, m.valid_from, m.valid_to FROM agents a JOIN agent_team_memberships m ON m.agent_id = a.id JOIN teams t ON t.id = m.team_id WHERE a.code = 'NEW-AG-1'`,
      );
      expect(m).toEqual({ name: 'Unassigned', site_id: null, valid_from: null, valid_to: null });
    });

    it('imports agents with teams and sites, and turns a team change with team_since into a membership move', async () => {
      const first = await importAs('agents', 'agent_code,name,team,site\nT-1,张三,Team A,Guangzhou\n', {}, 'agents.csv');
      expect(first.body).toMatchObject({ status: 'succeeded', rowsInserted: 1 });
      const moved = await importAs('agents', 'agent_code,name,team,team_since\nT-1,张三,Team B,2026-11-01\n', {}, 'agents.csv');
      expect(moved.body).toMatchObject({ status: 'succeeded', rowsInserted: 0, rowsUpdated: 1 });
      const rows = await t.db.query(
        `SELECT t.name, to_char(m.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(m.valid_to, 'YYYY-MM-DD') AS valid_to
           FROM agent_team_memberships m JOIN agents a ON a.id = m.agent_id JOIN teams t ON t.id = m.team_id WHERE a.code = 'T-1' ORDER BY m.id`,
      );
      expect(rows).toEqual([
        { name: 'Team A', valid_from: null, valid_to: '2026-11-01' },
        { name: 'Team B', valid_from: '2026-11-01', valid_to: null },
      ]);
      const [site] = await t.db.query(`SELECT s.name FROM teams t JOIN sites s ON s.id = t.site_id WHERE t.name = 'Team A'`);
      expect(site.name).toBe('Guangzhou');
      const again = await importAs('agents', 'agent_code,name,team,team_since\nT-1,张三,Team B,2026-11-01\n', {}, 'agents.csv');
      expect(again.body).toMatchObject({ rowsUnchanged: 1, rowsUpdated: 0 });
      const backdated = await importAs('agents', 'agent_code,name,team,team_since\nT-1,张三,Team C,2026-10-15\n', {}, 'agents.csv');
      expect(backdated.body).toMatchObject({ status: 'failed', rowsRejected: 1 });
      expect(backdated.body.errors[0]).toMatchObject({ row: 2, column: 'team_since', message: expect.stringContaining('2026-11-01') });
    });
  });

  describe('surveys and evaluations', () => {
    it('lets a survey import replace an inline score, which a later call log does not overwrite', async () => {
      await importCalls('external_id,started_at,agent_code,talk_s,csat\nSV-1,2026-11-03 09:00,A1,60,3\n');
      const survey = async () => (await t.db.query(`SELECT r.source, r.csat, r.nps FROM survey_responses r JOIN calls c ON c.id = r.call_id WHERE c.external_id = 'SV-1'`))[0];
      expect(await survey()).toEqual({ source: 'inline', csat: 3, nps: null });
      const res = await importAs('surveys', 'call_external_id,csat,nps\nSV-1,5,9\n', {}, 'surveys.csv');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsUpdated: 1, rowsInserted: 0 });
      expect(await survey()).toEqual({ source: 'import', csat: 5, nps: 9 });
      await importCalls('external_id,started_at,agent_code,talk_s,csat\nSV-1,2026-11-03 09:00,A1,60,4\n');
      expect(await survey()).toEqual({ source: 'import', csat: 5, nps: 9 });
      expect((await importAs('surveys', 'call_external_id,csat,nps\nSV-1,5,9\n', {}, 'surveys.csv')).body).toMatchObject({ rowsUnchanged: 1 });
    });

    it('rejects a survey for an unknown call', async () => {
      const res = await importAs('surveys', 'call_external_id,csat\nSV-1,4\nSV-404,5\n', {}, 'surveys.csv');
      expect(res.body).toMatchObject({ status: 'failed', rowsRejected: 1 });
      expect(res.body.errors[0]).toMatchObject({ row: 3, column: 'call_external_id', value: 'SV-404', message: expect.stringContaining('SV-404') });
    });

    it('imports evaluations idempotently, keeping the sheet score and the auto-fail flag', async () => {
      const csv = 'agent_code,evaluated_at,score,auto_fail,call_external_id,evaluator,form\nA1,2026-11-03 10:00,88.5,,SV-1,Li,Default\nA1,2026-11-03 10:00,70,yes,,Li,Default\n';
      const res = await importAs('evaluations', csv, {}, 'qa.csv');
      expect(res.body).toMatchObject({ status: 'succeeded', rowsInserted: 2 });
      const rows = await t.db.query(
        `SELECT e.score, e.auto_fail, e.status, e.source, e.call_external_id, e.evaluator_label, e.submitted_at, (e.call_id IS NOT NULL) AS linked
           FROM qa_evaluations e JOIN agents a ON a.id = e.agent_id WHERE a.code = 'A1' AND e.source = 'import' ORDER BY e.auto_fail`,
      );
      expect(rows).toEqual([
        { score: 88.5, auto_fail: false, status: 'submitted', source: 'import', call_external_id: 'SV-1', evaluator_label: 'Li', submitted_at: new Date('2026-11-03T02:00:00Z'), linked: true },
        { score: 70, auto_fail: true, status: 'submitted', source: 'import', call_external_id: null, evaluator_label: 'Li', submitted_at: new Date('2026-11-03T02:00:00Z'), linked: false },
      ]);
      expect((await importAs('evaluations', csv, {}, 'qa.csv')).body).toMatchObject({ rowsUnchanged: 2, rowsInserted: 0 });
      const unknown = await importAs('evaluations', 'agent_code,evaluated_at,score\nNOBODY,2026-11-03 10:00,90\n', {}, 'qa.csv');
      expect(unknown.body).toMatchObject({ status: 'failed', rowsRejected: 1 });
    });
  });

  describe('errors.csv', () => {
    it('lists every rejected row with its original columns, neutralising formulas', async () => {
      const csv =
        'external_id,started_at,agent_code,topic,talk_s\nEX-1,2026-11-03 09:00,A1,=1+2,-5\nEX-2,2026-11-03 09:00,A1,@SUM(A1),10\n' +
        'EX-3,2026-11-03 09:00,A1,+1+1,@bad\nEX-4,2026-11-03 09:00,A1,"two\nlines",-1\n';
      const res = await importCalls(csv, { onError: 'skip' });
      expect(res.body).toMatchObject({ rowsRejected: 3, rowsInserted: 1 });
      expect((await call('EX-2')).topic).toBe('@SUM(A1)');
      const file = await t.http().get(`/api/imports/${res.body.id}/errors.csv`).set('Authorization', `Bearer ${admin}`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toMatch(/text\/csv/);
      const text = (file.body as Buffer).toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const lines = text.slice(1).trim().split('\r\n');
      expect(lines[0]).toBe('row,column,value,message,external_id,started_at,agent_code,topic,talk_s');
      expect(lines).toHaveLength(4);
      // Cells starting with =, +, - or @ get an apostrophe; a cell with a line break is quoted.
      expect(lines[1]).toMatch(/^2,talk_s,'-5,"talk_s: ""-5"" is negative; .*",EX-1,2026-11-03 09:00,A1,'=1\+2,'-5$/);
      expect(lines[2]).toMatch(/^4,talk_s,'@bad,.*,EX-3,2026-11-03 09:00,A1,'\+1\+1,'@bad$/);
      expect(lines[3]).toMatch(/^5,talk_s,'-1,.*,EX-4,2026-11-03 09:00,A1,"two\nlines",'-1$/);
    });
  });

  describe('requests that cannot be an import', () => {
    it.each([
      ['random bytes', randomBytes(4096), { kind: 'calls' }, /binary/],
      ['an empty file', Buffer.alloc(0), { kind: 'calls' }, /empty/],
      ['blank lines only', Buffer.from('\n\n  \n'), { kind: 'calls' }, /empty/],
      ['an unknown kind', Buffer.from('external_id,started_at\n'), { kind: 'tickets' }, /kind/],
      ['a missing required column', Buffer.from('external_id,agent_code\nX,Y\n'), { kind: 'calls' }, /started_at/],
      ['bad mapping JSON', Buffer.from('external_id,started_at\n'), { kind: 'calls', mapping: '{nope' }, /mapping/],
      ['a mapping to a missing column', Buffer.from('external_id,started_at\n'), { kind: 'calls', mapping: '{"columns":{"talk_s":"Talk"}}' }, /Talk/],
      ['an unknown field', Buffer.from('external_id,started_at\n'), { kind: 'calls', colour: 'red' }, /colour/],
    ])('answers 400 for %s', async (_what, body, fields, message) => {
      const res = await upload(body as Buffer, fields as Record<string, string>);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(message as RegExp) });
    });

    it('answers 400 without a file or with the file under another name, 413 above the size limit, 403 for an agent', async () => {
      const res = await t.http().post('/api/imports').set('Authorization', `Bearer ${admin}`).field('kind', 'calls');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/file/);
      const other = await t.http().post('/api/imports').set('Authorization', `Bearer ${admin}`).field('kind', 'calls').attach('upload', Buffer.from('external_id,started_at\n'), 'x.csv');
      expect(other.status).toBe(400);
      const big = await upload(Buffer.alloc(9 * 1024 * 1024, 'a'), { kind: 'calls' });
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ statusCode: 413, message: expect.stringContaining('too large') });
      const [a] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('AG-403', 'Agent') RETURNING id`);
      const agent = await t.userToken('agent', { agentId: a.id });
      expect((await upload('external_id,started_at\n', { kind: 'calls' }, 'x.csv', agent)).status).toBe(403);
    });
  });

  describe('concurrency', () => {
    afterEach(async () => {
      await t.db.query(`DROP TRIGGER IF EXISTS ingest_test_slow ON calls; DROP FUNCTION IF EXISTS ingest_test_slow()`);
    });

    it('runs two imports of one kind one after the other: the second waits as queued', async () => {
      await t.db.query(`CREATE FUNCTION ingest_test_slow() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.external_id = 'CC-A-1' THEN PERFORM pg_sleep(1.5); END IF; RETURN NEW; END $$`);
      await t.db.query(`CREATE TRIGGER ingest_test_slow BEFORE INSERT ON calls FOR EACH ROW EXECUTE FUNCTION ingest_test_slow()`);
      const a = await upload('external_id,started_at,talk_s\nCC-A-1,2026-11-03 09:00,60\nCC-X,2026-11-03 09:00,1\n', { kind: 'calls' });
      for (let i = 0; i < 50; i++) {
        const [row] = await t.db.query(`SELECT status FROM imports WHERE id = $1`, [a.body.id]);
        if (row.status === 'running') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const b = await upload('external_id,started_at,talk_s\nCC-B-1,2026-11-03 09:00,70\nCC-X,2026-11-03 09:00,2\n', { kind: 'calls' });
      await new Promise((r) => setTimeout(r, 300));
      const [queued] = await t.db.query(`SELECT status FROM imports WHERE id = $1`, [b.body.id]);
      expect(queued.status).toBe('queued');
      await t.app.get(ImportService).idle();
      const jobs = await t.db.query(`SELECT id, status, rows_inserted, rows_updated, started_at, finished_at FROM imports WHERE id = ANY($1) ORDER BY started_at`, [[a.body.id, b.body.id]]);
      expect(jobs.map((j: { id: string }) => j.id)).toEqual([a.body.id, b.body.id]);
      expect(jobs.map((j: { status: string }) => j.status)).toEqual(['succeeded', 'succeeded']);
      expect(jobs[1].started_at.getTime()).toBeGreaterThanOrEqual(jobs[0].finished_at.getTime() - 50);
      // The second import saw the first one's CC-X and updated it.
      expect([jobs[1].rows_inserted, jobs[1].rows_updated]).toEqual([1, 1]);
      expect((await call('CC-X')).talk_s).toBe(2);
    });
  });

  describe('CLI', () => {
    it('imports a file with the same service, printing progress and the final counts', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ingest-cli-'));
      writeFileSync(join(dir, 'calls.csv'), 'external_id,started_at,talk_s\nCLI-1,2026-11-03 09:00,60\nCLI-2,2026-11-03 09:00,x\n');
      writeFileSync(join(dir, 'm.json'), JSON.stringify({ timezone: 'UTC' }));
      const out: string[] = [];
      const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
      const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        const ctx = { app: async () => t.app } as unknown as CliContext;
        const code = await importCommand.run(['calls', join(dir, 'calls.csv'), '--mapping', join(dir, 'm.json'), '--on-error', 'skip'], ctx);
        expect(code).toBe(0);
        expect(err).toHaveBeenCalledWith(expect.stringContaining('100%'));
      } finally {
        log.mockRestore();
        err.mockRestore();
      }
      expect(out[0]).toBe('succeeded: 2 rows — 1 inserted, 0 updated, 0 unchanged, 0 skipped, 1 rejected');
      expect(out.join('\n')).toContain('row 3: talk_s');
      // What the file did not provide, and what it means for the figures.
      expect(out.join('\n')).toContain('Not in the file:\n');
      expect(out.join('\n')).toContain('  escalated: no escalation column: escalation rate will show no data for these calls');
      expect(out.join('\n')).toContain('  resolved: no resolved column: FCR (agent disposition) will show no data for these calls');
      expect(iso((await call('CLI-1')).started_at)).toBe('2026-11-03T09:00:00.000Z');
    });
  });

  describe('failures mid-import', () => {
    afterEach(async () => {
      await t.db.query(`DROP TRIGGER IF EXISTS ingest_test_trap ON calls; DROP FUNCTION IF EXISTS ingest_test_trap()`);
    });

    const bigFile = (prefix: string, n: number) => {
      const lines = ['external_id,started_at,agent_code,talk_s'];
      for (let i = 1; i <= n; i++) lines.push(`${prefix}-${i},2026-11-03 09:00,${prefix}-AGENT,${i % 600}`);
      return lines.join('\n');
    };

    it('leaves nothing behind when the database fails on a row mid-load', async () => {
      await t.db.query(`CREATE FUNCTION ingest_test_trap() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.external_id = 'KB-1500' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`);
      await t.db.query(`CREATE TRIGGER ingest_test_trap BEFORE INSERT ON calls FOR EACH ROW EXECUTE FUNCTION ingest_test_trap()`);
      const res = await importCalls(bigFile('KB', 3000));
      expect(res.body).toMatchObject({ status: 'failed', written: false, failureMessage: expect.stringContaining('nothing was written') });
      expect(await countCalls('KB-')).toBe(0);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM agents WHERE code = 'KB-AGENT'`))[0].n).toBe(0);
    });

    it('leaves nothing behind when its database connection is killed, and marks orphaned jobs failed on start-up', async () => {
      await t.db.query(`CREATE FUNCTION ingest_test_trap() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.external_id = 'KT-10' THEN PERFORM pg_sleep(30); END IF; RETURN NEW; END $$`);
      await t.db.query(`CREATE TRIGGER ingest_test_trap BEFORE INSERT ON calls FOR EACH ROW EXECUTE FUNCTION ingest_test_trap()`);
      const res = await upload(bigFile('KT', 50), { kind: 'calls' });
      expect(res.status).toBe(202);
      let pid: number | null = null;
      for (let i = 0; i < 100 && !pid; i++) {
        const [row] = await t.db.query(
          `SELECT a.pid FROM imports i JOIN pg_stat_activity a ON a.pid = (i.options->>'backendPid')::int WHERE i.id = $1 AND a.wait_event = 'PgSleep'`,
          [res.body.id],
        );
        pid = row?.pid ?? null;
        if (!pid) await new Promise((r) => setTimeout(r, 100));
      }
      expect(pid).not.toBeNull();
      await t.db.query(`SELECT pg_terminate_backend($1)`, [pid]);
      await t.app.get(ImportService).idle();
      const job = await t.http().get(`/api/imports/${res.body.id}`).set('Authorization', `Bearer ${admin}`);
      expect(job.body).toMatchObject({ status: 'failed', written: false });
      expect(await countCalls('KT-')).toBe(0);

      // A job whose worker connection no longer exists (the server died) is failed at the next start.
      const [orphan] = await t.db.query(`INSERT INTO imports (kind, status, options) VALUES ('calls', 'running', '{"backendPid": 2147483000}') RETURNING id`);
      await t.app.get(ImportService).onApplicationBootstrap();
      const [after] = await t.db.query(`SELECT status, failure_message FROM imports WHERE id = $1`, [orphan.id]);
      expect(after.status).toBe('failed');
      expect(after.failure_message).toMatch(/nothing of it was written/);
    });
  });
});
