import ExcelJS from 'exceljs';
import { writeMonthlyWorkbook, MonthlyWorkbookData } from '../../../server/modules/export/builders/monthly-workbook.builder';
import { kpiDefinitions } from '../../../server/modules/kpi/domain/kpi-definitions';
import type { MetricValue } from '../../../server/modules/kpi/kpi.types';
import type { Settings } from '../../../server/modules/org/settings.types';
import { DEFAULT_COMPLAINT_DEADLINES } from '../../../server/modules/complaints/domain/complaint-clock';
import { collect, loadWorkbook, rawNumbers } from './workbook-reader';

const settings: Settings = {
  timezone: 'Asia/Shanghai',
  serviceLevelSeconds: 30,
  serviceLevelByChannel: { chat: 60 },
  shortAbandonSeconds: 0,
  fcrMethod: 'flag',
  fcrWindowDays: 7,
  minSample: { calls: 20, surveys: 10, nps: 30, qa: 4 },
  disputeWindowDays: 14,
  targets: { org: { qa_score: { target: 92, tolerance: 2 } }, teams: {} },
  reviewRules: {},
  complaintDeadlines: DEFAULT_COMPLAINT_DEADLINES,
  dataVersion: 42,
  updatedAt: '2026-11-01T00:00:00.000Z',
};

const mv = (num: number, den: number, extra: Partial<MetricValue> = {}): MetricValue => ({
  value: den === 0 ? null : num / den,
  num,
  den,
  n: den,
  lowSample: false,
  target: null,
  status: null,
  ...extra,
});

const defs = [kpiDefinitions.aht, kpiDefinitions.fcr, kpiDefinitions.qa_score];

function data(): MonthlyWorkbookData {
  return {
    month: '2026-10',
    scopeLabel: 'All sites',
    agentMetrics: defs,
    groupMetrics: defs,
    summary: [{ level: 'Organisation', name: 'Callscope', metrics: { aht: mv(12500, 40), fcr: mv(30, 40, { target: 0.85, status: 'amber' }) } }],
    agents: [
      {
        code: 'A001',
        name: '陈小明',
        team: '粤语热线',
        teamNote: 'Moved from Mandarin on 2026-10-15',
        site: '广州',
        metrics: { aht: mv(6000, 20), fcr: mv(17, 20, { target: 0.85, status: 'green' }), qa_score: mv(270, 3, { lowSample: true, target: 92 }) },
      },
      { code: 'A002', name: '=HYPERLINK("x")', team: 'Mandarin', teamNote: null, site: null, metrics: { fcr: mv(10, 20, { target: 0.85, status: 'red' }) } },
    ],
    evaluations: [
      {
        id: 7,
        agentCode: 'A001',
        agentName: '陈小明',
        team: '粤语热线',
        submittedAt: '2026-10-03 14:05',
        form: '通话质检表 v1',
        score: 87.5,
        autoFail: false,
        evaluator: 'Supervisor 1',
        status: 'disputed',
        dispute: 'open',
        source: 'app',
        callExternalId: 'C-1',
        comment: '+1 good',
      },
    ],
    definitions: { definitions: defs, settings, title: 'Monthly KPI workbook', period: '2026-10', scope: 'All sites', generatedAt: new Date('2026-11-22T01:02:03Z'), generatedBy: 'hr@example.com' },
  };
}

