import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { qaKeys, type EvaluationListParams } from '../../../lib/query-keys';
import type { Evaluation } from './qa-types';

export const getEvaluations = (params: EvaluationListParams) =>
  api<{ items: Evaluation[]; total: number } | Evaluation[]>('/qa/evaluations', { params: { ...params } }).then((r) => (Array.isArray(r) ? { items: r, total: r.length } : r));

export const evaluationsQueryOptions = (params: EvaluationListParams) => queryOptions({ queryKey: qaKeys.evaluationList(params), queryFn: () => getEvaluations(params) });
export const useEvaluations = (params: EvaluationListParams, enabled = true) => useQuery({ ...evaluationsQueryOptions(params), enabled });
