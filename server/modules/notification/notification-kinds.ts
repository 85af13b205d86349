/**
 * The kinds of notification, each with its words (pure). A new kind (e.g. from a new module)
 * is one entry here and one call of NotificationService.notify* where the event happens.
 */
import { languageOfTag } from '../../common/i18n/product-language';
import { toZhHK } from '../../common/i18n/zh-hk.converter';
export interface NotificationKindDef {
  /** Who is told: the agent concerned, or the supervisors of the agent's current team. */
  audience: 'agent' | 'supervisors';
  en: (p: Record<string, unknown>) => string;
  zh: (p: Record<string, unknown>) => string;
}

export const notificationKinds = {
  'evaluation.new': {
    audience: 'agent',
    en: (p) => `A new evaluation of your work was submitted (score ${fmt(p.score)}).`,
    zh: (p) => `您有一条新的质检评估（得分 ${fmt(p.score)}）。`,
  },
  'dispute.resolved': {
    audience: 'agent',
    en: (p) => `Your dispute was resolved: ${p.outcome === 'changed' ? 'the score was changed' : 'the score stands'} (score ${fmt(p.score)}).`,
    zh: (p) => `您的申诉已处理：${p.outcome === 'changed' ? '分数已更改' : '维持原分'}（得分 ${fmt(p.score)}）。`,
  },
  'coaching.note': {
    audience: 'agent',
    en: (p) => `Your supervisor left you a coaching note${p.author ? ` (${p.author})` : ''}.`,
    zh: (p) => `主管给您留了一条辅导记录${p.author ? `（${p.author}）` : ''}。`,
  },
  'dispute.new': {
    audience: 'supervisors',
    en: (p) => `${p.agentName ?? 'An agent'} disputed an evaluation: ${p.reason ?? ''}`,
    zh: (p) => `${p.agentName ?? '坐席'} 对评估提出申诉：${p.reason ?? ''}`,
  },
  // Raised by the complaints module once it exists (docs/complaints.md).
  'complaint.overdue': {
    audience: 'supervisors',
    en: (p) => `Complaint ${p.externalId ?? ''} is overdue${p.overdueBy ? ` by ${p.overdueBy}` : ''}.`,
    zh: (p) => `投诉 ${p.externalId ?? ''} 已逾期${p.overdueBy ? ` ${p.overdueBy}` : ''}。`,
  },
} satisfies Record<string, NotificationKindDef>;

export type NotificationKind = keyof typeof notificationKinds;

export function notificationText(kind: string, params: Record<string, unknown>, language: string | null): string {
  const def = (notificationKinds as Record<string, NotificationKindDef>)[kind];
  if (!def) return kind;
  const lang = languageOfTag(language);
  if (lang === 'zh-HK') return toZhHK(def.zh(params));
  return lang === 'zh-CN' ? def.zh(params) : def.en(params);
}

function fmt(v: unknown): string {
  return typeof v === 'number' ? (Math.round(v * 10) / 10).toString() : String(v ?? '—');
}
