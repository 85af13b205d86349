import type ExcelJS from 'exceljs';
import type { KpiDefinition } from '../../kpi/domain/kpi-definitions';
import { AHT_RELATIVE, isMetricKey } from '../../kpi/domain/kpi-definitions';
import { formatDuration, formatMetric, formatPercent } from '../../kpi/domain/kpi-format';
import { DEFAULT_CHANNEL_TARGETS, serviceLevelSecondsByChannel, targetFor } from '../../kpi/domain/kpi-targets';
import { channels } from '../../org/settings.types';
import type { MetricValue } from '../../kpi/kpi.types';
import type { Settings } from '../../org/settings.types';
import { complaintLevels } from '../../complaints/domain/complaint-clock';
import { bilingual, DISPUTE_LABELS, EVALUATION_STATUS_LABELS, fittedWidth, localDateTimeCell, NUMBER_FORMATS, numberFormatFor, SOURCE_LABELS, statusLabel, textWidth, toCellNumber } from '../domain/export-format';
import type { StatusLabel } from '../domain/export-format';
import type { AgentLabel, AgentRowStream, AgentSheetRow, AttentionSheetRow, ComparisonRow, DefinitionsInfo, EvaluationItemRow, EvaluationSheetRow, GroupSheetRow, WeeklyTeamRow } from '../export.types';
import { CellValue, ColumnSpec, LOW_SAMPLE_FONT, STATUS_CELL_STYLES, TableSheetWriter, WorkbookWriter } from './table-sheet.writer';

/** The sheets the workbooks share: agents' metrics, group metrics, evaluations, definitions. */

// Wide enough for the longest bilingual status, "not met (near) 接近目标".
const STATUS_WIDTH = 24;

/** Title rows above a table (left empty for data sheets, so their header is row 1) and the printed page header. */
export interface PageInfo {
  titleRows?: string[];
  printHeader?: string;
}

export function metricHeader(def: KpiDefinition): string {
  return def.short.en === def.short.zh ? def.short.en : `${def.short.en} ${def.short.zh}`;
}

const LOW_SAMPLE_STYLE: Partial<ExcelJS.Style> = { font: LOW_SAMPLE_FONT as ExcelJS.Font };

/** Value, n, target, status cells of one metric, the value greyed when the sample is too small. */
function metricCells(def: KpiDefinition, m: MetricValue): { values: CellValue[]; styles: (Partial<ExcelJS.Style> | undefined)[] } {
  const valueStyle = m.lowSample ? LOW_SAMPLE_STYLE : undefined;
  return {
    values: [toCellNumber(def, m.value), m.n, toCellNumber(def, m.target), statusLabel(m) || null],
    styles: [valueStyle, undefined, undefined, valueStyle],
  };
}

/** The sheet beside Agents that holds every figure's n, target and status. */
export const AGENT_DETAIL_SHEET = 'Agents – n, targets';

const STATUS_CODES: readonly StatusLabel[] = ['', 'met 达标', 'not met (near) 接近目标', 'not met 未达标', 'low sample 样本不足', 'no data 无数据'];
const NEAR_WORDS = 'near 接近目标';

/**
 * What an HR reviewer reads across: one row per agent with the value of every metric, coloured
 * green/amber/red by its status (grey italic under the minimum sample), how many targets were not
 * met, and which. The n, target and status of every figure follow on AGENT_DETAIL_SHEET, row for row.
 */
