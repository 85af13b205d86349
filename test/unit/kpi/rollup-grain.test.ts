import { planCallGrains, planEvalGrains } from '../../../server/modules/kpi/domain/rollup-grain';

// Week days by hand: 2025-11-17, 2026-06-29, 2026-10-05 and 2026-11-02 are Mondays; 2026-10-01 is a Thursday.
const D = 'kpi_call_daily';
const T = 'kpi_call_team_daily';
const AW = 'kpi_call_agent_weekly_all';
const TW = 'kpi_call_team_weekly_all';
const M = 'kpi_call_agent_monthly';
const AM = 'kpi_call_agent_monthly_all';

describe('which call rollups answer which dates', () => {
  it.each([
    // a year from Monday 17 Nov by month: Nov 17-30 = two whole weeks, Dec..Oct monthly, Nov 1 (a Sunday) daily, Nov 2-15 two weeks
    ['2025-11-17', '2026-11-15', 'month', true, false, [[AW, '2025-11-17', '2025-11-24'], [AM, '2025-12-01', '2026-10-01'], [D, '2026-11-01', '2026-11-01'], [AW, '2026-11-02', '2026-11-09']]],
    // the same with a queue/channel filter: only the split grains (no weekly one), the edge months daily
    ['2025-11-17', '2026-11-15', 'month', true, true, [[D, '2025-11-17', '2025-11-30'], [M, '2025-12-01', '2026-10-01'], [D, '2026-11-01', '2026-11-15']]],
    // a quarter of whole weeks by week, no agent: team × week alone (keyed by the Mondays)
    ['2026-06-29', '2026-09-27', 'week', false, false, [[TW, '2026-06-29', '2026-09-21']]],
    // partial weeks at both ends by week: Thu-Sun and Mon-Sat daily, the three whole weeks weekly
    ['2026-10-01', '2026-10-31', 'week', true, false, [[D, '2026-10-01', '2026-10-04'], [AW, '2026-10-05', '2026-10-19'], [D, '2026-10-26', '2026-10-31']]],
    ['2026-10-01', '2026-10-31', 'week', false, false, [[T, '2026-10-01', '2026-10-04'], [TW, '2026-10-05', '2026-10-19'], [T, '2026-10-26', '2026-10-31']]],
    // by week with a queue filter, or by day: one daily grain
    ['2026-10-01', '2026-10-31', 'week', true, true, [[D, '2026-10-01', '2026-10-31']]],
    ['2026-10-01', '2026-10-31', 'day', false, false, [[T, '2026-10-01', '2026-10-31']]],
    // a whole month in total, with or without the split
    ['2026-10-01', '2026-10-31', 'total', false, false, [[AM, '2026-10-01', '2026-10-01']]],
    ['2026-10-01', '2026-10-31', 'total', false, true, [[M, '2026-10-01', '2026-10-01']]],
    // a partial month in total: its whole weeks weekly, the rest daily
    ['2026-10-05', '2026-10-30', 'total', false, false, [[TW, '2026-10-05', '2026-10-19'], [T, '2026-10-26', '2026-10-30']]],
    // a partial start only (a Wednesday), leap February whole
    ['2024-01-31', '2024-02-29', 'month', true, false, [[D, '2024-01-31', '2024-01-31'], [AM, '2024-02-01', '2024-02-01']]],
    // by month across two months: Oct 29-31 and Nov 1 daily (each month on its own), the week of Nov 2 weekly
    ['2026-10-29', '2026-11-08', 'month', true, false, [[D, '2026-10-29', '2026-10-31'], [D, '2026-11-01', '2026-11-01'], [AW, '2026-11-02', '2026-11-02']]],
    // by month with no whole month: each month on its own, so the week of Oct 26 (Oct 26 - Nov 1) is read daily
    ['2026-10-14', '2026-11-08', 'month', true, false, [[D, '2026-10-14', '2026-10-18'], [AW, '2026-10-19', '2026-10-19'], [D, '2026-10-26', '2026-10-31'], [D, '2026-11-01', '2026-11-01'], [AW, '2026-11-02', '2026-11-02']]],
    // in total the same dates may use that week
    ['2026-10-14', '2026-11-08', 'total', true, false, [[D, '2026-10-14', '2026-10-18'], [AW, '2026-10-19', '2026-11-02']]],
  ] as const)('%s..%s by %s (agent %p, queue %p)', (from, to, granularity, needsAgent, needsQueue, parts) => {
    expect(planCallGrains({ from, to, granularity, needsAgent, needsQueue }).map((g) => [g.table, g.from, g.to])).toEqual(parts);
  });
});

describe('which evaluation rollups answer which dates', () => {
  it.each([
    ['2025-11-17', '2026-11-15', 'month', [['kpi_eval_weekly', '2025-11-17', '2025-11-24'], ['kpi_eval_monthly', '2025-12-01', '2026-10-01'], ['kpi_eval_daily', '2026-11-01', '2026-11-01'], ['kpi_eval_weekly', '2026-11-02', '2026-11-09']]],
    ['2026-10-01', '2026-10-31', 'week', [['kpi_eval_daily', '2026-10-01', '2026-10-04'], ['kpi_eval_weekly', '2026-10-05', '2026-10-19'], ['kpi_eval_daily', '2026-10-26', '2026-10-31']]],
    ['2026-10-01', '2026-10-31', 'day', [['kpi_eval_daily', '2026-10-01', '2026-10-31']]],
  ] as const)('%s..%s by %s', (from, to, granularity, parts) => {
    expect(planEvalGrains({ from, to, granularity, needsAgent: true }).map((g) => [g.table, g.from, g.to])).toEqual(parts);
  });
});
