import type { KpiQuery, KpiSummaryQuery } from '../../../../../server/modules/kpi/kpi.types';

export type { GroupBy, KpiAnswer, KpiRow, KpiSummary } from '../../../../../server/modules/kpi/kpi.types';

/** `GET /api/kpis` parameters: granularity and grouping fall back to the server's defaults. */
export type KpiParams = Omit<KpiQuery, 'granularity' | 'groupBy'> & Partial<Pick<KpiQuery, 'granularity' | 'groupBy'>>;
export type SummaryParams = KpiSummaryQuery;
/** Every parameter a query sends is part of its key. */
export const kpiKeys = {
  all: ['kpi'] as const,
  list: (params: KpiParams) => [...kpiKeys.all, 'list', params] as const,
  columns: (params: KpiParams) => [...kpiKeys.all, 'columns', params] as const,
  summary: (params: SummaryParams) => [...kpiKeys.all, 'summary', params] as const,
};
