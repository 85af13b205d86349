import type { Reason } from '../../../server/modules/review/domain/attention-rules';
import { formatDuration, formatValue, pickLang, reasonText } from '../../../server/modules/review/domain/review-text';

const reason = (rule: Reason['rule'], metrics: Record<string, unknown>): Reason => ({ rule, metric: null, weight: 1, evidence: { metrics, callIds: [], evaluationIds: [] } });

describe('review text', () => {
  it.each([
    [432, '7:12'],
    [340, '5:40'],
    [59.6, '1:00'],
    [3725, '1:02:05'],
  ])('formats %s s as %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });

  it('formats proportions as %, CSAT to 2 decimals, NPS whole', () => {
    expect(formatValue('fcr', 0.725)).toBe('72.5%');
    expect(formatValue('csat_pct', 0.8)).toBe('80%');
    expect(formatValue('csat_avg', 4.7)).toBe('4.70');
    expect(formatValue('nps', -8.4)).toBe('-8');
    expect(formatValue('qa_score', 84.25)).toBe('84.3');
  });

  it('says the AHT rule in English and Chinese', () => {
    const r = reason('aht_above_team', { aht: 432, teamAht: 340, weeks: 3 });
    expect(reasonText(r, 'en')).toBe('AHT 7:12 vs team 5:40, 3rd week in a row');
    expect(reasonText(r, 'zh-CN')).toBe('平均处理时长 AHT 7:12，团队 5:40，连续第 3 周高于团队');
    expect(reasonText({ ...r, evidence: { ...r.evidence, metrics: { aht: 432, teamAht: 340, weeks: 11 } } }, 'en')).toBe('AHT 7:12 vs team 5:40, 11th week in a row');
  });

  it('says below target with each metric and its target', () => {
    const r = reason('below_target', { fcr: { value: 0.8, target: 0.85 }, aht: { value: 432, team: 340 } });
    expect(reasonText(r, 'en')).toBe('Below target on 2 metrics this week: FCR 80% (target 85%), AHT 7:12 (team 5:40)');
    expect(reasonText(r, 'zh-CN')).toBe('本周 2 项指标未达标：一次性解决率 FCR 80%（目标 85%），平均处理时长 AHT 7:12（团队 5:40）');
  });

  it('says the CSAT drop with its sample size', () => {
    const r = reason('csat_drop', { csat_pct: 0.5, avg4w: 59 / 72, dropPoints: 31.944, n: 12 });
    expect(reasonText(r, 'en')).toBe('CSAT top-2-box 50% this week vs 81.9% over 4 weeks, down 31.9 points (n = 12)');
  });

  it.each([
    [['zh-CN'], 'zh-CN'],
    [[null, 'en-GB,en;q=0.9'], 'en'],
    [[null, 'fr-FR, zh-TW;q=0.8, en;q=0.5'], 'zh-CN'],
    [['de', 'fr'], null],
  ])('picks the language from %j', (candidates, lang) => {
    expect(pickLang(...(candidates as (string | null)[]))).toBe(lang);
  });
});
