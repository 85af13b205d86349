import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import { autoqaKeys } from '../../../lib/query-keys';
import { ruleInput, type AutoqaRule, type RuleSet } from './autoqa-types';

/** Saves the rules as a new version (admin); the server re-scores every transcript in the background. */
export const saveRuleSet = (rules: AutoqaRule[]) => api<RuleSet>('/autoqa/rule-set', { method: 'PUT', body: { rules: rules.map(ruleInput) } });

export function useSaveRuleSet() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: saveRuleSet,
    onSuccess: (set) => {
      qc.setQueryData(autoqaKeys.ruleSet(), set);
      void invalidateAfter(qc, 'ruleSet');
    },
  });
}
