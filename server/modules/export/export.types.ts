import type { KpiDefinition } from '../kpi/domain/kpi-definitions';
import type { MetricKey, MetricValue } from '../kpi/kpi.types';
import type { Settings } from '../org/settings.types';

/** The data each workbook is built from: plain rows, every figure as KpiService answered it. */

export type MetricMap = Partial<Record<MetricKey, MetricValue>>;

export interface AgentSheetRow {
  code: string;
  name: string;
  /** Team at the end of the period. */
  team: string | null;
  /** e.g. "Moved from Cantonese Hotline on 2026-10-15" when the team changed during the period. */
  teamNote: string | null;
  site: string | null;
  metrics: MetricMap;
}

/** An agent row's text cells (what the column widths are fitted to before any figure is read). */
export type AgentLabel = Omit<AgentSheetRow, 'metrics'>;

/** Agent rows read page by page while the sheet is written, after their labels (known up front). */
export interface AgentRowStream {
  labels: readonly AgentLabel[];
  rows: AsyncIterable<AgentSheetRow>;
}

export interface GroupSheetRow {
  /** Organisation, Site, Team, or a period label such as 2026-W45. */
  level: string;
  name: string;
  metrics: MetricMap;
}

export interface EvaluationSheetRow {
  id: number;
  agentCode: string;
  agentName: string;
  team: string | null;
  /** Local date-time of submission (imported: evaluated_at), 'YYYY-MM-DD HH:MM'. */
  submittedAt: string;
  form: string;
  /** As it counts in the QA score: 0 for an auto-fail. */
  score: number | null;
  autoFail: boolean;
  evaluator: string;
  status: string;
  /** none / open / resolved */
  dispute: string;
  source: string;
  callExternalId: string | null;
  comment: string | null;
}

export interface EvaluationItemRow {
  evaluationId: number;
  submittedAt: string;
  form: string;
  section: string;
  item: string;
  critical: boolean;
  answer: string;
  earned: number | null;
  possible: number | null;
  comment: string | null;
  evaluationScore: number | null;
  autoFail: boolean;
  evaluator: string;
}

/** What the Definitions sheet prints beside the numbers so a sheet explains and reproduces itself. */
export interface DefinitionsInfo {
  definitions: readonly KpiDefinition[];
  settings: Settings;
  title: string;
  period: string;
  scope: string;
  generatedAt: Date;
  generatedBy: string;
}

export interface WeeklyTeamRow {
  def: KpiDefinition;
  /** The four weeks ending with this week, oldest first. */
  weeks: (MetricValue | undefined)[];
  /** This week − last week, as KpiService.summary answered it. */
  delta: number | null;
  /** The four weeks as one ratio of sums. */
  last4Weeks: MetricValue | undefined;
}

export interface AttentionSheetRow {
  agentCode: string;
  agentName: string;
  severity: string;
  reasons: string[];
}

/** One agent's figure beside their team's for one period (a week, or the whole range). */
export interface ComparisonRow {
  period: string;
  def: KpiDefinition;
  agent: MetricValue | undefined;
  team: MetricValue | undefined;
}
