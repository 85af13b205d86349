import type { Writable } from 'node:stream';
import type { KpiDefinition } from '../../kpi/domain/kpi-definitions';
import type { AgentSheetRow, AttentionSheetRow, DefinitionsInfo, EvaluationSheetRow, WeeklyTeamRow } from '../export.types';
import { writeAgentMetricsSheet, writeAttentionSheet, writeDefinitionsSheet, writeEvaluationsSheet, writeWeeklyTeamSheet } from '../workbook/sheets';
import { openWorkbook } from '../workbook/table-sheet.writer';

export interface WeeklyWorkbookData {
  week: string;
  teamName: string;
  /** The four weeks ending with `week`, oldest first. */
  weekLabels: string[];
  team: readonly WeeklyTeamRow[];
  agentMetrics: readonly KpiDefinition[];
  agents: readonly AgentSheetRow[];
  /** null when the weekly review is not available. */
  attention: readonly AttentionSheetRow[] | null;
  evaluations: readonly EvaluationSheetRow[];
  definitions: DefinitionsInfo;
}

/** The supervisor's weekly review pack: Team, Agents, Attention, QA, Definitions. */
export async function writeWeeklyWorkbook(out: Writable, data: WeeklyWorkbookData): Promise<void> {
  const wb = openWorkbook(out, 'Callscope');
  const subtitle = `${data.week} · ${data.teamName} · data version ${data.definitions.settings.dataVersion}`;
  writeWeeklyTeamSheet(wb, 'Team', data.weekLabels, data.team, {
    titleRows: [`Weekly review 每周回顾 — ${data.teamName} — ${data.week}`, `generated ${data.definitions.generatedAt.toISOString()} by ${data.definitions.generatedBy}`],
    printHeader: subtitle,
  });
  await writeAgentMetricsSheet(wb, 'Agents', data.agents, data.agentMetrics, { printHeader: `Agents — ${subtitle}` });
  await writeAttentionSheet(wb, 'Attention', data.attention, { printHeader: `Attention — ${subtitle}` });
  await writeEvaluationsSheet(wb, 'QA', data.evaluations, { printHeader: `QA evaluations — ${subtitle}` });
  writeDefinitionsSheet(wb, data.definitions);
  await wb.commit();
}
