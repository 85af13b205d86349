import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { autoqaKeys, ruleInput, type AutoqaRule, type RuleSet } from './autoqa-keys';

/** Saves the rules as a new version (admin); the server re-scores every transcript in the background. */
export const saveRuleSet = (rules: AutoqaRule[]) => api<RuleSet>('/autoqa/rule-set', { method: 'PUT', body: { rules: rules.map(ruleInput) } });

export function useSaveRuleSet() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: saveRuleSet,
    onSuccess: (set) => {
      qc.setQueryData(autoqaKeys.ruleSet(), set);
      // Findings, figures and agreement all move to the new version as the re-score runs.
      void qc.invalidateQueries({ queryKey: autoqaKeys.all });
    },
  });
}
