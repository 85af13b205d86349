import type { ContactChannel, ContactResult, RuleDefinition, Turn } from '../../../../../server/modules/autoqa/domain/autoqa.types';

export type { ContactChannel, ContactResult, RuleDefinition, RuleKind, Turn } from '../../../../../server/modules/autoqa/domain/autoqa.types';

/**
 * A rule as the rule-set API answers it (autoqa.md section 3): `formItem` names the default QA
 * form's item by position ("<section>.<item>"); the server resolves it to the current form
 * version's item id and text.
 */
export type AutoqaRule = RuleDefinition & { formItemId?: number | null; formItemText?: string | null };

/** `GET /api/autoqa/rule-set`: the newest version with its rules. */
export interface RuleSet {
  id: number;
  version: number;
  createdAt: string;
  createdBy?: { id: number; name: string } | null;
  rules: AutoqaRule[];
  formVersionId?: number | null;
  /** The version the figures use (older than `version` while a re-score runs). */
  figuresVersion?: number;
  rescoring?: boolean;
}

/** `GET /api/autoqa/rule-set/rescoring`: the background re-score after a new version. */
export interface Rescoring {
  running: boolean;
  ruleSetVersion: number;
  figuresVersion: number;
  total: number;
  done: number;
  progress: number;
  startedAt?: string | null;
  finishedAt?: string | null;
  error?: string | null;
}

/** What PUT and preview accept for a rule: its definition only (the server rejects unknown fields). */
export function ruleInput(rule: AutoqaRule): RuleDefinition {
  const common = { key: rule.key, weight: rule.weight, critical: rule.critical, channels: rule.channels && rule.channels.length > 0 ? rule.channels : null, ...(rule.formItem !== undefined ? { formItem: rule.formItem } : {}) };
  switch (rule.kind) {
    case 'required':
      return { ...common, kind: rule.kind, phrases: rule.phrases, where: rule.where, turns: rule.turns };
    case 'forbidden':
      return { ...common, kind: rule.kind, phrases: rule.phrases };
    case 'conditional':
      return { ...common, kind: rule.kind, triggers: rule.triggers, phrases: rule.phrases, within: rule.within };
    case 'response_time':
      return { ...common, kind: rule.kind, seconds: rule.seconds };
    case 'pattern':
      return { ...common, kind: rule.kind, regex: rule.regex, where: rule.where, turns: rule.turns };
  }
}

export interface PreviewInput {
  channel: ContactChannel;
  turns: Turn[];
  rules?: RuleDefinition[];
}

/** One rule's agreement with the people who scored the same calls (autoqa.md section 6). */
export interface AgreementRow {
  rule: string;
  formItem?: string | null;
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
