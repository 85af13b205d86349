/**
 * The words of the weekly review: each fired rule said in English or Simplified Chinese, with
 * its numbers printed by the product's one formatter (kpi-format.ts: AHT as m:ss, an hour or
 * more as hours and minutes, proportions as %). Pure; labels come from the KPI registry.
 */
import { kpiDefinition } from '../../kpi/domain/kpi-definitions';
import { formatElapsed, formatMetric, formatNumber } from '../../kpi/domain/kpi-format';
import type { MetricKey } from '../../kpi/kpi.types';
import { toZhHK } from '../../../common/i18n/zh-hk.converter';
import { productLanguages, type ProductLanguage } from '../../../common/i18n/product-language';
import type { Reason } from './attention-rules';

/** zh-HK texts are the zh-CN texts in Hong Kong Traditional Chinese (toZhHK), so both say the same. */
export const reviewLangs = productLanguages;
export type ReviewLang = ProductLanguage;

export function label(key: MetricKey, lang: ReviewLang): string {
  const def = kpiDefinition(key);
  return lang === 'en' ? def.short.en : def.label.zh;
}

const englishOrdinals = new Intl.PluralRules('en-US', { type: 'ordinal' });
const ordinalSuffix: Record<Intl.LDMLPluralRule, string> = { zero: 'th', one: 'st', two: 'nd', few: 'rd', many: 'th', other: 'th' };

/** 1st, 2nd, 3rd, 11th, 22nd: the suffix by English's ordinal plural rule. */
function ordinal(n: number): string {
  return `${n}${ordinalSuffix[englishOrdinals.select(n)]}`;
}

type Fig = { value: number | null; target?: number | null; team?: number | null };

/** The words of one reason, built from its evidence numbers. */
export function reasonText(reason: Reason, lang: ReviewLang): string {
  return lang === 'zh-HK' ? toZhHK(reasonTextIn(reason, 'zh-CN')) : reasonTextIn(reason, lang);
}

