import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { qaKeys } from '../../../lib/query-keys';

export interface Evaluator {
  id: number;
  name: string;
  role: 'admin' | 'supervisor';
}

/** The people a calibration session can invite. */
export const getEvaluators = () => api<Evaluator[]>('/qa/evaluators');
export const evaluatorsQueryOptions = () => queryOptions({ queryKey: qaKeys.evaluators(), queryFn: getEvaluators });
export const useEvaluators = () => useQuery(evaluatorsQueryOptions());