export async function writeAgentMetricsSheet(wb: WorkbookWriter, name: string, agents: readonly AgentSheetRow[] | AgentRowStream, defs: readonly KpiDefinition[], page: PageInfo): Promise<void> {
  const { labels, rows } = Array.isArray(agents) ? { labels: agents, rows: agents } : (agents as AgentRowStream);
  const labelColumns: ColumnSpec[] = [
    { header: 'Code 工号', width: fittedWidth(['Code 工号', ...labels.map((r) => r.code)]) },
    { header: 'Name 姓名', width: fittedWidth(['Name 姓名', ...labels.map((r) => r.name)], 8, 30) },
    { header: 'Team (period end) 班组', width: fittedWidth(['Team 班组', ...labels.map((r) => r.team ?? '')], 10, 30) },
  ];
  const columns: ColumnSpec[] = [
    ...labelColumns,
    { header: 'Team note 调动', width: fittedWidth(['Team note', ...labels.map((r) => r.teamNote ?? '')], 10, 50) },
    { header: 'Site 站点', width: fittedWidth(['Site 站点', ...labels.map((r) => r.site ?? '')], 8, 24) },
    { header: 'Not met 未达标', width: 9, numFmt: NUMBER_FORMATS.count },
    { header: 'Near 接近目标', width: 9, numFmt: NUMBER_FORMATS.count },
  ];
  const firstValue = columns.length;
  for (const def of defs) columns.push({ header: metricHeader(def), width: Math.max(9, Math.min(18, textWidth(metricHeader(def)) + 2)), numFmt: numberFormatFor(def) });
  columns.push({ header: 'Targets not met 未达标指标', width: 40 });
  const sheet = new TableSheetWriter(wb, name, columns, { freezeColumns: 2, ...page });
  // The detail sheet's figures, kept compact until Agents is written (a zip entry is written after the one before it).
  const capacity = labels.length;
  const ns = new Float64Array(capacity * defs.length).fill(NaN);
  const targets = new Float64Array(capacity * defs.length).fill(NaN);
  const statuses = new Uint8Array(capacity * defs.length);
  const written: AgentLabel[] = [];
  const listWrap = { alignment: { wrapText: true, vertical: 'top' } as ExcelJS.Alignment };
  for await (const r of rows as AsyncIterable<AgentSheetRow> | Iterable<AgentSheetRow>) {
    const at = written.length * defs.length;
    written.push(r);
    const values: CellValue[] = new Array(columns.length).fill(null);
    const styles: (Partial<ExcelJS.Style> | undefined)[] = new Array(columns.length).fill(undefined);
    values[0] = r.code;
    values[1] = r.name;
    values[2] = r.team;
    values[3] = r.teamNote;
    values[4] = r.site;
    const notMet: string[] = [];
    const near: string[] = [];
    defs.forEach((def, i) => {
      const m = r.metrics[def.key];
      if (!m) return;
      values[firstValue + i] = toCellNumber(def, m.value);
      styles[firstValue + i] = m.status ? STATUS_CELL_STYLES[m.status] : m.lowSample ? LOW_SAMPLE_STYLE : undefined;
      if (m.status === 'red') notMet.push(metricHeader(def));
      if (m.status === 'amber') near.push(metricHeader(def));
      ns[at + i] = m.n;
      targets[at + i] = toCellNumber(def, m.target) ?? NaN;
      statuses[at + i] = STATUS_CODES.indexOf(statusLabel(m));
    });
    values[5] = notMet.length;
    values[6] = near.length;
    values[columns.length - 1] = [notMet.join(', '), near.length ? `${NEAR_WORDS}: ${near.join(', ')}` : ''].filter(Boolean).join('; ') || null;
    styles[columns.length - 1] = listWrap;
    sheet.add(values, styles);
    await sheet.paced();
  }
  sheet.finish();

  const detailColumns: ColumnSpec[] = [...labelColumns];
  for (const def of defs) {
    detailColumns.push(
      { header: `${metricHeader(def)} n`, width: 9, numFmt: NUMBER_FORMATS.count },
      { header: `${metricHeader(def)} target 目标`, width: 10, numFmt: numberFormatFor(def) },
      { header: `${metricHeader(def)} status 状态`, width: STATUS_WIDTH },
    );
  }
  const detail = new TableSheetWriter(wb, AGENT_DETAIL_SHEET, detailColumns, { freezeColumns: 2, printHeader: page.printHeader?.replace(/^Agents/, AGENT_DETAIL_SHEET) });
  const fixed = labelColumns.length;
  for (let row = 0; row < written.length; row++) {
    const values: CellValue[] = new Array(detailColumns.length).fill(null);
    values[0] = written[row].code;
    values[1] = written[row].name;
    values[2] = written[row].team;
    for (let i = 0; i < defs.length; i++) {
      const at = row * defs.length + i;
      values[fixed + i * 3] = ns[at];
      values[fixed + i * 3 + 1] = targets[at];
      values[fixed + i * 3 + 2] = STATUS_CODES[statuses[at]] || null;
    }
    detail.add(values);
    await detail.paced();
  }
  defs.forEach((_, i) => detail.colourByStatus(fixed + i * 3 + 3, fixed + i * 3 + 3));
  detail.finish();
}

