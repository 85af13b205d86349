import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { kpiKeys, type SummaryParams } from '../../../lib/query-keys';
import type { KpiSummary } from './kpi-types';

export const getKpiSummary = (params: SummaryParams, signal?: AbortSignal) =>
  api<KpiSummary>('/kpis/summary', { params: { from: params.from, to: params.to, siteId: params.siteId, teamId: params.teamId, agentId: params.agentId }, signal });

export const kpiSummaryQueryOptions = (params: SummaryParams) =>
  queryOptions({ queryKey: kpiKeys.summary(params), queryFn: ({ signal }) => getKpiSummary(params, signal), placeholderData: keepPreviousData });

export const useKpiSummary = (params: SummaryParams, enabled = true) => useQuery({ ...kpiSummaryQueryOptions(params), enabled });
