import { deltaArrow, deltaDirection, deltaTone, formatCount, formatDelta, formatDuration, formatMetric, formatPercent, noDataText } from '../../../server/modules/kpi/domain/kpi-format';

describe('one formatter for every number (en and zh-CN)', () => {
  it.each([
    // [seconds, style, en, zh]
    [0, 'clock', '0:00', '0:00'],
    [59.4, 'clock', '0:59', '0:59'],
    [385, 'clock', '6:25', '6:25'],
    [3599.4, 'clock', '59:59', '59:59'],
    // 3599.6 rounds to 3600 s: an hour, so hours and minutes.
    [3599.6, 'clock', '1 h', '1 小时'],
    [3725, 'clock', '1 h 2 min', '1 小时 2 分钟'],
    // The Email ASA: 12,655 s = 3 h 30 min 55 s, shown to the minute (210.9 min → 211 → 3 h 31 min).
    [12655, 'seconds', '3 h 31 min', '3 小时 31 分钟'],
    [7200, 'seconds', '2 h', '2 小时'],
    [86400, 'seconds', '24 h', '24 小时'],
    [108000, 'seconds', '30 h', '30 小时'],
    [30, 'seconds', '30 s', '30 秒'],
    [44.5, 'seconds', '45 s', '45 秒'],
  ] as const)('%p s (%s) → %s / %s', (s, style, en, zh) => {
    expect(formatDuration(s, 'en', style)).toBe(en);
    expect(formatDuration(s, 'zh-CN', style)).toBe(zh);
  });

  it.each([
    // [fraction, en] — Chinese uses the same digits
    [0.85, '85.0%'],
    // AHT's amber limit, 1.1 × 100 = 110.00000000000001 in binary: shown as 110.0%.
    [1.1, '110.0%'],
    [0.8625, '86.3%'],
    [0.00049, '0.0%'],
    [1, '100.0%'],
  ])('percent %p → %s', (f, shown) => {
    expect(formatPercent(f, 'en')).toBe(shown);
    expect(formatPercent(f, 'zh-CN')).toBe(shown);
  });

  it.each([
    // [key, value, en, zh]
    ['offered', 4054, '4,054', '4,054'],
    ['handled', 12345.0, '12,345', '12,345'],
    ['escalation_rate', null, 'no data', '无数据'],
    ['escalation_rate', 0.1, '10.0%', '10.0%'],
    ['asa', 30, '30 s', '30 秒'],
    ['asa', 12655, '3 h 31 min', '3 小时 31 分钟'],
    ['aht', 432, '7:12', '7:12'],
    ['csat_avg', 4.125, '4.13', '4.13'],
    ['csat_avg', 1.005, '1.01', '1.01'],
    ['nps', -12.34, '-12.3', '-12.3'],
    ['qa_score', 90, '90.0', '90.0'],
  ] as const)('%s %p → %s / %s', (key, v, en, zh) => {
    expect(formatMetric(key, v, 'en')).toBe(en);
    expect(formatMetric(key, v, 'zh-CN')).toBe(zh);
  });

  it('says "no data" in each language', () => {
    expect(noDataText('en')).toBe('no data');
    expect(noDataText('zh-CN')).toBe('无数据');
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
  });

  it.each([
    // [key, delta, en, zh, direction, tone, arrow]
    // A count has no decimals: "Calls offered +10", never "+10.0"; offered has no better direction.
    ['offered', 10, '+10', '+10', 'up', 'flat', '▲'],
    ['handled', -3, '−3', '−3', 'down', 'flat', '▼'],
    // Lower is better: a rise in escalation is bad, a fall good; in percentage points.
    ['escalation_rate', 0.021, '+2.1 pp', '+2.1 个百分点', 'up', 'bad', '▲'],
    ['escalation_rate', -0.021, '−2.1 pp', '−2.1 个百分点', 'down', 'good', '▼'],
    ['fcr', 0.015, '+1.5 pp', '+1.5 个百分点', 'up', 'good', '▲'],
    // Zero, and changes that round to zero at the shown precision: neutral, not a red ▼.
    ['fcr', 0, '±0.0 pp', '±0.0 个百分点', 'flat', 'flat', '▶'],
    ['fcr', -0.0004, '±0.0 pp', '±0.0 个百分点', 'flat', 'flat', '▶'],
    ['csat_avg', -0.003, '±0.00', '±0.00', 'flat', 'flat', '▶'],
    ['aht', -12, '−0:12', '−0:12', 'down', 'good', '▼'],
    ['asa', 3600 * 2 + 60 * 5, '+2 h 5 min', '+2 小时 5 分钟', 'up', 'bad', '▲'],
    ['asa', -0.4, '±0 s', '±0 秒', 'flat', 'flat', '▶'],
    ['nps', 5.25, '+5.3', '+5.3', 'up', 'good', '▲'],
  ] as const)('delta %s %p → %s / %s (%s, %s)', (key, d, en, zh, dir, tone, arrow) => {
    expect(formatDelta(key, d, 'en')).toBe(en);
    expect(formatDelta(key, d, 'zh-CN')).toBe(zh);
    expect(deltaDirection(key, d)).toBe(dir);
    expect(deltaTone(key, d)).toBe(tone);
    expect(deltaArrow(key, d)).toBe(arrow);
  });

  it('a missing delta has no arrow and no tone', () => {
    expect(deltaArrow('fcr', null)).toBe('');
    expect(deltaTone('fcr', null)).toBe('flat');
    expect(formatDelta('fcr', null, 'zh-CN')).toBe('无数据');
  });
});
