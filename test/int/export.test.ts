import ExcelJS from 'exceljs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { ensureDefaultQaForm } from '../../seeds/default-qa-form';
import { exportMonthlyToFile } from '../../server/cli/export.command';
import { toCellNumber } from '../../server/modules/export/domain/export-format';
import { ExportService } from '../../server/modules/export/export.service';
import { kpiDefinitions, metricsFor } from '../../server/modules/kpi/domain/kpi-definitions';
import type { KpiAnswer, KpiRow, MetricKey } from '../../server/modules/kpi/kpi.types';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { loadWorkbook, rawNumbers } from '../unit/export/workbook-reader';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Fixture (Asia/Shanghai, UTC+8), October 2026:
 *  site 广州: team 粤语热线 (T1) — A001 陈小明; A003 李华 until 2026-10-16
 *  site Hong Kong: team Mandarin Hotline (T2) — A002 =HYPERLINK("x"); A003 from 2026-10-16
 * Hand-worked figures:
 *  A001: answered handle times 360, 220, 400 s → AHT 980/3; 4 offered, 1 abandoned → 1/4;
 *        FCR flag 2/3; CSAT 5 and 3 → avg 4, top-2 1/2; QA 95, auto-fail (0), 90 → 185/3.
 *  A002: handle 110, 220 → AHT 165.   A003: handle 300 (T1), 600 (T2) → AHT 450.
 *  T1 AHT (980 + 300) / 4 = 320.   T2 (330 + 600) / 3 = 310.   Org (+ an unattributed abandon) 2210 / 7.
 */
