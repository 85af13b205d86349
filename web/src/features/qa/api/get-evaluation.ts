import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { qaKeys } from '../../../lib/query-keys';
import type { EvaluationDetail } from './qa-types';

export const getEvaluation = (id: number) => api<EvaluationDetail>(`/qa/evaluations/${id}`);
export const evaluationQueryOptions = (id: number) => queryOptions({ queryKey: qaKeys.evaluation(id), queryFn: () => getEvaluation(id) });
export const useEvaluation = (id: number) => useQuery(evaluationQueryOptions(id));
