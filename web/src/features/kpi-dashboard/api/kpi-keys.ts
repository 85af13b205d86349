import type { MetricKey, MetricValue, SummaryMetric } from '../../../lib/metrics';

export type GroupBy = 'org' | 'site' | 'team' | 'agent' | 'queue';

export interface KpiParams {
  from: string;
  to: string;
  granularity?: 'day' | 'week' | 'month' | 'total';
  groupBy?: GroupBy;
  siteId?: number;
  teamId?: number;
  agentId?: number;
  metrics?: MetricKey[];
}

export interface KpiRow {
  period: string;
  periodStart: string;
  group?: { type: Exclude<GroupBy, 'org'>; id: number | string; name: string; code?: string };
  metrics: Partial<Record<MetricKey, MetricValue>>;
}

export interface KpiAnswer {
  from: string;
  to: string;
  timezone: string;
  granularity: string;
  groupBy: GroupBy;
  rows: KpiRow[];
}

export interface SummaryParams {
  from: string;
  to: string;
  siteId?: number;
  teamId?: number;
  agentId?: number;
}

export interface KpiSummary {
  from: string;
  to: string;
  timezone: string;
  previous: { from: string; to: string };
  metrics: Partial<Record<MetricKey, SummaryMetric>>;
}

/** Every parameter a query sends is part of its key. */
export const kpiKeys = {
  all: ['kpi'] as const,
  list: (params: KpiParams) => [...kpiKeys.all, 'list', params] as const,
  summary: (params: SummaryParams) => [...kpiKeys.all, 'summary', params] as const,
};