function reasonTextIn(reason: Reason, lang: 'en' | 'zh-CN'): string {
  const m = reason.evidence.metrics as Record<string, any>;
  const zh = lang === 'zh-CN';
  switch (reason.rule) {
    case 'below_target': {
      const parts = Object.entries(m as Record<string, Fig>).map(([k, f]) => {
        const key = k as MetricKey;
        const v = formatMetric(key, f.value, lang);
        if (key === 'aht') return zh ? `${label(key, lang)} ${v}（团队 ${formatMetric(key, f.team ?? null, lang)}）` : `${label(key, lang)} ${v} (team ${formatMetric(key, f.team ?? null, lang)})`;
        const t = formatMetric(key, f.target ?? null, lang);
        return zh ? `${label(key, lang)} ${v}（目标 ${t}）` : `${label(key, lang)} ${v} (target ${t})`;
      });
      const n = parts.length;
      return zh ? `本周 ${n} 项指标未达标：${parts.join('，')}` : `Below target on ${n} metrics this week: ${parts.join(', ')}`;
    }
    case 'aht_above_team': {
      const a = formatMetric('aht', m.aht, lang);
      const t = formatMetric('aht', m.teamAht, lang);
      return zh ? `${label('aht', lang)} ${a}，团队 ${t}，连续第 ${m.weeks} 周高于团队` : `AHT ${a} vs team ${t}, ${ordinal(m.weeks)} week in a row`;
    }
    case 'worsening': {
      const key = m.metric as MetricKey;
      const series = (m.series as { value: number }[]).map((s) => formatMetric(key, s.value, lang)).join(' → ');
      return zh ? `${label(key, lang)}连续 ${m.weeks} 周变差：${series}` : `${label(key, lang)} worse ${m.weeks} weeks in a row: ${series}`;
    }
    case 'auto_fail':
      return zh
        ? `本周有 ${m.autoFails} 次质检因关键项不合格被判为致命错误（0 分）`
        : `QA auto-fail this week: ${m.autoFails} evaluation${m.autoFails === 1 ? '' : 's'} failed on a critical item (scored 0)`;
    case 'open_dispute': {
      const since = m.since ? String(m.since).slice(0, 10) : null;
      return zh
        ? `有 ${m.openDisputes} 条质检申诉待处理${since ? `（自 ${since} 起）` : ''}`
        : `${m.openDisputes} open QA dispute${m.openDisputes === 1 ? '' : 's'} awaiting a decision${since ? ` (since ${since})` : ''}`;
    }
    case 'csat_drop': {
      const now = formatMetric('csat_pct', m.csat_pct, lang);
      const four = formatMetric('csat_pct', m.avg4w, lang);
      const pts = formatNumber(m.dropPoints, lang, 1);
      return zh
        ? `${label('csat_pct', lang)}本周 ${now}，近 4 周 ${four}，下降 ${pts} 个百分点（本周 ${m.n} 份回复）`
        : `CSAT top-2-box ${now} this week vs ${four} over 4 weeks, down ${pts} points (n = ${m.n})`;
    }
    case 'qa_below_target_4w': {
      const v = formatMetric('qa_score', m.qa_score, lang);
      const t = formatMetric('qa_score', m.target, lang);
      return zh ? `近 ${m.weeks} 周质检得分 ${v}，低于目标 ${t}（${m.den} 次质检）` : `QA score ${v} over ${m.weeks} weeks vs target ${t} (${m.den} evaluations)`;
    }
    case 'forbidden_phrase': {
      const words = [...new Set((reason.evidence.turns ?? []).map((t) => t.text.slice(t.start, t.end)))].map((w) => `“${w}”`);
      const shown = words.slice(0, 3).join(zh ? '、' : ', ');
      return zh
        ? `本周 ${m.calls} 通联络使用了禁用语${shown ? `：${shown}` : ''}`
        : `Forbidden phrase used in ${m.calls} contact${m.calls === 1 ? '' : 's'} this week${shown ? `: ${shown}` : ''}`;
    }
    case 'autoqa_below_team_4w': {
      const v = formatMetric('autoqa_score', m.autoqa_score, lang);
      const t = formatMetric('autoqa_score', m.team, lang);
      return zh ? `近 ${m.weeks} 周自动质检得分 ${v}，低于团队 ${t}（${m.den} 通已评分）` : `AutoQA score ${v} over ${m.weeks} weeks vs team ${t} (${m.den} scored contacts)`;
    }
    case 'meets_all_targets': {
      const keys = Object.keys(m) as MetricKey[];
      const names = keys.map((k) => label(k, lang)).join(zh ? '、' : ', ');
      return zh ? `样本充足的 ${keys.length} 项指标全部达标：${names}` : `Met every target with enough sample (${keys.length} metrics: ${names})`;
    }
    case 'complaint_overdue': {
      const cases = (m.cases as { externalId: string; level: string; overdueBy: number }[])
        .map((c) => (zh ? `${c.externalId}（${gradeLabel(c.level, lang)}，超时 ${formatElapsed(c.overdueBy, lang)}）` : `${c.externalId} (${gradeLabel(c.level, lang)}, over by ${formatElapsed(c.overdueBy, lang)})`))
        .join(zh ? '，' : ', ');
      return zh
        ? `${m.overdue} 件投诉已超时未处理${m.highPriority ? `，其中 ${m.highPriority} 件为三级或紧急投诉` : ''}：${cases}`
        : `${m.overdue} complaint${m.overdue === 1 ? '' : 's'} overdue${m.highPriority ? ` (${m.highPriority} level 3 or urgent)` : ''}: ${cases}`;
    }
    case 'complaint_rate_above_team': {
      const v = formatMetric('complaint_rate', m.complaint_rate, lang);
      const t = formatMetric('complaint_rate', m.team, lang);
      return zh
        ? `本周投诉率每千通 ${v}（${m.num} 件 / ${m.den} 通接通），高于团队的 ${t}`
        : `Complaint rate ${v} per 1,000 handled this week (${m.num} of ${m.den}) vs team ${t}`;
    }
    case 'most_improved': {
      const improved = m.improved as Record<string, { before: number; now: number }>;
      const parts = Object.entries(improved).map(([k, x]) => `${label(k as MetricKey, lang)} ${formatMetric(k as MetricKey, x.before, lang)} → ${formatMetric(k as MetricKey, x.now, lang)}`);
      return zh ? `进步最大（对比前 4 周）：${parts.join('，')}` : `Most improved vs the previous 4 weeks: ${parts.join(', ')}`;
    }
  }
}

/** A complaint grade in words (the standards' names). */
function gradeLabel(level: string, lang: ReviewLang): string {
  if (lang === 'zh-CN') return ({ '1': '一级', '2': '二级', '3': '三级', urgent: '紧急' } as Record<string, string>)[level] ?? level;
  return level === 'urgent' ? 'urgent' : `level ${level}`;
}

/** The follow-up line of a coaching note whose date has come. */
export function followUpText(
  f: { metric: MetricKey; followUpDate: string; before: number | null; now: number | null; moved: 'improved' | 'worse' | 'unchanged' | 'unknown' },
  lang: ReviewLang,
): string {
  if (lang === 'zh-HK') return toZhHK(followUpText(f, 'zh-CN'));
  const zh = lang === 'zh-CN';
  const words = {
    improved: zh ? '已改善' : 'improved',
    worse: zh ? '变差' : 'worse',
    unchanged: zh ? '基本不变' : 'about the same',
    unknown: zh ? '样本不足，无法判断' : 'not enough sample to tell',
  }[f.moved];
  const change = `${formatMetric(f.metric, f.before, lang)} → ${formatMetric(f.metric, f.now, lang)}`;
  return zh
    ? `辅导跟进（${f.followUpDate} 到期）：${label(f.metric, lang)} ${change}，${words}`
    : `Coaching follow-up (due ${f.followUpDate}): ${label(f.metric, lang)} ${change}, ${words}`;
}
