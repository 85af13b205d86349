import type { ContactChannel, ContactResult, RuleDefinition, Turn } from '../../../../../server/modules/autoqa/domain/autoqa.types';

export type { ContactChannel, ContactResult, RuleDefinition, RuleKind, Turn } from '../../../../../server/modules/autoqa/domain/autoqa.types';

/** A rule as the rule-set API carries it (autoqa.md section 3). */
export type AutoqaRule = RuleDefinition;

/** `GET /api/autoqa/rule-set`: the current version with its rules. */
export interface RuleSet {
  id?: number;
  version: number;
  createdAt?: string;
  rules: AutoqaRule[];
}

/** `GET /api/autoqa/rule-set/rescoring`: the background re-score after a new version. */
export interface Rescoring {
  status: 'idle' | 'queued' | 'running' | 'succeeded' | 'failed' | string;
  version?: number | null;
  done?: number;
  total?: number;
  progress?: number;
}

export interface PreviewInput {
  channel: ContactChannel;
  turns: Turn[];
  rules?: AutoqaRule[];
}

/** One rule's agreement with the people who scored the same calls (autoqa.md section 6). */
export interface AgreementRow {
  rule: string;
  n: number;
  agreement: number | null;
  kappa: number | null;
}

export interface AgreementParams {
  from: string;
  to: string;
  teamId?: number;
}

export type PreviewResult = ContactResult;

export const autoqaKeys = {
  all: ['autoqa'] as const,
  ruleSet: () => [...autoqaKeys.all, 'rule-set'] as const,
  rescoring: () => [...autoqaKeys.all, 'rescoring'] as const,
  agreement: (params: AgreementParams) => [...autoqaKeys.all, 'agreement', params] as const,
};
