import { type KpiDefinition, kpiDefinitionList, kpiDefinitions } from '../../../server/modules/kpi/domain/kpi-definitions';
import { deltaTone as sharedDeltaTone } from '../../../server/modules/kpi/domain/kpi-format';
import type { MetricKey } from '../../../server/modules/kpi/kpi.types';

export type { MetricKey, MetricValue, Status, SummaryMetric } from '../../../server/modules/kpi/kpi.types';

/**
 * How the dashboard shows each metric. Direction, labels and display units come from the
 * server's KPI registry and formatter (pure TS, shared); values, targets and status always
 * come from the API.
 */
export type Direction = 'higher' | 'lower' | 'neutral';

export interface MetricDef {
  key: MetricKey;
  /** The registry's unit: count, ratio (a fraction shown as %), seconds, score, points. */
  unit: KpiDefinition['unit'];
  direction: Direction;
}

export const METRICS: Record<MetricKey, MetricDef> = Object.fromEntries(
  kpiDefinitionList.map((d) => [d.key, { key: d.key, unit: d.unit, direction: d.direction ?? 'neutral' }]),
) as Record<MetricKey, MetricDef>;

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

/** Queue-driven metrics carry no status for agents (docs/kpi.md "Metrics"). */
export const QUEUE_METRICS: MetricKey[] = ['offered', 'abandon_rate', 'service_level', 'asa'];

/** Whether a change is good news, given the metric's direction (a change that rounds to nothing is flat). */
export function deltaTone(key: MetricKey, delta: number | null): 'good' | 'bad' | 'flat' {
  return sharedDeltaTone(key, delta);
}

/** The org default target and amber tolerance from the registry, for settings placeholders. */
export function defaultTarget(key: MetricKey): { target: number | null; tolerance: number | null } {
  const d = kpiDefinitions[key];
  return { target: d.defaultTarget, tolerance: d.defaultTolerance };
}