/** Organisation / site / team rows, one line per metric: value, n, target, status. */
export async function writeGroupMetricsSheet(wb: WorkbookWriter, name: string, rows: readonly GroupSheetRow[], defs: readonly KpiDefinition[], page: PageInfo): Promise<void> {
  const columns: ColumnSpec[] = [
    { header: 'Level 层级', width: fittedWidth(['Level 层级', ...rows.map((r) => r.level)]) },
    { header: 'Name 名称', width: fittedWidth(['Name 名称', ...rows.map((r) => r.name)], 10, 40) },
    { header: 'Metric', width: fittedWidth(defs.map((d) => d.label.en)) },
    { header: '指标', width: fittedWidth(defs.map((d) => d.label.zh)) },
    { header: 'Value 数值', width: 11 },
    { header: 'n', width: 9, numFmt: NUMBER_FORMATS.count },
    { header: 'Target 目标', width: 11 },
    { header: 'Status 状态', width: STATUS_WIDTH },
  ];
  const sheet = new TableSheetWriter(wb, name, columns, { freezeColumns: 2, ...page });
  for (const r of rows) {
    for (const def of defs) {
      const m = r.metrics[def.key];
      if (!m) continue;
      const fmt = numberFormatFor(def);
      const cells = metricCells(def, m);
      sheet.add([r.level, r.name, def.label.en, def.label.zh, ...cells.values], [
        undefined,
        undefined,
        undefined,
        undefined,
        { numFmt: fmt, font: cells.styles[0]?.font },
        undefined,
        { numFmt: fmt },
        cells.styles[3],
      ]);
      await sheet.paced();
    }
  }
  sheet.colourByStatus(5, 8);
  sheet.colourByStatus(8, 8);
  sheet.finish();
}

/** Every submitted evaluation of the period. */
export async function writeEvaluationsSheet(wb: WorkbookWriter, name: string, rows: readonly EvaluationSheetRow[], page: PageInfo): Promise<void> {
  const columns: ColumnSpec[] = [
    { header: 'Evaluation ID', width: 12 },
    { header: 'Agent code 工号', width: fittedWidth(['Agent code', ...rows.map((r) => r.agentCode)]) },
    { header: 'Agent 姓名', width: fittedWidth(['Agent 姓名', ...rows.map((r) => r.agentName)], 8, 30) },
    { header: 'Team 班组', width: fittedWidth(['Team 班组', ...rows.map((r) => r.team ?? '')], 8, 30) },
    { header: 'Submitted 提交时间', width: 18, numFmt: NUMBER_FORMATS.dateTime },
    { header: 'Form version 质检表', width: fittedWidth(['Form version', ...rows.map((r) => r.form)], 10, 40) },
    { header: 'Score 得分', width: 10, numFmt: NUMBER_FORMATS.score },
    { header: 'Auto-fail 致命错误', width: 11 },
    { header: 'Evaluator 质检员', width: fittedWidth(['Evaluator 质检员', ...rows.map((r) => r.evaluator)], 10, 30) },
    { header: 'Status 状态', width: 18 },
    { header: 'Dispute 申诉', width: 16 },
    { header: 'Source 来源', width: 14 },
    { header: 'Call 通话', width: fittedWidth(['Call 通话', ...rows.map((r) => r.callExternalId ?? '')], 8, 30) },
    { header: 'Comment 评语', width: fittedWidth(['Comment 评语', ...rows.map((r) => r.comment ?? '')], 12, 60) },
  ];
  const sheet = new TableSheetWriter(wb, name, columns, { freezeColumns: 3, ...page });
  for (const r of rows) {
    sheet.add([
      r.id,
      r.agentCode,
      r.agentName,
      r.team,
      localDateTimeCell(r.submittedAt),
      r.form,
      r.score,
      r.autoFail ? 'Yes 是' : 'No 否',
      r.evaluator,
      bilingual(EVALUATION_STATUS_LABELS, r.status),
      bilingual(DISPUTE_LABELS, r.dispute),
      bilingual(SOURCE_LABELS, r.source),
      r.callExternalId,
      r.comment,
    ]);
    await sheet.paced();
  }
  sheet.finish();
}

