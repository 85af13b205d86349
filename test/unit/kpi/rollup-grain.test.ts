import { chooseCallGrain } from '../../../server/modules/kpi/domain/rollup-grain';

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
