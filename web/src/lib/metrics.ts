import { kpiDefinitions } from '../../../server/modules/kpi/domain/kpi-definitions';
import type { MetricKey } from '../../../server/modules/kpi/kpi.types';

export type { MetricKey, MetricValue, Status, SummaryMetric } from '../../../server/modules/kpi/kpi.types';

/**
 * How the dashboard shows each metric. Direction and labels come from the server's KPI
 * registry (pure TS, shared); values, targets and status always come from the API.
 */
export type MetricUnit = 'count' | 'proportion' | 'seconds' | 'duration' | 'csat' | 'points' | 'score';
export type Direction = 'higher' | 'lower' | 'neutral';

export interface MetricDef {
  key: MetricKey;
  unit: MetricUnit;
  direction: Direction;
}

const displayUnits: Array<{ key: MetricKey; unit: MetricUnit }> = [
  { key: 'offered', unit: 'count' },
  { key: 'handled', unit: 'count' },
  { key: 'abandon_rate', unit: 'proportion' },
  { key: 'service_level', unit: 'proportion' },
  { key: 'asa', unit: 'seconds' },
  { key: 'aht', unit: 'duration' },
  { key: 'avg_talk', unit: 'duration' },
  { key: 'avg_hold', unit: 'duration' },
  { key: 'avg_acw', unit: 'duration' },
  { key: 'fcr', unit: 'proportion' },
  { key: 'fcr_flag', unit: 'proportion' },
  { key: 'fcr_repeat', unit: 'proportion' },
  { key: 'escalation_rate', unit: 'proportion' },
  { key: 'transfer_rate', unit: 'proportion' },
  { key: 'csat_avg', unit: 'csat' },
  { key: 'csat_pct', unit: 'proportion' },
  { key: 'nps', unit: 'points' },
  { key: 'qa_score', unit: 'score' },
  { key: 'qa_autofail_rate', unit: 'proportion' },
  { key: 'autoqa_score', unit: 'score' },
  { key: 'autoqa_coverage', unit: 'proportion' },
  { key: 'forbidden_phrase_rate', unit: 'proportion' },
];

export const METRICS: Record<MetricKey, MetricDef> = Object.fromEntries(
  displayUnits.map((d) => [d.key, { ...d, direction: kpiDefinitions[d.key].direction ?? 'neutral' }]),
) as Record<MetricKey, MetricDef>;

/** Metric labels in both languages, for the i18n resources. */
export function metricLabels(lang: 'en' | 'zh'): Record<string, { label: string; short: string }> {
  return Object.fromEntries(displayUnits.map(({ key }) => [key, { label: kpiDefinitions[key].label[lang], short: kpiDefinitions[key].short[lang] }]));
}

/** The KPI tiles of the overview and scorecards, in display order (issue 7; AutoQA's three from issue 16). */
export const TILE_METRICS: MetricKey[] = ['aht', 'fcr', 'csat_avg', 'csat_pct', 'nps', 'escalation_rate', 'qa_score', 'service_level', 'abandon_rate', 'autoqa_score', 'forbidden_phrase_rate', 'autoqa_coverage'];

/** Columns of the team's agent table: queue-driven metrics are left out of agent comparisons. */
export const AGENT_TABLE_METRICS: MetricKey[] = ['handled', 'aht', 'fcr', 'csat_avg', 'csat_pct', 'nps', 'escalation_rate', 'qa_score', 'autoqa_score', 'forbidden_phrase_rate'];

/** Queue-driven metrics carry no status for agents (kpi-spec section 3). */
export const QUEUE_METRICS: MetricKey[] = ['offered', 'abandon_rate', 'service_level', 'asa'];

/** Whether a change is good news, given the metric's direction. */
export function deltaTone(key: MetricKey, delta: number | null): 'good' | 'bad' | 'flat' {
  if (delta === null || delta === 0 || METRICS[key].direction === 'neutral') return 'flat';
  const up = delta > 0;
  return (METRICS[key].direction === 'higher') === up ? 'good' : 'bad';
}

/** The org default target and amber tolerance from the registry, for settings placeholders. */
export function defaultTarget(key: MetricKey): { target: number | null; tolerance: number | null } {
  const d = kpiDefinitions[key];
  return { target: d.defaultTarget, tolerance: d.defaultTolerance };
}