/** One agent's evaluations item by item. */
export async function writeEvaluationItemsSheet(wb: WorkbookWriter, name: string, rows: readonly EvaluationItemRow[], page: PageInfo): Promise<void> {
  const columns: ColumnSpec[] = [
    { header: 'Evaluation ID', width: 12 },
    { header: 'Submitted 提交时间', width: 18, numFmt: NUMBER_FORMATS.dateTime },
    { header: 'Form version 质检表', width: fittedWidth(['Form version', ...rows.map((r) => r.form)], 10, 40) },
    { header: 'Section 部分', width: fittedWidth(['Section 部分', ...rows.map((r) => r.section)], 8, 30) },
    { header: 'Item 项目', width: fittedWidth(['Item 项目', ...rows.map((r) => r.item)], 12, 60) },
    { header: 'Critical 关键项', width: 10 },
    { header: 'Answer 评分', width: 10 },
    { header: 'Earned 得分', width: 9, numFmt: NUMBER_FORMATS.score },
    { header: 'Possible 满分', width: 9, numFmt: NUMBER_FORMATS.score },
    { header: 'Comment 评语', width: fittedWidth(['Comment 评语', ...rows.map((r) => r.comment ?? '')], 12, 60) },
    { header: 'Evaluation score 总分', width: 12, numFmt: NUMBER_FORMATS.score },
    { header: 'Auto-fail 致命错误', width: 11 },
    { header: 'Evaluator 质检员', width: fittedWidth(['Evaluator 质检员', ...rows.map((r) => r.evaluator)], 10, 30) },
  ];
  const sheet = new TableSheetWriter(wb, name, columns, { freezeColumns: 2, ...page });
  for (const r of rows) {
    sheet.add([
      r.evaluationId,
      localDateTimeCell(r.submittedAt),
      r.form,
      r.section,
      r.item,
      r.critical ? 'Yes 是' : '',
      r.answer,
      r.earned,
      r.possible,
      r.comment,
      r.evaluationScore,
      r.autoFail ? 'Yes 是' : 'No 否',
      r.evaluator,
    ]);
    await sheet.paced();
  }
  sheet.finish();
}

function targetInForce(def: KpiDefinition, info: DefinitionsInfo): { target: CellValue; tolerance: CellValue } {
  if (def.targetMode === 'team_relative') {
    return {
      target: `≤ ${formatPercent(AHT_RELATIVE.green - 1, 'en', 0)} above the team's AHT (amber ≤ ${formatPercent(AHT_RELATIVE.amber - 1, 'en', 0)}) 不高于团队 AHT 的 ${formatPercent(AHT_RELATIVE.green, 'zh-CN', 0)}`,
      tolerance: null,
    };
  }
  if (def.targetMode === 'none') return { target: null, tolerance: null };
  const org = info.settings.targets.org[def.key];
  return {
    target: toCellNumber(def, org?.target ?? def.defaultTarget),
    tolerance: toCellNumber(def, org?.tolerance ?? def.defaultTolerance),
  };
}

