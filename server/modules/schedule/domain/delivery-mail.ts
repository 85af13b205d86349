import type { ScheduleKind } from './schedule-timing';

/** The subject and text of a scheduled workbook's message, in the schedule's language (pure). */
export function deliveryMailText(kind: ScheduleKind, language: string, period: string, scope: string): { subject: string; text: string } {
  const zh = language === 'zh-cn';
  const what = zh
    ? { monthly: '月度KPI报表', weekly: '每周回顾报表', scorecard: '坐席绩效卡' }[kind]
    : { monthly: 'monthly KPI workbook', weekly: 'weekly review workbook', scorecard: 'agent scorecard' }[kind];
  return zh
    ? { subject: `Callscope ${what} ${period} — ${scope}`, text: `您好，\n\n附件是 ${period} 的${what}（${scope}）。\n内容按您的账户权限生成。\n\n— Callscope 定时发送` }
    : { subject: `Callscope ${what} ${period} — ${scope}`, text: `Hello,\n\nAttached is the ${what} for ${period} (${scope}).\nIt holds what your account may see.\n\n— sent on schedule by Callscope` };
}
