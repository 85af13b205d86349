import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { autoqaKeys } from '../../../lib/query-keys';
import type { RuleSet } from './autoqa-types';

export const getRuleSet = () => api<RuleSet>('/autoqa/rule-set');
export const ruleSetQueryOptions = () => queryOptions({ queryKey: autoqaKeys.ruleSet(), queryFn: getRuleSet, staleTime: 60_000 });
export const useRuleSet = (enabled = true) => useQuery({ ...ruleSetQueryOptions(), enabled });
