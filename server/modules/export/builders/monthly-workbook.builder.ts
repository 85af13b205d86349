import type { Writable } from 'node:stream';
import type { KpiDefinition } from '../../kpi/domain/kpi-definitions';
import type { AgentRowStream, AgentSheetRow, DefinitionsInfo, EvaluationSheetRow, GroupSheetRow } from '../export.types';
import { writeAgentMetricsSheet, writeDefinitionsSheet, writeEvaluationsSheet, writeGroupMetricsSheet } from '../workbook/sheets';
import { openWorkbook } from '../workbook/table-sheet.writer';

export interface MonthlyWorkbookData {
  month: string;
  scopeLabel: string;
  /** Metrics carried on agent rows, in registry order. */
  agentMetrics: readonly KpiDefinition[];
  /** Metrics carried on org/site/team rows. */
  groupMetrics: readonly KpiDefinition[];
  summary: readonly GroupSheetRow[];
  /** The rows in order (an array, or labels up front and the figures read in pages while the sheet is written). */
  agents: readonly AgentSheetRow[] | AgentRowStream;
  /** Read while the sheets before QA are written. */
  evaluations: readonly EvaluationSheetRow[] | Promise<readonly EvaluationSheetRow[]>;
  definitions: DefinitionsInfo;
}

/** HR's monthly KPI workbook: Summary, Agents, QA, Definitions. */
export async function writeMonthlyWorkbook(out: Writable, data: MonthlyWorkbookData): Promise<void> {
  const wb = openWorkbook(out, 'Callscope');
  const subtitle = `${data.month} · ${data.scopeLabel} · generated ${data.definitions.generatedAt.toISOString()} by ${data.definitions.generatedBy} · data version ${data.definitions.settings.dataVersion}`;
  await writeGroupMetricsSheet(wb, 'Summary', data.summary, data.groupMetrics, { printHeader: `Monthly KPI summary — ${subtitle}` });
  await writeAgentMetricsSheet(wb, 'Agents', data.agents, data.agentMetrics, { printHeader: `Agents — ${subtitle}` });
  await writeEvaluationsSheet(wb, 'QA', await data.evaluations, { printHeader: `Submitted QA evaluations — ${subtitle}` });
  writeDefinitionsSheet(wb, data.definitions);
  await wb.commit();
}