function localStamp(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(at);
}

/** Every metric from the registry with its formula in words, then the settings the numbers were computed with. */
export function writeDefinitionsSheet(wb: WorkbookWriter, info: DefinitionsInfo): void {
  const defs = info.definitions;
  const columns: ColumnSpec[] = [
    { header: 'Key', width: fittedWidth(defs.map((d) => d.key)) },
    { header: 'Metric', width: fittedWidth(['Generated by', ...defs.map((d) => d.label.en)], 10, 40) },
    { header: '指标', width: fittedWidth(defs.map((d) => d.label.zh), 10, 30) },
    { header: 'Numerator (num)', width: 50 },
    { header: 'Denominator (den)', width: 40 },
    { header: '分子', width: 36 },
    { header: '分母', width: 30 },
    { header: 'Unit 单位', width: 9 },
    { header: 'Better 方向', width: 10 },
    { header: 'Target 目标 (org)', width: 14 },
    { header: 'Tolerance 容差', width: 12 },
    { header: 'Low-sample below n 最小样本', width: 14 },
  ];
  const sheet = new TableSheetWriter(wb, 'Definitions', columns, { titleRows: [info.title, `value = num / den (complaint_rate: 1,000 × num / den) · ${info.period} · ${info.scope}`] });
  const wrap = { alignment: { wrapText: true, vertical: 'top' } as ExcelJS.Alignment };
  for (const def of defs) {
    const { target, tolerance } = targetInForce(def, info);
    const fmt = numberFormatFor(def);
    sheet.add(
      [
        def.key,
        def.label.en,
        def.label.zh,
        def.numerator.en,
        def.denominator.en,
        def.numerator.zh,
        def.denominator.zh,
        def.unit,
        def.direction === 'higher' ? 'higher 越高越好' : def.direction === 'lower' ? 'lower 越低越好' : '',
        target,
        tolerance,
        info.settings.minSample[def.sampleKey] ?? null,
      ],
      [undefined, undefined, undefined, wrap, wrap, wrap, wrap, undefined, undefined, { numFmt: fmt }, { numFmt: fmt }, undefined],
    );
  }
  const tableEnd = sheet.lastRow;
  const s = info.settings;
  const teamOverrides = Object.entries(s.targets.teams ?? {}).flatMap(([teamId, targets]) =>
    Object.entries(targets).map(([key, t]) => `team ${teamId}: ${key} ${t.target}${t.tolerance === undefined ? '' : ` ± ${t.tolerance}`}`),
  );
  // What a figure of one channel is judged by: the channel's setting, else the standards' default.
  const channelTargets = channels.flatMap((c) => {
    const keys = new Set([...Object.keys(DEFAULT_CHANNEL_TARGETS[c] ?? {}), ...Object.keys(s.targets.channels?.[c] ?? {})]);
    return [...keys].filter(isMetricKey).map((key) => {
      const t = targetFor(s, key, null, c);
      return t ? `${c}: ${key} ${formatMetric(key, t.target, 'en')}${s.targets.channels?.[c]?.[key] ? '' : ' (default)'}` : '';
    }).filter(Boolean);
  });
  sheet.add([]);
  sheet.note(['Settings in force 计算设置'], true);
  const lines: [string, CellValue][] = [
    ['Time zone 时区', s.timezone],
    ['Service level seconds 服务水平秒数', s.serviceLevelSeconds],
    ['Service level by channel 按渠道', Object.entries(serviceLevelSecondsByChannel(s)).map(([c, v]) => `${c}: ${formatDuration(v, 'en', 'seconds')}`).join(', ')],
    ['Channel targets 渠道目标', channelTargets.join('; ') || '—'],
    ['Short-abandon seconds 短时放弃秒数', s.shortAbandonSeconds],
    ['FCR method 一次解决率口径', s.fcrMethod],
    ['FCR window days 一次解决率窗口（天）', s.fcrWindowDays],
    ['Minimum sample 最小样本', `calls ${s.minSample.calls}, surveys ${s.minSample.surveys}, nps ${s.minSample.nps}, qa ${s.minSample.qa}, complaints ${s.minSample.complaints ?? '—'}`],
    ['Complaint deadlines 投诉时限', complaintDeadlinesText(s.complaintDeadlines)],
    ['Team target overrides 班组目标', teamOverrides.join('; ') || '—'],
    ['Colours 颜色', `green: met 达标 · amber: not met (near) 接近目标 · red: not met 未达标 · grey italic: low sample 样本不足 (n below the minimum sample)${wb.getWorksheet(AGENT_DETAIL_SHEET) ? ` · the n, target and status of each agent figure: sheet "${AGENT_DETAIL_SHEET}"` : ''}`],
    ['Period 期间', info.period],
    ['Scope 范围', info.scope],
    ['Generated at 生成时间', `${localStamp(info.generatedAt, s.timezone)} (${s.timezone}) · ${info.generatedAt.toISOString()}`],
    ['Generated by 生成人', info.generatedBy],
    ['Data as of 数据版本', `data version ${s.dataVersion} at ${info.generatedAt.toISOString()}`],
  ];
  for (const [label, value] of lines) sheet.add([null, label, value]);
  sheet.finish(tableEnd);
}

