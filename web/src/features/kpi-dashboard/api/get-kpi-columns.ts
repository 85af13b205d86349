import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { columnsToAnswer } from '../../../lib/kpi-columns';
import type { KpiColumns } from '../../../../../server/modules/kpi/kpi.types';
import { kpiQueryParams } from './get-kpis';
import { kpiKeys, type KpiParams } from '../../../lib/query-keys';

/** `GET /api/kpis?shape=columns`: for large tables (many agents × periods), a fraction of the objects on the wire and in JSON.parse. */
export const getKpiColumns = (params: KpiParams, signal?: AbortSignal) =>
  api<KpiColumns>('/kpis', { params: { ...kpiQueryParams(params), shape: 'columns' }, signal });

/** The answer handed to pages as rows (columnsToAnswer), so a page reads either shape the same way. */
export const kpiColumnsQueryOptions = (params: KpiParams) =>
  queryOptions({ queryKey: kpiKeys.columns(params), queryFn: ({ signal }) => getKpiColumns(params, signal), select: columnsToAnswer, placeholderData: keepPreviousData });

export const useKpiColumns = (params: KpiParams, enabled = true) => useQuery({ ...kpiColumnsQueryOptions(params), enabled });
