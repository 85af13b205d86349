import type { Writable } from 'node:stream';
import type { ComparisonRow, DefinitionsInfo, EvaluationItemRow, EvaluationSheetRow } from '../export.types';
import { writeComparisonSheet, writeDefinitionsSheet, writeEvaluationItemsSheet, writeEvaluationsSheet } from '../workbook/sheets';
import { openWorkbook } from '../workbook/table-sheet.writer';

export interface AgentWorkbookData {
  agentLabel: string;
  period: string;
  /** The whole range: the agent against the team and the target. */
  total: readonly ComparisonRow[];
  /** The same by ISO week. */
  weeks: readonly ComparisonRow[];
  evaluations: readonly EvaluationSheetRow[];
  items: readonly EvaluationItemRow[];
  definitions: DefinitionsInfo;
}

/** One agent's scorecard: Summary, Weeks, Evaluations, Items, Definitions. */
export async function writeAgentWorkbook(out: Writable, data: AgentWorkbookData): Promise<void> {
  const wb = openWorkbook(out, 'Callscope');
  const subtitle = `${data.agentLabel} · ${data.period} · data version ${data.definitions.settings.dataVersion}`;
  await writeComparisonSheet(wb, 'Summary', data.total, { printHeader: `Scorecard — ${subtitle}` });
  await writeComparisonSheet(wb, 'Weeks', data.weeks, { printHeader: `Scorecard by week — ${subtitle}` });
  await writeEvaluationsSheet(wb, 'Evaluations', data.evaluations, { printHeader: `QA evaluations — ${subtitle}` });
  await writeEvaluationItemsSheet(wb, 'Evaluation items', data.items, { printHeader: `QA evaluations item by item — ${subtitle}` });
  writeDefinitionsSheet(wb, data.definitions);
  await wb.commit();
}