/** "response 1 60 s, 2 1800 s …; resolution …" — the deadlines the complaint SLA figures were judged with (within = at or before). */
function complaintDeadlinesText(d: Settings['complaintDeadlines'] | undefined): string {
  if (!d) return '—';
  const part = (name: string, m: Record<string, number>) => `${name} ${complaintLevels.map((l) => `${l === 'urgent' ? 'urgent 紧急' : `L${l}`} ${m[l]} s`).join(', ')}`;
  return `${part('response 响应', d.response)}; ${part('resolution 办结', d.resolution)} (within = at or before the deadline 含截止时刻)`;
}

/** Signed number format for a difference: durations in seconds (Excel cannot show a negative time). */
function deltaFormat(def: KpiDefinition): string {
  switch (def.unit) {
    case 'ratio':
      return '+0.0%;-0.0%;0.0%';
    case 'seconds':
      return '+0" s";-0" s";0" s"';
    case 'count':
      return '+#,##0;-#,##0;0';
    default:
      return '+0.0;-0.0;0.0';
  }
}

/** The team's metrics this week against the weeks before and the last four weeks together. */
export function writeWeeklyTeamSheet(wb: WorkbookWriter, name: string, weekLabels: string[], rows: readonly WeeklyTeamRow[], page: PageInfo): void {
  const columns: ColumnSpec[] = [
    { header: 'Metric', width: fittedWidth(rows.map((r) => r.def.label.en)) },
    { header: '指标', width: fittedWidth(rows.map((r) => r.def.label.zh)) },
    ...weekLabels.map((w, i) => ({ header: i === weekLabels.length - 1 ? `${w} (this week 本周)` : i === weekLabels.length - 2 ? `${w} (last week 上周)` : w, width: 12 })),
    { header: 'n (this week)', width: 10, numFmt: NUMBER_FORMATS.count },
    { header: 'Change vs last week 环比', width: 12 },
    { header: 'Last 4 weeks 近4周', width: 12 },
    { header: 'n (4 weeks)', width: 10, numFmt: NUMBER_FORMATS.count },
    { header: 'Target 目标', width: 11 },
    { header: 'Status 状态', width: STATUS_WIDTH },
  ];
  const sheet = new TableSheetWriter(wb, name, columns, { freezeColumns: 2, ...page });
  const weeksCount = weekLabels.length;
  for (const r of rows) {
    const fmt = { numFmt: numberFormatFor(r.def) };
    const current = r.weeks[weeksCount - 1];
    const low = current?.lowSample ? { ...fmt, font: LOW_SAMPLE_FONT as ExcelJS.Font } : fmt;
    sheet.add(
      [
        r.def.label.en,
        r.def.label.zh,
        ...r.weeks.map((m) => toCellNumber(r.def, m?.value)),
        current?.n,
        r.delta,
        toCellNumber(r.def, r.last4Weeks?.value),
        r.last4Weeks?.n,
        toCellNumber(r.def, current?.target),
        statusLabel(current) || null,
      ],
      [undefined, undefined, ...r.weeks.map((_, i) => (i === weeksCount - 1 ? low : fmt)), undefined, { numFmt: deltaFormat(r.def) }, fmt, undefined, fmt, undefined],
    );
  }
  const statusCol = columns.length;
  sheet.colourByStatus(2 + weeksCount, statusCol);
  sheet.colourByStatus(statusCol, statusCol);
  sheet.finish();
}

