import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { kpiKeys, type KpiParams } from '../../../lib/query-keys';
import type { KpiAnswer } from './kpi-types';

/** The query string of `GET /api/kpis` for either answer shape. */
export const kpiQueryParams = (params: KpiParams) => ({
  from: params.from,
  to: params.to,
  granularity: params.granularity,
  groupBy: params.groupBy,
  siteId: params.siteId,
  teamId: params.teamId,
  agentId: params.agentId,
  queue: params.queue,
  channel: params.channel,
  metrics: params.metrics?.join(','),
});

export const getKpis = (params: KpiParams, signal?: AbortSignal) => api<KpiAnswer>('/kpis', { params: kpiQueryParams(params), signal });

export const kpisQueryOptions = (params: KpiParams) =>
  queryOptions({ queryKey: kpiKeys.list(params), queryFn: ({ signal }) => getKpis(params, signal), placeholderData: keepPreviousData });

export const useKpis = (params: KpiParams, enabled = true) => useQuery({ ...kpisQueryOptions(params), enabled });
