import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { autoqaKeys } from '../../../lib/query-keys';
import type { Rescoring } from './autoqa-types';

export const getRescoring = () => api<Rescoring>('/autoqa/rule-set/rescoring');

export const isRescoringActive = (r: Rescoring | undefined) => r?.running === true;

/** Polled every second while a re-score runs, then left alone. */
export const rescoringQueryOptions = () =>
  queryOptions({ queryKey: autoqaKeys.rescoring(), queryFn: getRescoring, refetchInterval: (q) => (isRescoringActive(q.state.data) ? 1000 : false) });
export const useRescoring = (enabled = true) => useQuery({ ...rescoringQueryOptions(), enabled });
