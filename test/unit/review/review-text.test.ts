import type { Reason } from '../../../server/modules/review/domain/attention-rules';
import { reasonText } from '../../../server/modules/review/domain/review-text';

const reason = (rule: Reason['rule'], metrics: Record<string, unknown>): Reason => ({ rule, metric: null, weight: 1, evidence: { metrics, callIds: [], evaluationIds: [] } });

describe('review text', () => {
  it('prints numbers with the shared formatter: %, an hour or more as hours and minutes, no data', () => {
    const r = reason('below_target', { asa: { value: 12655, target: 30 }, escalation_rate: { value: null, target: 0.1 } });
    // The "12,655 s vs 30 s": 12,655 s = 210.9 min, shown to the minute as 3 h 31 min.
    expect(reasonText(r, 'en')).toBe('Below target on 2 metrics this week: ASA 3 h 31 min (target 30 s), Escalation no data (target 10.0%)');
    expect(reasonText(r, 'zh-CN')).toBe('本周 2 项指标未达标：平均应答速度 ASA 3 小时 31 分钟（目标 30 秒），升级率 无数据（目标 10.0%）');
  });

  it('says the AHT rule in English and Chinese', () => {
    const r = reason('aht_above_team', { aht: 432, teamAht: 340, weeks: 3 });
    expect(reasonText(r, 'en')).toBe('AHT 7:12 vs team 5:40, 3rd week in a row');
    expect(reasonText(r, 'zh-CN')).toBe('平均处理时长 AHT 7:12，团队 5:40，连续第 3 周高于团队');
    expect(reasonText({ ...r, evidence: { ...r.evidence, metrics: { aht: 432, teamAht: 340, weeks: 11 } } }, 'en')).toBe('AHT 7:12 vs team 5:40, 11th week in a row');
  });

  it('says below target with each metric and its target', () => {
    const r = reason('below_target', { fcr: { value: 0.8, target: 0.85 }, aht: { value: 432, team: 340 } });
    expect(reasonText(r, 'en')).toBe('Below target on 2 metrics this week: FCR 80.0% (target 85.0%), AHT 7:12 (team 5:40)');
    expect(reasonText(r, 'zh-CN')).toBe('本周 2 项指标未达标：一次解决率 FCR 80.0%（目标 85.0%），平均处理时长 AHT 7:12（团队 5:40）');
  });

  it('says a reason in Hong Kong Traditional Chinese with the same numbers and the same metric names as the dashboard', () => {
    const r = reason('below_target', { fcr: { value: 0.8, target: 0.85 }, aht: { value: 432, team: 340 } });
    expect(reasonText(r, 'zh-HK')).toBe('本週 2 項指標未達標：一次解決率 FCR 80.0%（目標 85.0%），平均處理時長 AHT 7:12（團隊 5:40）');
    expect(reasonText(reason('aht_above_team', { aht: 432, teamAht: 340, weeks: 3 }), 'zh-HK')).toBe('平均處理時長 AHT 7:12，團隊 5:40，連續第 3 週高於團隊');
  });

  it('says the CSAT drop with its sample size', () => {
    const r = reason('csat_drop', { csat_pct: 0.5, avg4w: 59 / 72, dropPoints: 31.944, n: 12 });
    expect(reasonText(r, 'en')).toBe('CSAT top-2-box 50.0% this week vs 81.9% over 4 weeks, down 31.9 points (n = 12)');
  });

  it.each([
    [1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'], [21, '21st'], [22, '22nd'], [101, '101st'], [111, '111th'],
  ])('says week %i in a row as the %s', (weeks, word) => {
    expect(reasonText(reason('aht_above_team', { aht: 432, teamAht: 340, weeks }), 'en')).toBe(`AHT 7:12 vs team 5:40, ${word} week in a row`);
  });
});
