import { chooseCallGrain, planCallGrains } from '../../../server/modules/kpi/domain/rollup-grain';

describe('which call rollup answers a request', () => {
  it.each([
    // whole months by month or total: agent × month, with or without agents
    ['2026-01-01', '2026-12-31', 'month', true, 'kpi_call_agent_monthly'],
    ['2026-10-01', '2026-10-31', 'total', false, 'kpi_call_agent_monthly'],
    ['2024-02-01', '2024-02-29', 'total', true, 'kpi_call_agent_monthly'],
    // not whole months, or finer buckets: team × day without agents, the daily rollup with them
    ['2026-10-01', '2026-10-30', 'total', false, 'kpi_call_team_daily'],
    ['2026-10-01', '2026-12-31', 'week', false, 'kpi_call_team_daily'],
    ['2026-10-02', '2026-10-31', 'month', true, 'kpi_call_daily'],
    ['2026-10-01', '2026-12-31', 'day', true, 'kpi_call_daily'],
  ] as const)('%s..%s by %s (agent %p) → %s', (from, to, granularity, needsAgent, grain) => {
    expect(chooseCallGrain({ from, to, granularity, needsAgent })).toBe(grain);
  });
});

describe('which rollups answer which dates', () => {
  const D = 'kpi_call_daily';
  const T = 'kpi_call_team_daily';
  const M = 'kpi_call_agent_monthly';
  it.each([
    // a year from the 17th: Nov 17-30 and Nov 1-15 daily, Dec..Oct from agent × month (keyed by month start)
    ['2025-11-17', '2026-11-15', 'month', true, [[D, '2025-11-17', '2025-11-30'], [M, '2025-12-01', '2026-10-01'], [D, '2026-11-01', '2026-11-15']]],
    // a partial end only, without agents: the edge from team × day
    ['2026-10-01', '2026-11-05', 'total', false, [[M, '2026-10-01', '2026-10-01'], [T, '2026-11-01', '2026-11-05']]],
    // a partial start only, leap February whole
    ['2024-01-31', '2024-02-29', 'month', true, [[D, '2024-01-31', '2024-01-31'], [M, '2024-02-01', '2024-02-01']]],
    // whole months: the monthly grain alone
    ['2026-01-01', '2026-03-31', 'month', true, [[M, '2026-01-01', '2026-03-31']]],
    // no whole month inside, or weekly buckets: one daily grain for everything
    ['2026-10-02', '2026-11-29', 'month', true, [[D, '2026-10-02', '2026-11-29']]],
    ['2026-10-05', '2026-10-30', 'total', false, [[T, '2026-10-05', '2026-10-30']]],
    ['2026-09-28', '2026-11-29', 'week', true, [[D, '2026-09-28', '2026-11-29']]],
  ] as const)('%s..%s by %s (agent %p)', (from, to, granularity, needsAgent, parts) => {
    expect(planCallGrains({ from, to, granularity, needsAgent }).map((g) => [g.table, g.from, g.to])).toEqual(parts);
  });
});
