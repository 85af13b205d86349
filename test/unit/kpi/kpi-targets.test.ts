import { targetFor } from '../../../server/modules/kpi/domain/kpi-targets';

describe('targetFor (kpi-spec 5: team overrides the target, the metric keeps its tolerance)', () => {
  const targets = {
    org: { asa: { target: 30, tolerance: 10 }, csat_avg: { target: 4.5 } },
    teams: { '7': { asa: { target: 20 }, csat_avg: { target: 4.6, tolerance: 0.3 }, nps: { target: 40 } } },
  };
  it.each([
    // key, team, expected — worked out from the settings above and the spec's defaults
    ['asa', 7, { target: 20, tolerance: 10 }], // team target, org tolerance
    ['asa', 8, { target: 30, tolerance: 10 }], // no override for team 8
    ['asa', null, { target: 30, tolerance: 10 }],
    ['csat_avg', 7, { target: 4.6, tolerance: 0.3 }], // both overridden
    ['csat_avg', null, { target: 4.5, tolerance: 0.1 }], // org target, default tolerance 0.1
    ['nps', 7, { target: 40, tolerance: 5 }], // team target, default tolerance 5 points
    ['service_level', 7, { target: 0.8, tolerance: 0.02 }], // defaults: 80 %, 2 points
    ['qa_score', null, { target: 90, tolerance: 3 }],
    ['aht', 7, null], // relative to the team, no absolute target
    ['transfer_rate', null, null],
  ] as const)('%s for team %s', (key, team, expected) => {
    expect(targetFor({ targets }, key, team)).toEqual(expected);
  });
});
