import { kpiDefinitionList, kpiDefinitions } from '../../../server/modules/kpi/domain/kpi-definitions';
import type { MetricKey } from '../../../server/modules/kpi/kpi.types';

export type { MetricKey, MetricValue, Status, SummaryMetric } from '../../../server/modules/kpi/kpi.types';

/**
 * What the dashboard knows of each metric comes from the server's KPI registry and formatter
 * (pure TS, shared): units, directions, labels, default targets and the tone of a change.
 * Values, targets and status always come from the API.
 */
export { kpiDefinitions } from '../../../server/modules/kpi/domain/kpi-definitions';
export { deltaTone } from '../../../server/modules/kpi/domain/kpi-format';

/** Metric labels in both languages, for the i18n resources. */
export function metricLabels(lang: 'en' | 'zh'): Record<string, { label: string; short: string }> {
  return Object.fromEntries(kpiDefinitionList.map(({ key }) => [key, { label: kpiDefinitions[key].label[lang], short: kpiDefinitions[key].short[lang] }]));
}

/** The KPI tiles of the overview and scorecards, in display order (issue 7; complaints from issue 18, AutoQA from issue 16). */
export const TILE_METRICS: MetricKey[] = [
  'aht', 'fcr', 'csat_avg', 'csat_pct', 'nps', 'escalation_rate', 'qa_score', 'service_level', 'abandon_rate',
  'complaint_rate', 'complaint_response_sla', 'complaint_resolution_sla', 'autoqa_score', 'forbidden_phrase_rate', 'autoqa_coverage',
];

/** Columns of the team's agent table: queue-driven metrics are left out of agent comparisons. */
export const AGENT_TABLE_METRICS: MetricKey[] = ['handled', 'aht', 'fcr', 'csat_avg', 'csat_pct', 'nps', 'escalation_rate', 'qa_score', 'autoqa_score', 'forbidden_phrase_rate'];

/** The org default target and amber tolerance from the registry, for settings placeholders. */
export function defaultTarget(key: MetricKey): { target: number | null; tolerance: number | null } {
  const d = kpiDefinitions[key];
  return { target: d.defaultTarget, tolerance: d.defaultTolerance };
}
