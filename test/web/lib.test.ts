import { agentRow } from './support/fixtures';
import type { KpiColumns } from '../../server/modules/kpi/kpi.types';
import { columnsToAnswer } from '../../web/src/lib/kpi-columns';
import { bestFirstDescending, isLowSampleRow, sortAgentRows } from '../../web/src/features/kpi-dashboard/agent-table-sort';
import { liveScore } from '../../web/src/features/qa/live-score';
import { presetRange } from '../../web/src/lib/date-range';
import { formatDelta, formatDuration, formatMetric } from '../../web/src/lib/format';
import { detectLanguage } from '../../web/src/lib/i18n';
import { readFilters, writeFilters } from '../../web/src/lib/use-filters';
import { valueAxisDomain } from '../../web/src/components/chart-axis';
import { inboxCount } from '../../web/src/features/notifications/inbox-count';

describe('date-range presets (today = Wednesday 2026-11-18)', () => {
  it.each([
    ['this_week', '2026-11-16', '2026-11-22'],
    ['last_week', '2026-11-09', '2026-11-15'],
    ['last_4_weeks', '2026-10-19', '2026-11-15'],
    // Monday 11-16 minus 21 days = 10-26; through Sunday 11-22, so today (11-18) is inside.
    ['recent_4_weeks', '2026-10-26', '2026-11-22'],
    ['this_month', '2026-11-01', '2026-11-30'],
    ['last_month', '2026-10-01', '2026-10-31'],
    ['quarter', '2026-10-01', '2026-12-31'],
  ] as const)('%s is %s..%s', (preset, from, to) => {
    expect(presetRange(preset, '2026-11-18')).toEqual({ from, to });
  });

  it('last month from January is December of the year before', () => {
    expect(presetRange('last_month', '2027-01-05')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('a quarter runs from its first month to the end of its third', () => {
    expect(presetRange('quarter', '2026-02-28')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(presetRange('quarter', '2026-09-30')).toEqual({ from: '2026-07-01', to: '2026-09-30' });
  });
});

describe('formatting', () => {
  it.each([
    [312.5, '5:13'],
    [59.4, '0:59'],
    [600, '10:00'],
    [3725, '1 h 2 min'],
    [null, '–'],
  ])('duration %p shows as %s', (s, shown) => {
    expect(formatDuration(s)).toBe(shown);
  });

  it('shows each unit the way a supervisor reads it', () => {
    expect(formatMetric('aht', 385, 'en')).toBe('6:25');
    expect(formatMetric('fcr', 0.8625, 'en')).toBe('86.3%');
    expect(formatMetric('csat_avg', 4.125, 'en')).toBe('4.13');
    expect(formatMetric('nps', -12.34, 'en')).toBe('-12.3');
    expect(formatMetric('handled', 12345, 'zh-CN')).toBe('12,345');
    expect(formatMetric('fcr', null, 'en')).toBe('no data');
  });

  it('signs deltas; proportions in points, durations as m:ss', () => {
    expect(formatDelta('fcr', 0.021, 'en')).toBe('+2.1 pp');
    expect(formatDelta('aht', -12, 'en')).toBe('−0:12');
    expect(formatDelta('qa_score', 0, 'en')).toBe('±0.0');
    expect(formatDelta('csat_avg', -0.003, 'en')).toBe('±0.00');
    expect(formatDelta('asa', -0.4, 'en')).toBe('±0 s');
    expect(formatDelta('fcr', -0.0004, 'en')).toBe('±0.0 pp');
  });
});

describe('language detection', () => {
  it.each([
    [null, ['zh-TW', 'en'], 'zh-HK'],
    [null, ['zh-HK'], 'zh-HK'],
    [null, ['zh-Hant'], 'zh-HK'],
    [null, ['zh-Hant-TW', 'zh-CN'], 'zh-HK'],
    [null, ['zh-Hans-HK'], 'zh-CN'],
    [null, ['zh-SG'], 'zh-CN'],
    [null, ['zh'], 'zh-CN'],
    ['zh-HK', ['zh-CN'], 'zh-HK'],
    [null, ['en-GB'], 'en'],
    [null, ['fr-FR'], 'en'],
    ['en', ['zh-CN'], 'en'],
    ['zh-CN', ['en-US'], 'zh-CN'],
    ['klingon', ['zh-CN'], 'zh-CN'],
  ] as const)('stored %p with browser %p gives %s', (stored, browser, lang) => {
    expect(detectLanguage(stored, browser)).toBe(lang);
  });
});

describe('filters in the URL', () => {
  const today = '2026-11-18';
  it('defaults to the last 4 weeks by week', () => {
    expect(readFilters(new URLSearchParams(''), today)).toEqual({ preset: 'last_4_weeks', from: '2026-10-19', to: '2026-11-15', granularity: 'week', siteId: undefined, teamId: undefined, agentId: undefined });
  });

  it('reads a shared link back exactly', () => {
    const params = writeFilters(writeFilters(new URLSearchParams(''), { from: '2026-10-01', to: '2026-10-31' }), { granularity: 'day', teamId: 3 });
    expect(params.toString()).toBe('from=2026-10-01&to=2026-10-31&g=day&team=3');
    expect(readFilters(params, today)).toMatchObject({ preset: 'custom', from: '2026-10-01', to: '2026-10-31', granularity: 'day', teamId: 3 });
  });

  it('a preset replaces custom dates, a new site clears team and agent', () => {
    const custom = new URLSearchParams('from=2026-10-01&to=2026-10-31&team=3&agent=9');
    expect(writeFilters(custom, { preset: 'last_month' }).toString()).toBe('team=3&agent=9&range=last_month');
    expect(writeFilters(custom, { siteId: 2 }).toString()).toBe('from=2026-10-01&to=2026-10-31&site=2');
  });

  it('ignores a malformed or reversed range', () => {
    expect(readFilters(new URLSearchParams('from=2026-11-30&to=2026-11-01&g=year'), today)).toMatchObject({ preset: 'last_4_weeks', granularity: 'week' });
  });
});

describe('team table order', () => {
  const rows = [
    agentRow(1, 'Ann', { aht: { value: 300, lowSample: false }, fcr: { value: 0.9, lowSample: false } }),
    agentRow(2, 'Bo', { aht: { value: 250, lowSample: true }, fcr: { value: 0.95, lowSample: true } }),
    agentRow(3, 'Cy', { aht: { value: 420, lowSample: false }, fcr: { value: 0.7, lowSample: false } }),
    agentRow(4, 'Di', { aht: { value: null, lowSample: true } }),
  ];
  const names = (r: typeof rows) => r.map((x) => x.group!.name);

  it('puts low-sample and missing figures last in both directions', () => {
    expect(names(sortAgentRows(rows, 'aht', false))).toEqual(['Ann', 'Cy', 'Bo', 'Di']);
    expect(names(sortAgentRows(rows, 'aht', true))).toEqual(['Cy', 'Ann', 'Bo', 'Di']);
    expect(names(sortAgentRows(rows, 'fcr', true))).toEqual(['Ann', 'Cy', 'Bo', 'Di']);
  });

  it('sorts best first on the first click: lower AHT, higher FCR', () => {
    expect(bestFirstDescending('aht')).toBe(false);
    expect(bestFirstDescending('fcr')).toBe(true);
  });

  it('greys a row only when all of its figures are low-sample', () => {
    expect(rows.map((r) => isLowSampleRow(r, ['aht', 'fcr']))).toEqual([false, true, false, true]);
  });
});

describe('live QA score (same rules as the server)', () => {
  const version = {
    id: 1,
    version: 1,
    sections: [
      {
        id: 10,
        title: 'Opening',
        items: [
          { id: 1, text: 'Greeting', kind: 'yes_no' as const, max: null, weight: 10, critical: false, naAllowed: false },
          { id: 2, text: 'Verified identity', kind: 'yes_no' as const, max: null, weight: 20, critical: true, naAllowed: false },
        ],
      },
      { id: 11, title: 'Handling', items: [{ id: 3, text: 'Listening', kind: 'scale' as const, max: 4, weight: 20, critical: false, naAllowed: true }] },
    ],
  };

  it('scores what is answered so far', () => {
    expect(liveScore(version, {})).toEqual({ score: null, autoFail: false, answered: 0, total: 3 });
    // greeting yes: 10 of 10 -> 100
    expect(liveScore(version, { 1: true })).toMatchObject({ score: 100, answered: 1 });
    // + listening 3 of 4 on 20 points: (10 + 15) / 30 = 83.33
    expect(liveScore(version, { 1: true, 3: 3 }).score).toBeCloseTo(83.333, 3);
    // + identity yes: (10 + 20 + 15) / 50 = 90
    expect(liveScore(version, { 1: true, 2: true, 3: 3 })).toMatchObject({ score: 90, autoFail: false, answered: 3 });
    // N/A leaves listening out: (10 + 20) / 30 = 100
    expect(liveScore(version, { 1: true, 2: true, 3: 'na' }).score).toBe(100);
  });

  it('a failed critical item is an auto-fail scoring 0', () => {
    expect(liveScore(version, { 1: true, 2: false, 3: 4 })).toMatchObject({ score: 0, autoFail: true });
  });
});

describe('valueAxisDomain (axes that do not exaggerate)', () => {
  it.each([
    // AHT 6:14..6:22 (374..382 s): from 0, top 382 x 1.1 = 420.2 -> next 30 s = 450, so 8 s is a 2 % wiggle, not the whole height.
    ['aht', [374, 382], null, [0, 450]],
    // the target line stays in view: 420 x 1.1 = 462 -> 480
    ['aht', [374, 382], 420, [0, 480]],
    // rates from 0; 0.93 x 1.1 = 1.023, capped at 100 %
    ['fcr', [0.88, 0.93], 0.85, [0, 1]],
    // a small rate keeps its scale: 0.06 x 1.1 = 0.066 -> 0.1 (steps of 5 pp)
    ['abandon_rate', [0.04, 0.06], 0.05, [0, 0.1]],
    ['csat_avg', [4.1, 4.3], 4, [1, 5]],
    ['qa_score', [82, 90], 85, [0, 100]],
    // NPS with 0 in view: min -12 x 1.1 = -13.2 -> -20; max 35 x 1.1 = 38.5 -> 40
    ['nps', [-12, 35], 30, [-20, 40]],
    ['aht', [], null, [0, 1]],
  ] as const)('%s over %j (target %s) is %j', (metric, values, target, domain) => {
    expect(valueAxisDomain(metric, [...values], target)).toEqual(domain);
  });
});

describe('inboxCount (one badge for the agent inbox)', () => {
  const n = (kind: string, read: boolean, evaluationId?: number) => ({ kind, read, params: evaluationId ? { evaluationId } : {} });
  it('adds unread notifications and evaluations awaiting acknowledgement, an evaluation once', () => {
    // 2 awaiting (7, 8); unread: the "new evaluation" of 7 (already counted), a resolved dispute, a coaching note; read ones do not count.
    expect(inboxCount([n('evaluation.new', false, 7), n('dispute.resolved', false, 3), n('coaching.note', false), n('evaluation.new', true, 8), n('dispute.resolved', true, 2)], [7, 8])).toBe(4);
  });
  it('counts a new-evaluation notice whose evaluation no longer awaits (acknowledged since)', () => {
    expect(inboxCount([n('evaluation.new', false, 7)], [])).toBe(1);
    expect(inboxCount([], [])).toBe(0);
  });
});

describe('columnar KPI answers as rows (columnsToAnswer)', () => {
  const columns: KpiColumns = {
    shape: 'columns', from: '2026-10-01', to: '2026-10-31', timezone: 'Asia/Shanghai', granularity: 'week', groupBy: 'agent', length: 3,
    period: ['2026-W40', '2026-W40', '2026-W41'], periodStart: ['2026-09-28', '2026-09-28', '2026-10-05'],
    group: { type: 'agent', id: [7, 9, 7], name: ['王伟', 'Ann', '王伟'], code: ['A7', null, 'A7'] },
    metrics: {
      fcr: { value: [0.5, null, 1], num: [1, 0, 2], den: [2, 0, 2], n: [2, 0, 2], lowSample: [true, true, true], target: [0.8, 0.8, 0.8], status: [null, null, null], ciLow: [0.1, null, 0.3], ciHigh: [0.9, null, 1], provisional: [1, 0, 0] },
      aht: { value: [100, null, 50], num: [200, 0, 100], den: [2, 0, 2], n: [2, 0, 2], lowSample: [false, true, false], target: [null, null, null], status: ['green', null, 'green'], flags: [null, null, ['unusually_short']] },
    },
  };

  it('gives each row its period, group and figures, with ci as a pair or null, provisional and flags where present', () => {
    const answer = columnsToAnswer(columns);
    expect(answer).toMatchObject({ from: '2026-10-01', granularity: 'week', groupBy: 'agent' });
    expect(answer.rows).toEqual([
      {
        period: '2026-W40', periodStart: '2026-09-28', group: { type: 'agent', id: 7, name: '王伟', code: 'A7' },
        metrics: {
          fcr: { value: 0.5, num: 1, den: 2, n: 2, lowSample: true, target: 0.8, status: null, ci: [0.1, 0.9], provisional: 1 },
          aht: { value: 100, num: 200, den: 2, n: 2, lowSample: false, target: null, status: 'green' },
        },
      },
      {
        period: '2026-W40', periodStart: '2026-09-28', group: { type: 'agent', id: 9, name: 'Ann' },
        metrics: {
          fcr: { value: null, num: 0, den: 0, n: 0, lowSample: true, target: 0.8, status: null, ci: null, provisional: 0 },
          aht: { value: null, num: 0, den: 0, n: 0, lowSample: true, target: null, status: null },
        },
      },
      {
        period: '2026-W41', periodStart: '2026-10-05', group: { type: 'agent', id: 7, name: '王伟', code: 'A7' },
        metrics: {
          fcr: { value: 1, num: 2, den: 2, n: 2, lowSample: true, target: 0.8, status: null, ci: [0.3, 1], provisional: 0 },
          aht: { value: 50, num: 100, den: 2, n: 2, lowSample: false, target: null, status: 'green', flags: ['unusually_short'] },
        },
      },
    ]);
    // One group object per agent, shared by their rows in every period (as the server's object form).
    expect(answer.rows[0].group).toBe(answer.rows[2].group);
    expect('flags' in answer.rows[0].metrics.aht!).toBe(false);
  });

  it('leaves rows without a group for groupBy=org, and an empty answer empty', () => {
    const org: KpiColumns = { ...columns, groupBy: 'org', group: undefined, length: 1, period: ['2026-W40'], periodStart: ['2026-09-28'], metrics: { offered: { value: [3], num: [3], den: [3], n: [3], lowSample: [false], target: [null], status: [null] } } };
    expect(columnsToAnswer(org).rows).toEqual([{ period: '2026-W40', periodStart: '2026-09-28', metrics: { offered: { value: 3, num: 3, den: 3, n: 3, lowSample: false, target: null, status: null } } }]);
    expect(columnsToAnswer({ ...org, length: 0, period: [], periodStart: [], metrics: {} }).rows).toEqual([]);
  });
});