describe('monthly workbook builder', () => {
  let wb: ExcelJS.Workbook;
  let raw: Map<string, number>;
  beforeAll(async () => {
    const buffer = await collect((out) => writeMonthlyWorkbook(out, data()));
    wb = await loadWorkbook(buffer);
    raw = await rawNumbers(buffer, 2);
  });

  it('has the sheets in order, the agents\' n, targets and statuses beside Agents', () => {
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Agents', 'Agents – n, targets', 'QA', 'Definitions']);
  });

  it('writes one compact row per agent: a value per metric, coloured by status, and the targets not met', () => {
    const agents = wb.getWorksheet('Agents')!;
    const header = (agents.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    expect(header).toEqual(['Code 工号', 'Name 姓名', 'Team (period end) 班组', 'Team note 调动', 'Site 站点', 'Not met 未达标', 'Near 接近目标', 'AHT', 'FCR 一次解决率', 'QA 质检', 'Targets not met 未达标指标']);
    const row = agents.getRow(2);
    // AHT 6000 s / 20 calls = 300 s = 5:00, stored as a fraction of a day; no target of its own here, so no colour.
    expect(raw.get('H2')).toBe(300 / 86400);
    expect(row.getCell(8).numFmt).toBe('[<0.0416666666666667][m]:ss;[h]" h "mm" min"');
    expect((row.getCell(8).fill as ExcelJS.FillPattern | undefined)?.pattern ?? 'none').toBe('none');
    // FCR 17/20 = 0.85, met: green.
    expect(row.getCell(9).value).toBe(0.85);
    expect(row.getCell(9).numFmt).toBe('0.0%');
    expect(row.getCell(9).fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC6EFCE' } });
    // QA 270/3 = 90, low sample: grey italic, no colour.
    expect(row.getCell(10).value).toBe(90);
    expect(row.getCell(10).numFmt).toBe('0.0');
    expect(row.getCell(10).font?.italic).toBe(true);
    expect((row.getCell(10).fill as ExcelJS.FillPattern | undefined)?.pattern ?? 'none').toBe('none');
    expect([row.getCell(6).value, row.getCell(7).value, row.getCell(11).value]).toEqual([0, 0, null]);
    // A002: FCR 10/20 = 0.5, not met: red, counted and named.
    const a2 = agents.getRow(3);
    expect(a2.getCell(9).value).toBe(0.5);
    expect(a2.getCell(9).fill).toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });
    expect([a2.getCell(6).value, a2.getCell(7).value, a2.getCell(11).value]).toEqual([1, 0, 'FCR 一次解决率']);
    expect(a2.getCell(8).value).toBeNull();
  });

  it("puts every figure's n, target and status, in both languages, on the sheet beside", () => {
    const detail = wb.getWorksheet('Agents – n, targets')!;
    const header = (detail.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['Code 工号', 'Name 姓名', 'Team (period end) 班组', 'AHT n', 'AHT target 目标', 'AHT status 状态']);
    expect(header.slice(9)).toEqual(['QA 质检 n', 'QA 质检 target 目标', 'QA 质检 status 状态']);
    const cells = (r: number) => (detail.getRow(r).values as ExcelJS.CellValue[]).slice(1);
    // A001: AHT n 20 (no target, no status), FCR 20 / 0.85 / met, QA 3 / 92 / low sample.
    expect(cells(2)).toEqual(['A001', '陈小明', '粤语热线', 20, undefined, undefined, 20, 0.85, 'met 达标', 3, 92, 'low sample 样本不足']);
    expect(cells(3)).toEqual(['A002', '=HYPERLINK("x")', 'Mandarin', undefined, undefined, undefined, 20, 0.85, 'not met 未达标']);
    expect(detail.getCell('H2').numFmt).toBe('0.0%');
  });

  it('keeps names verbatim as text: Chinese intact, a leading = is not a formula', () => {
    const agents = wb.getWorksheet('Agents')!;
    expect(agents.getCell('B2').value).toBe('陈小明');
    expect(agents.getCell('C2').value).toBe('粤语热线');
    expect(agents.getCell('D2').value).toBe('Moved from Mandarin on 2026-10-15');
    expect(agents.getCell('B3').value).toBe('=HYPERLINK("x")');
    expect(agents.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    expect(agents.getCell('B3').formula).toBeUndefined();
  });

  it('freezes the header, filters, prints landscape fit to width with the header repeated', () => {
    for (const name of ['Summary', 'Agents', 'Agents – n, targets', 'QA']) {
      const sheet = wb.getWorksheet(name)!;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, printTitlesRow: '1:1' });
    }
    expect(wb.getWorksheet('Agents')!.views[0]).toMatchObject({ xSplit: 2 });
    expect(wb.getWorksheet('Agents')!.getColumn(2).width).toBeGreaterThanOrEqual(9);
  });

  it('colours the detail sheet\'s status words with real conditional formatting', () => {
    const cf = (wb.getWorksheet('Agents – n, targets') as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
    // the status column of each of the three metrics
    expect(cf).toHaveLength(3);
    expect(cf[1].ref).toBe('I2:I3');
    expect(cf[1].rules.map((r) => (r as ExcelJS.ExpressionRuleType).formulae)).toEqual([['$I2="met 达标"'], ['$I2="not met (near) 接近目标"'], ['$I2="not met 未达标"']]);
  });

  it('lists evaluations with a local date-time and the score as a number', () => {
    const qa = wb.getWorksheet('QA')!;
    expect(qa.getCell('C2').value).toBe('陈小明');
    expect(qa.getCell('E2').value).toEqual(new Date(Date.UTC(2026, 9, 3, 14, 5)));
    expect(qa.getCell('E2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(qa.getCell('G2').value).toBe(87.5);
    expect(qa.getCell('J2').value).toBe('disputed 申诉中');
    expect(qa.getCell('K2').value).toBe('open 申诉中');
    expect(qa.getCell('L2').value).toBe('app 系统评分');
    expect(qa.getCell('N2').value).toBe('+1 good');
  });

  it('explains every metric and the settings in force', () => {
    const d = wb.getWorksheet('Definitions')!;
    const texts: string[] = [];
    d.eachRow((row) => texts.push((row.values as ExcelJS.CellValue[]).filter((v) => v !== undefined && v !== null).join(' | ')));
    const body = texts.join('\n');
    expect(body).toContain('aht | Average handle time | 平均处理时长 AHT');
    expect(body).toContain('Time zone 时区 | Asia/Shanghai');
    expect(body).toContain('FCR method 一次解决率口径 | flag');
    // Thresholds and targets per channel, as they apply (the fixture sets chat 60 s; email's 24 h is the default), printed by the shared formatter.
    expect(body).toContain('Service level by channel 按渠道 | phone: 30 s, chat: 60 s, email: 24 h, wechat: 60 s, video: 30 s');
    expect(body).toContain('Channel targets 渠道目标 | chat: asa 60 s (default); email: asa 24 h (default); wechat: asa 60 s (default)');
    expect(body).toContain("≤ 10% above the team's AHT (amber ≤ 20%) 不高于团队 AHT 的 110%");
    expect(body).not.toContain('110.00000000000001');
    expect(body).toContain('Generated by 生成人 | hr@example.com');
    expect(body).toContain('grey italic: low sample 样本不足 (n below the minimum sample) · the n, target and status of each agent figure: sheet "Agents – n, targets"');
    expect(body).toContain('data version 42 at 2026-11-22T01:02:03.000Z');
    // the org's own QA target overrides the default 90
    const qaRow = d.getRow(6);
    expect(qaRow.getCell(1).value).toBe('qa_score');
    expect(qaRow.getCell(10).value).toBe(92);
    expect(qaRow.getCell(11).value).toBe(2);
  });
});
