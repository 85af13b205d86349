import type { RuleView as AutoqaRule } from '../../../../../server/modules/autoqa/autoqa-api.types';
import type { ContactChannel, RuleDefinition, Turn } from '../../../../../server/modules/autoqa/domain/autoqa.types';

export type { ContactChannel, RuleDefinition, RuleKind, Turn } from '../../../../../server/modules/autoqa/domain/autoqa.types';

/**
 * The rule-set, re-scoring, preview and agreement answers: the server's view types. A rule's
 * `formItem` names an item of the default QA form (a stable name such as `opening.greeting`, or a
 * position "<section>.<item>"); the server resolves it on the form's current version
 * (`formItemId`, `formItemText`).
 */
export type { AgreementRow, PreviewResult, RescoringView as Rescoring, RuleSetView as RuleSet, RuleView as AutoqaRule } from '../../../../../server/modules/autoqa/autoqa-api.types';

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
