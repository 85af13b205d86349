import type { Channel } from '../org/settings.types';

/** Every metric key of docs/kpi.md "Metrics", in display order. */
export const metricKeys = [
  'offered',
  'handled',
  'abandon_rate',
  'service_level',
  'asa',
  'aht',
  'avg_talk',
  'avg_hold',
  'avg_acw',
  'fcr',
  'fcr_flag',
  'fcr_repeat',
  'escalation_rate',
  'transfer_rate',
  'csat_avg',
  'csat_pct',
  'nps',
  'qa_score',
  'qa_autofail_rate',
  'autoqa_score',
  'autoqa_coverage',
  'forbidden_phrase_rate',
  'complaint_rate',
  'complaint_response_sla',
  'complaint_resolution_sla',
] as const;
export type MetricKey = (typeof metricKeys)[number];

export const granularities = ['day', 'week', 'month', 'total'] as const;
export type Granularity = (typeof granularities)[number];
export const groupBys = ['org', 'site', 'team', 'agent', 'queue'] as const;
export type GroupBy = (typeof groupBys)[number];
export type Status = 'green' | 'amber' | 'red';

/** `GET /api/kpis` parameters, validated. Dates are local dates YYYY-MM-DD, inclusive. */
export interface KpiQuery {
  from: string;
  to: string;
  granularity: Granularity;
  groupBy: GroupBy;
  siteId?: number;
  teamId?: number;
  agentId?: number;
  queue?: string;
  channel?: Channel;
  metrics?: MetricKey[];
}

/** One metric in one row: always num/den/value so anyone can re-aggregate exactly. */
export interface MetricValue {
  value: number | null;
  num: number;
  den: number;
  n: number;
  /** 95% Wilson interval, proportions only. */
  ci?: [number, number] | null;
  lowSample: boolean;
  target: number | null;
  status: Status | null;
  /** fcr_repeat: calls whose repeat window has not closed yet. */
  provisional?: number;
  /** complaint SLAs: open cases still inside their deadline (in neither num nor den). */
  pending?: number;
  /** e.g. 'unusually_short' for AHT under half the team's. */
  flags?: string[];
}

export interface KpiGroup {
  type: Exclude<GroupBy, 'org'>;
  id: number | string;
  name: string;
  /** agents only */
  code?: string;
}

export interface KpiRow {
  /** YYYY-MM-DD, YYYY-Www, YYYY-MM or 'total' */
  period: string;
  periodStart: string;
  group?: KpiGroup;
  metrics: Partial<Record<MetricKey, MetricValue>>;
}

export interface KpiAnswer {
  from: string;
  to: string;
  timezone: string;
  granularity: Granularity;
  groupBy: GroupBy;
  rows: KpiRow[];
}

export interface SummaryMetric extends MetricValue {
  previous: number | null;
  delta: number | null;
}

/** `GET /api/kpis/summary`: the range's metrics with the equal-length previous range and deltas. */
export interface KpiSummary {
  from: string;
  to: string;
  timezone: string;
  previous: { from: string; to: string };
  metrics: Partial<Record<MetricKey, SummaryMetric>>;
}

/**
 * One metric's figures of a columnar answer (`shape=columns`): entry j of every array belongs
 * to row j. `ciLow`/`ciHigh` (proportions) are the ends of `ci`, null where the object form has
 * `ci: null`; `provisional` only for fcr by repeat, `flags` only for agent AHT (null = none).
 */
export interface MetricColumns {
  value: (number | null)[];
  num: number[];
  den: number[];
  n: number[];
  lowSample: boolean[];
  target: (number | null)[];
  status: (Status | null)[];
  ciLow?: (number | null)[];
  ciHigh?: (number | null)[];
  provisional?: number[];
  /** complaint SLAs only. */
  pending?: number[];
  flags?: (string[] | null)[];
}

/**
 * `GET /api/kpis?shape=columns`: the object answer's rows turned into one array per field
 * (entry j of every array is row j, in the object form's order). `group` is absent for
 * groupBy=org; its `type` is one string (every row has the same), `code` agents only.
 */
export interface KpiColumns {
  shape: 'columns';
  from: string;
  to: string;
  timezone: string;
  granularity: Granularity;
  groupBy: GroupBy;
  length: number;
  period: string[];
  periodStart: string[];
  group?: { type: Exclude<GroupBy, 'org'>; id: (number | string)[]; name: string[]; code?: (string | null)[] };
  metrics: Partial<Record<MetricKey, MetricColumns>>;
}

export type KpiShape = 'rows' | 'columns';

export interface KpiSummaryQuery {
  from: string;
  to: string;
  teamId?: number;
  agentId?: number;
  siteId?: number;
}
