import { hasChannelTargets, serviceLevelSecondsByChannel, targetFor } from '../../../server/modules/kpi/domain/kpi-targets';

describe('targetFor (docs/kpi.md "Targets and status": team overrides the target, the metric keeps its tolerance)', () => {
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

describe('targetFor by channel (docs/kpi.md "Targets and status": team → channel → org)', () => {
  const none = { org: {}, teams: {} };
  const targets = {
    org: { asa: { target: 20, tolerance: 4 }, fcr: { target: 0.8 } },
    teams: { '7': { asa: { target: 3600 } } },
    channels: { chat: { asa: { target: 45 } }, email: { fcr: { target: 0.7, tolerance: 0.05 } } },
  };
  it.each([
    // settings, key, team, channel, expected — worked out by hand from the rule and the defaults
    ['defaults', none, 'asa', null, 'phone', { target: 30, tolerance: 5 }], // phone: the org default
    ['defaults', none, 'asa', null, 'video', { target: 30, tolerance: 5 }],
    ['defaults', none, 'asa', null, 'chat', { target: 60, tolerance: 5 }], // chat default 60 s
    ['defaults', none, 'asa', null, 'wechat', { target: 60, tolerance: 5 }],
    ['defaults', none, 'asa', null, 'email', { target: 86400, tolerance: 5 }], // email 24 h
    ['defaults', none, 'asa', null, null, { target: 30, tolerance: 5 }], // mixed channels: org
    ['defaults', none, 'fcr', null, 'email', { target: 0.85, tolerance: 0.02 }], // no channel default for fcr
    ['set', targets, 'asa', null, 'email', { target: 86400, tolerance: 4 }], // channel default beats the org setting; org tolerance
    ['set', targets, 'asa', null, 'chat', { target: 45, tolerance: 4 }], // channel setting beats the channel default
    ['set', targets, 'asa', null, 'phone', { target: 20, tolerance: 4 }], // org setting
    ['set', targets, 'asa', 7, 'email', { target: 3600, tolerance: 4 }], // team beats channel
    ['set', targets, 'asa', 7, null, { target: 3600, tolerance: 4 }],
    ['set', targets, 'fcr', null, 'email', { target: 0.7, tolerance: 0.05 }], // a channel setting for another metric
    ['set', targets, 'fcr', 7, 'email', { target: 0.7, tolerance: 0.05 }], // team 7 has no fcr override
    ['set', targets, 'aht', 7, 'email', null], // relative to the team
  ] as const)('%s: %s for team %s on %s', (_, settings, key, team, channel, expected) => {
    expect(targetFor({ targets: settings as never }, key, team, channel)).toEqual(expected);
  });

  it('service-level thresholds: setting, else channel default, else the org seconds', () => {
    expect(serviceLevelSecondsByChannel({ serviceLevelSeconds: 20, serviceLevelByChannel: { chat: 30 } })).toEqual({ phone: 20, chat: 30, email: 86400, wechat: 60, video: 20 });
    expect(hasChannelTargets({ targets: { org: {}, teams: {} } }, 'asa')).toBe(true);
    expect(hasChannelTargets({ targets: { org: {}, teams: {} } }, 'fcr')).toBe(false);
    expect(hasChannelTargets({ targets: { org: {}, teams: {}, channels: { email: { fcr: { target: 0.7 } } } } }, 'fcr')).toBe(true);
  });
});
