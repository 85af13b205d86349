import type ExcelJS from 'exceljs';
import type { KpiDefinition } from '../../kpi/domain/kpi-definitions';
import { AHT_RELATIVE, isMetricKey } from '../../kpi/domain/kpi-definitions';
import { formatDuration, formatMetric, formatPercent } from '../../kpi/domain/kpi-format';
import { DEFAULT_CHANNEL_TARGETS, serviceLevelSecondsByChannel, targetFor } from '../../kpi/domain/kpi-targets';
import { channels } from '../../org/settings.types';
import type { MetricValue } from '../../kpi/kpi.types';
import type { Settings } from '../../org/settings.types';
import { complaintLevels } from '../../complaints/domain/complaint-clock';
import { fittedWidth, localDateTimeCell, NUMBER_FORMATS, numberFormatFor, statusLabel, toCellNumber } from '../domain/export-format';
import type { AgentRowStream, AgentSheetRow, AttentionSheetRow, ComparisonRow, DefinitionsInfo, EvaluationItemRow, EvaluationSheetRow, GroupSheetRow, WeeklyTeamRow } from '../export.types';
import { CellValue, ColumnSpec, LOW_SAMPLE_FONT, TableSheetWriter, WorkbookWriter } from './table-sheet.writer';

/** The sheets the workbooks share: agents' metrics, group metrics, evaluations, definitions. */

const STATUS_WIDTH = 15;

/** Title rows above a table (left empty for data sheets, so their header is row 1) and the printed page header. */
export interface PageInfo {
  titleRows?: string[];
  printHeader?: string;
}

export function metricHeader(def: KpiDefinition): string {
  return def.short.en === def.short.zh ? def.short.en : `${def.short.en} ${def.short.zh}`;
}

/** Value, n, target, status cells of one metric, the value greyed when the sample is too small. */
function metricCells(def: KpiDefinition, m: MetricValue | undefined): { values: CellValue[]; styles: (Partial<ExcelJS.Style> | undefined)[] } {
  const values: CellValue[] = [null, null, null, null];
  const styles: (Partial<ExcelJS.Style> | undefined)[] = [undefined, undefined, undefined, undefined];
  putMetricCells(def, m, values, styles, 0);
  return { values, styles };
}

const LOW_SAMPLE_STYLE: Partial<ExcelJS.Style> = { font: LOW_SAMPLE_FONT as ExcelJS.Font };

/** Writes a metric's four cells into a row's arrays at `at` (no per-metric arrays: a sheet has 5,000 rows × 19 metrics). */
function putMetricCells(def: KpiDefinition, m: MetricValue | undefined, values: CellValue[], styles: (Partial<ExcelJS.Style> | undefined)[], at: number): void {
  if (!m) return;
  const valueStyle = m.lowSample ? LOW_SAMPLE_STYLE : undefined;
  values[at] = toCellNumber(def, m.value);
  values[at + 1] = m.n;
  values[at + 2] = toCellNumber(def, m.target);
  values[at + 3] = statusLabel(m) || null;
  styles[at] = valueStyle;
  styles[at + 3] = valueStyle;
}

/** One row per agent, then for every metric: value, n, target, status (coloured by conditional formatting). */
export async function writeAgentMetricsSheet(wb: WorkbookWriter, name: string, agents: readonly AgentSheetRow[] | AgentRowStream, defs: readonly KpiDefinition[], page: PageInfo): Promise<void> {
  const { labels, rows } = Array.isArray(agents) ? { labels: agents, rows: agents } : (agents as AgentRowStream);
  const columns: ColumnSpec[] = [
    { header: 'Code 工号', width: fittedWidth(['Code 工号', ...labels.map((r) => r.code)]) },
    { header: 'Name 姓名', width: fittedWidth(['Name 姓名', ...labels.map((r) => r.name)], 8, 30) },
    { header: 'Team (period end) 班组', width: fittedWidth(['Team 班组', ...labels.map((r) => r.team ?? '')], 10, 30) },
    { header: 'Team note 调动', width: fittedWidth(['Team note', ...labels.map((r) => r.teamNote ?? '')], 10, 50) },
    { header: 'Site 站点', width: fittedWidth(['Site 站点', ...labels.map((r) => r.site ?? '')], 8, 24) },
  ];
  const fixed = columns.length;
  for (const def of defs) {
    const fmt = numberFormatFor(def);
    columns.push(
      { header: metricHeader(def), width: Math.max(9, Math.min(18, metricHeader(def).length + 2)), numFmt: fmt },
      { header: `${def.short.en} n`, width: 8, numFmt: NUMBER_FORMATS.count },
      { header: `${def.short.en} target`, width: 9, numFmt: fmt },
      { header: `${def.short.en} status`, width: STATUS_WIDTH },
    );
  }
  const sheet = new TableSheetWriter(wb, name, columns, { freezeColumns: 2, ...page });
  const width = fixed + defs.length * 4;
  for await (const r of rows) {
    const values: CellValue[] = new Array(width).fill(null);
    const styles: (Partial<ExcelJS.Style> | undefined)[] = new Array(width).fill(undefined);
    values[0] = r.code;
    values[1] = r.name;
    values[2] = r.team;
    values[3] = r.teamNote;
    values[4] = r.site;
    defs.forEach((def, i) => putMetricCells(def, r.metrics[def.key], values, styles, fixed + i * 4));
    sheet.add(values, styles);
    await sheet.paced();
  }
  defs.forEach((_, i) => {
    const valueCol = fixed + i * 4 + 1;
    sheet.colourByStatus(valueCol, valueCol + 3);
    sheet.colourByStatus(valueCol + 3, valueCol + 3);
  });
  sheet.finish();
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
    { header: 'Status 状态', width: 13 },
    { header: 'Dispute 申诉', width: 11 },
    { header: 'Source 来源', width: 9 },
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
      r.status,
      r.dispute,
      r.source,
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
    { header: 'Severity 严重程度', width: 12 },
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