describe('Excel exports', () => {
  let t: TestApp;
  let hr: string;
  let admin: string;
  let supT1: string;
  let agentA001: string;
  const id: Record<string, number> = {};
  let callNo = 0;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };
  const download = (url: string, token: string) => t.http().get(url).set(bearer(token)).buffer(true).parse(binary as never);
  const kpis = async (token: string, query: string): Promise<KpiAnswer> => {
    const res = await t.http().get(`/api/kpis?${query}`).set(bearer(token));
    expect(res.status).toBe(200);
    return res.body as KpiAnswer;
  };

  async function call(agent: string | null, at: string, c: { answered: boolean; wait: number; talk?: number; hold?: number | null; acw?: number; resolved?: boolean; csat?: number; nps?: number }) {
    const [row] = await t.db.query(
      `INSERT INTO calls (external_id, started_at, agent_id, answered, queue_wait_s, talk_s, hold_s, acw_s, resolved, queue)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'Cantonese') RETURNING id`,
      [`EXP-${++callNo}`, at, agent ? id[agent] : null, c.answered, c.wait, c.talk ?? null, c.hold ?? null, c.acw ?? null, c.resolved ?? null],
    );
    if (c.csat !== undefined) await t.db.query(`INSERT INTO survey_responses (call_id, source, csat, nps) VALUES ($1, 'import', $2, $3)`, [row.id, c.csat, c.nps ?? null]);
  }

  async function evaluation(agent: string, at: string, score: number, extra: { autoFail?: boolean; status?: string; evaluator?: string; form?: string; comment?: string } = {}) {
    const [row] = await t.db.query(
      `INSERT INTO qa_evaluations (source, agent_id, evaluator_label, form_label, status, score, auto_fail, submitted_at, disputed_at, comment)
       VALUES ('import', $1, $2, $3, $4, $5, $6, $7, CASE WHEN $4 = 'disputed' THEN $7::timestamptz END, $8) RETURNING id`,
      [id[agent], extra.evaluator ?? 'QA 王', extra.form ?? 'Spreadsheet form', extra.status ?? 'submitted', score, extra.autoFail ?? false, at, extra.comment ?? null],
    );
    return Number(row.id);
  }

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.db;
    await ensureDefaultQaForm(db);
    const [gz] = await db.query(`INSERT INTO sites (name) VALUES ('广州') RETURNING id`);
    const [hk] = await db.query(`INSERT INTO sites (name) VALUES ('Hong Kong') RETURNING id`);
    id.gz = gz.id;
    id.hk = hk.id;
    const [t1] = await db.query(`INSERT INTO teams (name, site_id) VALUES ('粤语热线', $1) RETURNING id`, [gz.id]);
    const [t2] = await db.query(`INSERT INTO teams (name, site_id) VALUES ('Mandarin Hotline', $1) RETURNING id`, [hk.id]);
    id.T1 = t1.id;
    id.T2 = t2.id;
    for (const [code, name] of [
      ['A001', '陈小明'],
      ['A002', '=HYPERLINK("x")'],
      ['A003', '李华'],
    ]) {
      const [a] = await db.query(`INSERT INTO agents (code, name) VALUES ($1, $2) RETURNING id`, [code, name]);
      id[code] = a.id;
    }
    await db.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from, valid_to) VALUES ($1, $2, NULL, NULL), ($3, $4, NULL, NULL), ($5, $2, NULL, '2026-10-16'), ($5, $4, '2026-10-16', NULL)`, [
      id.A001,
      id.T1,
      id.A002,
      id.T2,
      id.A003,
    ]);
    await call('A001', '2026-10-05T10:00:00+08:00', { answered: true, wait: 10, talk: 300, hold: 20, acw: 40, resolved: true, csat: 5, nps: 10 });
    await call('A001', '2026-10-06T11:00:00+08:00', { answered: true, wait: 40, talk: 200, hold: null, acw: 20, resolved: false, csat: 3, nps: 4 });
    await call('A001', '2026-10-20T09:00:00+08:00', { answered: true, wait: 5, talk: 400, hold: 0, acw: 0, resolved: true });
    await call('A001', '2026-10-21T15:00:00+08:00', { answered: false, wait: 60 });
    await call('A001', '2026-09-30T23:30:00+08:00', { answered: true, wait: 5, talk: 999, acw: 0, resolved: true }); // September: outside
    await call('A002', '2026-10-10T10:00:00+08:00', { answered: true, wait: 20, talk: 100, hold: 0, acw: 10, resolved: true });
    await call('A002', '2026-10-11T10:00:00+08:00', { answered: true, wait: 35, talk: 200, acw: 20, resolved: true });
    await call('A003', '2026-10-08T10:00:00+08:00', { answered: true, wait: 10, talk: 300, acw: 0, resolved: true });
    await call('A003', '2026-10-18T10:00:00+08:00', { answered: true, wait: 10, talk: 500, hold: 100, acw: 0, resolved: false });
    await call(null, '2026-10-12T10:00:00+08:00', { answered: false, wait: 90 });
    id.e1 = await evaluation('A001', '2026-10-07T09:00:00+08:00', 95, { comment: '=SUM(A1) 很好' });
    id.e2 = await evaluation('A001', '2026-10-22T09:00:00+08:00', 80, { autoFail: true });
    id.e4 = await evaluation('A003', '2026-10-09T09:00:00+08:00', 90, { status: 'disputed' });
    await evaluation('A003', '2026-11-02T09:00:00+08:00', 50); // November: outside
    // An app evaluation against the default form, answered on two items (item by item on the scorecard).
    const [version] = await db.query(`SELECT v.id FROM qa_form_versions v ORDER BY v.id LIMIT 1`);
    const items = await db.query(`SELECT id, kind, max, weight FROM qa_form_items WHERE form_version_id = $1 ORDER BY section_id, position LIMIT 2`, [version.id]);
    const [app] = await db.query(
      `INSERT INTO qa_evaluations (source, form_version_id, agent_id, status, score, auto_fail, submitted_at) VALUES ('app', $1, $2, 'acknowledged', 90, false, '2026-10-15T10:00:00+08:00') RETURNING id`,
      [version.id, id.A001],
    );
    id.e3 = Number(app.id);
    await db.query(`INSERT INTO qa_evaluation_answers (evaluation_id, item_id, value, comment, earned, possible) VALUES ($1, $2, 'true', '语气好', $3, $3), ($1, $4, 'false', NULL, 0, $5)`, [
      id.e3,
      items[0].id,
      items[0].weight,
      items[1].id,
      items[1].weight,
    ]);
    await db.query(`INSERT INTO qa_evaluations (source, agent_id, status, score, evaluator_label) VALUES ('import', $1, 'draft', 10, 'x')`, [id.A002]);
    await t.app.get(RollupService).rebuildAll();

    hr = await t.userToken('hr', { email: 'hr.export@test.callscope.dev' });
    admin = await t.userToken('admin');
    supT1 = await t.userToken('supervisor', { teamIds: [id.T1] });
    agentA001 = await t.userToken('agent', { agentId: id.A001 });
  });

  afterAll(async () => {
    await t?.close();
  });

  const agentKeys = metricsFor('agent');
  /** Column of a metric's value on the Agents sheet: code, name, team, note, site, not met, near, then one column per metric. */
  const agentValueColumn = (key: MetricKey) => 8 + agentKeys.indexOf(key);
  /** Column of a metric's n on the detail sheet: code, name, team, then n, target, status per metric. */
  const agentNColumn = (key: MetricKey) => 4 + agentKeys.indexOf(key) * 3;
  const colLetter = (n: number): string => (n > 26 ? colLetter(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));

  function expectRowMatches(raw: Map<string, number>, detail: ExcelJS.Worksheet, rowNumber: number, row: KpiRow, valueCol: (k: MetricKey) => number) {
    for (const key of agentKeys) {
      const m = row.metrics[key];
      const col = valueCol(key);
      const address = `${colLetter(col)}${rowNumber}`;
      const expected = m ? toCellNumber(kpiDefinitions[key], m.value) : null;
      expect({ address, key, value: raw.has(address) ? raw.get(address) : null }).toEqual({ address, key, value: expected });
      if (m) expect({ key, n: detail.getRow(rowNumber).getCell(agentNColumn(key)).value }).toEqual({ key, n: m.n });
    }
  }

  describe('monthly workbook', () => {
    let res: Response;
    let wb: ExcelJS.Workbook;
    let buffer: Buffer;

    beforeAll(async () => {
      res = await download('/api/exports/monthly?month=2026-10', hr);
      buffer = res.body as Buffer;
      wb = await loadWorkbook(buffer);
    });

    it('answers an xlsx attachment named by period and scope', () => {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toBe('attachment; filename="callscope-kpi-2026-10-all.xlsx"');
      expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Agents', 'Agents – n, targets', 'QA', 'Definitions']);
    });

    it('holds one row per agent with data, every figure equal to /api/kpis', async () => {
      const answer = await kpis(hr, 'from=2026-10-01&to=2026-10-31&groupBy=agent');
      const sheet = wb.getWorksheet('Agents')!;
      const raw = await rawNumbers(buffer, 2);
      expect(sheet.rowCount).toBe(4);
      const rowOf = new Map<string, number>();
      for (let r = 2; r <= 4; r++) rowOf.set(String(sheet.getRow(r).getCell(1).value), r);
      expect([...rowOf.keys()].sort()).toEqual(['A001', 'A002', 'A003']);
      expect(answer.rows).toHaveLength(3);
      const detail = wb.getWorksheet('Agents – n, targets')!;
      for (let r = 2; r <= 4; r++) expect(detail.getRow(r).getCell(1).value).toBe(sheet.getRow(r).getCell(1).value);
      for (const row of answer.rows) expectRowMatches(raw, detail, rowOf.get(row.group!.code!)!, row, agentValueColumn);
      // hand-worked: A001 AHT 980/3 s, FCR 2/3, abandon 1/4, CSAT 4, QA 185/3
      const a1 = rowOf.get('A001')!;
      expect(raw.get(`${colLetter(agentValueColumn('aht'))}${a1}`)).toBe(980 / 3 / 86400);
      expect(raw.get(`${colLetter(agentValueColumn('fcr'))}${a1}`)).toBe(2 / 3);
      expect(raw.get(`${colLetter(agentValueColumn('abandon_rate'))}${a1}`)).toBe(1 / 4);
      expect(raw.get(`${colLetter(agentValueColumn('csat_avg'))}${a1}`)).toBe(4);
      expect(raw.get(`${colLetter(agentValueColumn('qa_score'))}${a1}`)).toBe(185 / 3);
      expect(raw.get(`${colLetter(agentValueColumn('aht'))}${rowOf.get('A003')}`)).toBe(450 / 86400);
    });

    it('gives the same Agents sheet when the figures are read a page of agents at a time', async () => {
      const exports = t.app.get(ExportService);
      exports.agentPageSize = 2;
      try {
        const paged = (await download('/api/exports/monthly?month=2026-10', hr)).body as Buffer;
        for (const name of ['Agents', 'Agents – n, targets']) {
          const sheetOf = async (b: Buffer) => (await loadWorkbook(b)).getWorksheet(name)!.getSheetValues();
          expect(await sheetOf(paged)).toEqual(await sheetOf(buffer));
        }
        expect(await rawNumbers(paged, 2)).toEqual(await rawNumbers(buffer, 2));
        expect(await rawNumbers(paged, 3)).toEqual(await rawNumbers(buffer, 3));
      } finally {
        exports.agentPageSize = 500;
      }
    });

    it('places agents in their team at month end, notes a move, keeps names as text', () => {
      const sheet = wb.getWorksheet('Agents')!;
      const byCode = new Map<string, ExcelJS.Row>();
      sheet.eachRow((row, n) => n > 1 && byCode.set(String(row.getCell(1).value), row));
      expect(byCode.get('A001')!.getCell(2).value).toBe('陈小明');
      expect(byCode.get('A001')!.getCell(3).value).toBe('粤语热线');
      expect(byCode.get('A001')!.getCell(5).value).toBe('广州');
      expect(byCode.get('A003')!.getCell(3).value).toBe('Mandarin Hotline');
      expect(String(byCode.get('A003')!.getCell(4).value)).toContain('Moved from 粤语热线 to Mandarin Hotline on 2026-10-16');
      const eq = byCode.get('A002')!.getCell(2);
      expect(eq.value).toBe('=HYPERLINK("x")');
      expect(eq.type).toBe(ExcelJS.ValueType.String);
    });

    it('formats numbers, freezes the header, filters, colours values by status, sets up printing', () => {
      const sheet = wb.getWorksheet('Agents')!;
      const row = sheet.getRow(2);
      expect(row.getCell(agentValueColumn('aht')).numFmt).toBe('[<0.0416666666666667][m]:ss;[h]" h "mm" min"');
      expect(row.getCell(agentValueColumn('fcr')).numFmt).toBe('0.0%');
      expect(row.getCell(agentValueColumn('qa_score')).numFmt).toBe('0.0');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:1' });
      // A value cell has its status's colour; the detail sheet's status words are coloured by conditional formatting.
      const detail = wb.getWorksheet('Agents – n, targets')!;
      let greyed = 0;
      sheet.eachRow((r, n) => {
        if (n === 1) return;
        agentKeys.forEach((key) => {
          const status = detail.getRow(n).getCell(agentNColumn(key) + 2).value;
          const fill = r.getCell(agentValueColumn(key)).fill as ExcelJS.FillPattern | undefined;
          const expected = { 'met 达标': 'FFC6EFCE', 'not met (near) 接近目标': 'FFFFEB9C', 'not met 未达标': 'FFFFC7CE' }[String(status)];
          expect({ key, n, fill: fill?.pattern === 'solid' ? fill.fgColor?.argb : undefined }).toEqual({ key, n, fill: expected });
          // This month's samples are small: the figures under the minimum are grey italic instead.
          if (status === 'low sample 样本不足') {
            expect({ key, n, italic: r.getCell(agentValueColumn(key)).font?.italic }).toEqual({ key, n, italic: true });
            greyed++;
          }
        });
      });
      expect(greyed).toBeGreaterThan(0);
      const cf = (detail as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
      expect(cf).toHaveLength(agentKeys.length);
      expect(cf.every((c) => c.rules.length === 3)).toBe(true);
      for (const name of ['Summary', 'Agents – n, targets', 'QA', 'Definitions']) expect(wb.getWorksheet(name)!.views[0]).toMatchObject({ state: 'frozen' });
    });

    it('summarises org, sites and teams with the /api/kpis figures', async () => {
      const sheet = wb.getWorksheet('Summary')!;
      const raw = await rawNumbers(buffer, 1);
      const [org, sites, teams] = await Promise.all(['org', 'site', 'team'].map((g) => kpis(hr, `from=2026-10-01&to=2026-10-31&groupBy=${g}`)));
      const expected: { name: string; row: KpiRow }[] = [
        { name: 'All sites 全部站点', row: org.rows[0] },
        ...sites.rows.map((r) => ({ name: r.group!.name, row: r })),
        ...teams.rows.map((r) => ({ name: r.group!.name, row: r })),
      ];
      let checked = 0;
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const name = String(row.getCell(2).value);
        const key = metricsFor('team').find((k) => kpiDefinitions[k].label.en === row.getCell(3).value)!;
        const source = expected.find((e) => e.name === name)!.row.metrics[key]!;
        const stored = raw.has(`E${n}`) ? raw.get(`E${n}`) : null;
        expect({ name, key, value: stored }).toEqual({ name, key, value: toCellNumber(kpiDefinitions[key], source.value) });
        checked++;
      });
      expect(checked).toBe(expected.length * metricsFor('team').length);
      // hand-worked AHT: org 2210/7, 粤语热线 320, Mandarin Hotline 310
      const aht = (name: string) => {
        let v: number | undefined;
        sheet.eachRow((row, n) => {
          if (row.getCell(2).value === name && row.getCell(3).value === kpiDefinitions.aht.label.en) v = raw.get(`E${n}`);
        });
        return v! * 86400;
      };
      expect(aht('All sites 全部站点')).toBeCloseTo(2210 / 7, 9);
      expect(aht('粤语热线')).toBeCloseTo(320, 9);
      expect(aht('Mandarin Hotline')).toBeCloseTo(310, 9);
    });

    it('lists every submitted evaluation of the month and nothing else', () => {
      const sheet = wb.getWorksheet('QA')!;
      const rows: Record<string, unknown>[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) rows.push({ id: row.getCell(1).value, code: row.getCell(2).value, score: row.getCell(7).value, autoFail: row.getCell(8).value, dispute: row.getCell(11).value, comment: row.getCell(14).value });
      });
      expect(rows).toEqual([
        { id: id.e1, code: 'A001', score: 95, autoFail: 'No 否', dispute: 'none 无', comment: '=SUM(A1) 很好' },
        { id: id.e4, code: 'A003', score: 90, autoFail: 'No 否', dispute: 'open 申诉中', comment: null },
        { id: id.e3, code: 'A001', score: 90, autoFail: 'No 否', dispute: 'none 无', comment: null },
        { id: id.e2, code: 'A001', score: 0, autoFail: 'Yes 是', dispute: 'none 无', comment: null },
      ]);
      expect(sheet.getCell('E2').numFmt).toBe('yyyy-mm-dd hh:mm');
      expect(sheet.getCell('E2').value).toEqual(new Date(Date.UTC(2026, 9, 7, 9, 0)));
    });

    it('prints the definitions and the settings in force with a data-version stamp', () => {
      const sheet = wb.getWorksheet('Definitions')!;
      const text: string[] = [];
      sheet.eachRow((row) => text.push((row.values as ExcelJS.CellValue[]).filter((v) => v !== undefined && v !== null).join(' | ')));
      const body = text.join('\n');
      for (const key of agentKeys) expect(body).toContain(`${key} | ${kpiDefinitions[key].label.en} | ${kpiDefinitions[key].label.zh}`);
      expect(body).toContain('Time zone 时区 | Asia/Shanghai');
      expect(body).toContain('Service level seconds 服务水平秒数 | 30');
      expect(body).toMatch(/FCR window days 一次解决率窗口（天） \| 7/);
      expect(body).toContain('hr.export@test.callscope.dev');
      expect(body).toMatch(/Data as of 数据版本 \| data version \d+ at 20\d\d-/);
    });

    it('is recorded in the audit log with the user', async () => {
      const rows = await t.db.query(`SELECT user_email, target, detail FROM audit_log WHERE action = 'export' AND target = 'monthly:2026-10' ORDER BY id`);
      expect(rows[0]).toMatchObject({ user_email: 'hr.export@test.callscope.dev', detail: { kind: 'monthly', period: '2026-10', agents: 3 } });
    });
  });

  it('names a team export with an ASCII slug and the UTF-8 name', async () => {
    const res = await download(`/api/exports/monthly?month=2026-10&teamId=${id.T1}`, admin);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="callscope-kpi-2026-10-team-${id.T1}.xlsx"; filename*=UTF-8''callscope-kpi-2026-10-${encodeURIComponent('粤语热线')}.xlsx`,
    );
    const wb = await loadWorkbook(res.body as Buffer);
    const codes: unknown[] = [];
    wb.getWorksheet('Agents')!.eachRow((row, n) => n > 1 && codes.push(row.getCell(1).value));
    expect(codes.sort()).toEqual(['A001', 'A003']);
  });

  it("gives a supervisor without a filter their teams' records only", async () => {
    const res = await download('/api/exports/monthly?month=2026-10', supT1);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="callscope-kpi-2026-10-my-teams.xlsx"');
    const buffer = res.body as Buffer;
    const wb = await loadWorkbook(buffer);
    const raw = await rawNumbers(buffer, 2);
    const rows = new Map<string, number>();
    wb.getWorksheet('Agents')!.eachRow((row, n) => n > 1 && rows.set(String(row.getCell(1).value), n));
    expect([...rows.keys()].sort()).toEqual(['A001', 'A003']);
    // A003's row covers only the call taken in 粤语热线 (before the move): AHT 300 s
    expect(raw.get(`${colLetter(agentValueColumn('aht'))}${rows.get('A003')}`)).toBe(300 / 86400);
  });

  it('lets a supervisor export only their own teams', async () => {
    const own = await download(`/api/exports/monthly?month=2026-10&teamId=${id.T1}`, supT1);
    expect(own.status).toBe(200);
    const other = await t.http().get(`/api/exports/monthly?month=2026-10&teamId=${id.T2}`).set(bearer(supT1));
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/teams you supervise/);
    expect((await t.http().get(`/api/exports/monthly?month=2026-10&siteId=${id.hk}`).set(bearer(supT1))).status).toBe(403);
    expect((await t.http().get(`/api/exports/weekly?week=2026-W42&teamId=${id.T2}`).set(bearer(supT1))).status).toBe(403);
    expect((await t.http().get(`/api/exports/agent/${id.A002}?from=2026-10-01&to=2026-10-31`).set(bearer(supT1))).status).toBe(403);
    expect((await t.http().get('/api/exports/monthly?month=2026-10').set(bearer(agentA001))).status).toBe(403);
    expect((await t.http().get(`/api/exports/agent/${id.A002}?from=2026-10-01&to=2026-10-31`).set(bearer(agentA001))).status).toBe(403);
  });

  it.each([
    ['/api/exports/monthly?month=2026-13', /month/],
    ['/api/exports/monthly?month=2026-10&format=csv', /format/],
    ['/api/exports/monthly', /month/],
    ['/api/exports/weekly?week=2026-W54&teamId=1', /week/],
    ['/api/exports/weekly?week=2026-W42', /teamId/],
    ['/api/exports/agent/1?from=2026-10-31&to=2026-10-01', /from/],
    ['/api/exports/agent/1?from=2026-02-30&to=2026-03-01', /from/],
  ])('%s is a 400 naming the field', async (url, message) => {
    const res = await t.http().get(url).set(bearer(admin));
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  it('is a 404 for a team that does not exist', async () => {
    const res = await t.http().get('/api/exports/monthly?month=2026-10&teamId=9999').set(bearer(admin));
    expect(res.status).toBe(404);
  });

  it('builds the weekly review pack with the team figures of /api/kpis', async () => {
    const res = await download(`/api/exports/weekly?week=2026-W42&teamId=${id.T1}`, supT1);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('callscope-weekly-2026-W42-team-');
    const buffer = res.body as Buffer;
    const wb = await loadWorkbook(buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Team', 'Agents', 'Agents – n, targets', 'Attention', 'QA', 'Definitions']);
    const team = wb.getWorksheet('Team')!;
    expect(team.getRow(3).getCell(3).value).toBe('2026-W39');
    expect(team.getRow(3).getCell(6).value).toBe('2026-W42 (this week 本周)');
    const raw = await rawNumbers(buffer, 1);
    const weeks = await kpis(supT1, `from=2026-09-21&to=2026-10-18&granularity=week&groupBy=team&teamId=${id.T1}`);
    const four = await kpis(supT1, `from=2026-09-21&to=2026-10-18&groupBy=team&teamId=${id.T1}`);
    const keys = metricsFor('team');
    keys.forEach((key, i) => {
      const r = 4 + i;
      expect(team.getRow(r).getCell(1).value).toBe(kpiDefinitions[key].label.en);
      ['2026-W39', '2026-W40', '2026-W41', '2026-W42'].forEach((w, j) => {
        const m = weeks.rows.find((row) => row.period === w)?.metrics[key];
        const address = `${colLetter(3 + j)}${r}`;
        expect({ key, w, v: raw.has(address) ? raw.get(address) : null }).toEqual({ key, w, v: m ? toCellNumber(kpiDefinitions[key], m.value) : null });
      });
      const m4 = four.rows[0].metrics[key];
      expect({ key, v: raw.get(`I${r}`) ?? null }).toEqual({ key, v: m4 ? toCellNumber(kpiDefinitions[key], m4.value) : null });
    });
    // W42 (10-12..10-18) for 粤语热线: no calls → AHT empty; W41 (10-05..10-11): A001 360+220 and A003 300 → 880/3
    expect(raw.get(`E${4 + keys.indexOf('aht')}`)).toBe(880 / 3 / 86400);
    const qa: unknown[] = [];
    wb.getWorksheet('QA')!.eachRow((row, n) => n > 1 && qa.push(row.getCell(1).value));
    expect(qa).toEqual([id.e3]);
    expect(wb.getWorksheet('Attention')!.getRow(1).getCell(4).value).toBe('Reasons 原因');
  });

  it('builds an agent scorecard by week with evaluations item by item, and audits the view', async () => {
    const res = await download(`/api/exports/agent/${id.A001}?from=2026-10-01&to=2026-10-31`, supT1);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(`filename="callscope-scorecard-a001-2026-10-01-2026-10-31.xlsx"`);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('陈小明'));
    const buffer = res.body as Buffer;
    const wb = await loadWorkbook(buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Weeks', 'Evaluations', 'Evaluation items', 'Definitions']);
    const weeks = wb.getWorksheet('Weeks')!;
    const raw = await rawNumbers(buffer, 2);
    const agentWeeks = await kpis(admin, `from=2026-10-01&to=2026-10-31&granularity=week&groupBy=agent&agentId=${id.A001}`);
    let checked = 0;
    weeks.eachRow((row, n) => {
      if (n === 1) return;
      const key = metricsFor('agent').find((k) => kpiDefinitions[k].label.en === row.getCell(2).value)!;
      const m = agentWeeks.rows.find((r) => r.period === row.getCell(1).value)!.metrics[key]!;
      expect({ key, v: raw.has(`D${n}`) ? raw.get(`D${n}`) : null }).toEqual({ key, v: toCellNumber(kpiDefinitions[key], m.value) });
      checked++;
    });
    expect(checked).toBe(agentWeeks.rows.length * metricsFor('agent').length);
    const items = wb.getWorksheet('Evaluation items')!;
    expect(items.rowCount).toBe(3);
    expect(items.getRow(2).getCell(1).value).toBe(id.e3);
    expect(items.getRow(2).getCell(7).value).toBe('Yes 是');
    expect(items.getRow(2).getCell(10).value).toBe('语气好');
    expect(items.getRow(3).getCell(7).value).toBe('No 否');
    const audit = await t.db.query(`SELECT action, target FROM audit_log WHERE target = $1 ORDER BY id`, [`agent:${id.A001}`]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['export', 'scorecard.view']));
  });

  it('gives an agent their own scorecard', async () => {
    const res = await download(`/api/exports/agent/${id.A001}?from=2026-10-01&to=2026-10-31`, agentA001);
    expect(res.status).toBe(200);
  });

  it('exports from the CLI as the system, audited as such', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'callscope-export-'));
    try {
      const out = join(dir, 'monthly.xlsx');
      await exportMonthlyToFile(t.app, { month: '2026-10', siteId: id.gz }, out);
      const wb = await loadWorkbook(await readFile(out));
      const codes: unknown[] = [];
      wb.getWorksheet('Agents')!.eachRow((row, n) => n > 1 && codes.push(row.getCell(1).value));
      expect(codes.sort()).toEqual(['A001', 'A003']);
      const [row] = await t.db.query(`SELECT user_id, user_email, detail FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1`);
      expect(row).toMatchObject({ user_id: null, user_email: 'system (cli)', detail: { kind: 'monthly', scope: { siteId: id.gz } } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