/** Agents who need attention this week, with the rule that fired, in words. */
export async function writeAttentionSheet(wb: WorkbookWriter, name: string, rows: readonly AttentionSheetRow[] | null, page: PageInfo): Promise<void> {
  const columns: ColumnSpec[] = [
    { header: 'Agent code 工号', width: fittedWidth(['Agent code 工号', ...(rows ?? []).map((r) => r.agentCode)]) },
    { header: 'Agent 姓名', width: fittedWidth(['Agent 姓名', ...(rows ?? []).map((r) => r.agentName)], 8, 30) },
    { header: 'Severity 严重程度', width: 18 },
    { header: 'Reasons 原因', width: fittedWidth(['Reasons 原因', ...(rows ?? []).flatMap((r) => r.reasons)], 30, 90) },
  ];
  const sheet = new TableSheetWriter(wb, name, columns, { freezeColumns: 2, ...page });
  if (rows === null) {
    sheet.add([null, null, null, 'The weekly review (attention list) is not available in this version of Callscope. 本版本暂无每周回顾关注名单。']);
  } else {
    for (const r of rows) {
      sheet.add([r.agentCode, r.agentName, r.severity, r.reasons.join('\n')], [undefined, undefined, undefined, { alignment: { wrapText: true, vertical: 'top' } }]);
      await sheet.paced();
    }
  }
  sheet.finish();
}

/** One agent's figures beside their team's and the target, per period. */
export async function writeComparisonSheet(wb: WorkbookWriter, name: string, rows: readonly ComparisonRow[], page: PageInfo): Promise<void> {
  const columns: ColumnSpec[] = [
    { header: 'Period 期间', width: fittedWidth(['Period 期间', ...rows.map((r) => r.period)]) },
    { header: 'Metric', width: fittedWidth(rows.map((r) => r.def.label.en)) },
    { header: '指标', width: fittedWidth(rows.map((r) => r.def.label.zh)) },
    { header: 'Agent 本人', width: 11 },
    { header: 'n', width: 8, numFmt: NUMBER_FORMATS.count },
    { header: 'Team 班组', width: 11 },
    { header: 'Team n', width: 8, numFmt: NUMBER_FORMATS.count },
    { header: 'Target 目标', width: 11 },
    { header: 'Status 状态', width: STATUS_WIDTH },
  ];
  const sheet = new TableSheetWriter(wb, name, columns, { freezeColumns: 3, ...page });
  for (const r of rows) {
    const fmt = { numFmt: numberFormatFor(r.def) };
    sheet.add(
      [r.period, r.def.label.en, r.def.label.zh, toCellNumber(r.def, r.agent?.value), r.agent?.n, toCellNumber(r.def, r.team?.value), r.team?.n, toCellNumber(r.def, r.agent?.target), statusLabel(r.agent) || null],
      [undefined, undefined, undefined, r.agent?.lowSample ? { ...fmt, font: LOW_SAMPLE_FONT as ExcelJS.Font } : fmt, undefined, fmt, undefined, fmt, undefined],
    );
    await sheet.paced();
  }
  sheet.colourByStatus(4, 9);
  sheet.colourByStatus(9, 9);
  sheet.finish();
}
