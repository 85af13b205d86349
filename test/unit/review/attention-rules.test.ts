import type { MetricKey, MetricValue } from '../../../server/modules/kpi/kpi.types';
import {
  AgentReviewData,
  ahtAboveTeamRule,
  autoFailRule,
  belowTargetRule,
  csatDropRule,
  DEFAULT_REVIEW_RULES,
  EvaluationFact,
  Figures,
  improvementScore,
  meetsAllTargetsRule,
  missesTarget,
  openDisputeRule,
  qaBelowTargetRule,
  resolveReviewRules,
  ReviewInput,
  reviewAgents,
  worseningRules,
} from '../../../server/modules/review/domain/attention-rules';
import { weekRange, weeksEndingWith } from '../../../server/modules/review/domain/review-weeks';

const MIN = { calls: 20, surveys: 10, nps: 30, qa: 4 };

/** A weekly figure; value = num/den unless given. */
function fig(num: number, den: number, extra: Partial<MetricValue> = {}): MetricValue {
  return { value: den ? num / den : null, num, den, n: den, lowSample: false, target: null, status: null, ...extra };
}

const emptyCalls = { longest: [], lowestCsat: [], detractors: [], unresolved: [], escalated: [], transferred: [] };

function agent(id: number, byWeek: Record<string, Figures> = {}, more: Partial<AgentReviewData> = {}): AgentReviewData {
  return { agent: { id, code: `A${id}`, name: `Agent ${id}` }, byWeek, aht: {}, evaluations: [], openDisputes: [], calls: emptyCalls, ...more };
}

const WEEKS = ['2026-W50', '2026-W51', '2026-W52', '2026-W53', '2027-W01'];
const THIS = '2027-W01';

function input(agents: AgentReviewData[], weeks = WEEKS, rules = DEFAULT_REVIEW_RULES): ReviewInput {
  return { weeks, agents, rules, minSample: MIN };
}

describe('week helpers', () => {
  it('walk back across the 2026/2027 boundary through week 53', () => {
    expect(weeksEndingWith('2027-W01', 4)).toEqual(['2026-W51', '2026-W52', '2026-W53', '2027-W01']);
    expect(weekRange('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(weekRange('2027-W53')).toBeNull();
  });
});

describe('missesTarget: below target only with enough sample, Wilson-decided for proportions', () => {
  it.each<[string, MetricKey, MetricValue, boolean]>([
    // 80% vs 85%, but the interval reaches 88%: the miss could be noise.
    ['fcr interval straddles target', 'fcr', fig(40, 50, { target: 0.85, ci: [0.67, 0.88] }), false],
    ['fcr whole interval below', 'fcr', fig(160, 200, { target: 0.85, ci: [0.74, 0.84] }), true],
    ['fcr low sample', 'fcr', fig(5, 10, { target: 0.85, ci: [0.24, 0.76], lowSample: true }), false],
    ['fcr above target', 'fcr', fig(45, 50, { target: 0.85, ci: [0.79, 0.96] }), false],
    // lower-is-better: the miss is real when the lower bound is above the target.
    ['escalation lower bound above target', 'escalation_rate', fig(40, 200, { target: 0.1, ci: [0.15, 0.26] }), true],
    ['escalation interval straddles', 'escalation_rate', fig(6, 40, { target: 0.1, ci: [0.07, 0.29] }), false],
    ['csat_avg 4.70 vs 4.8 (not a proportion)', 'csat_avg', fig(47, 10, { target: 4.8 }), true],
    ['csat_avg 4.80 meets 4.8', 'csat_avg', fig(48, 10, { target: 4.8 }), false],
    ['aht rated amber vs team', 'aht', fig(7200, 20, { status: 'amber' }), true],
    ['aht rated green', 'aht', fig(6000, 20, { status: 'green' }), false],
    ['no target', 'transfer_rate', fig(10, 20, { ci: [0.3, 0.7] }), false],
  ])('%s', (_name, key, f, expected) => {
    expect(missesTarget(key, f)).toBe(expected);
  });
});

describe('below target on 2 or more metrics', () => {
  const fcrMiss = fig(160, 200, { target: 0.85, ci: [0.74, 0.84] });
  const csatMiss = fig(94, 20, { target: 4.8 }); // 4.7
  const qaLowSampleMiss = fig(160, 2, { target: 90, lowSample: true }); // 80 on 2 evaluations

  it('fires on two real misses, weight 3', () => {
    const d = agent(1, { [THIS]: { fcr: fcrMiss, csat_avg: csatMiss } }, { calls: { ...emptyCalls, unresolved: [11, 12], lowestCsat: [21] } });
    const r = belowTargetRule(d, input([d]));
    expect(r).toMatchObject({ rule: 'below_target', metric: 'fcr', weight: 3 });
    expect(r?.evidence.callIds).toEqual([11, 12, 21]);
    expect(Object.keys(r?.evidence.metrics ?? {})).toEqual(['fcr', 'csat_avg']);
  });

  it('ignores a low-sample miss: one real miss is not enough', () => {
    const d = agent(1, { [THIS]: { fcr: fcrMiss, qa_score: qaLowSampleMiss } });
    expect(belowTargetRule(d, input([d]))).toBeNull();
  });

  it('adds a severity point per metric beyond the minimum', () => {
    const esc = fig(40, 200, { target: 0.1, ci: [0.15, 0.26] });
    const d = agent(1, { [THIS]: { fcr: fcrMiss, csat_avg: csatMiss, escalation_rate: esc } });
    expect(belowTargetRule(d, input([d]))?.weight).toBe(4);
  });
});

describe('AHT consistently above team, across the year boundary', () => {
  const cmp = (agentAht: number, teamAht: number, lowSample = false) => ({
    agent: fig(agentAht * 30, 30, { lowSample }),
    team: fig(teamAht * 300, 300),
    teamId: 7,
    teamName: 'Cantonese',
  });

  it('fires in the 3rd week in a row (2026-W52, 2026-W53, 2027-W01)', () => {
    const d = agent(1, {}, { aht: { '2026-W51': cmp(300, 340), '2026-W52': cmp(400, 340), '2026-W53': cmp(410, 345), '2027-W01': cmp(432, 340) } });
    const r = ahtAboveTeamRule(d, input([d]));
    expect(r?.evidence.metrics).toMatchObject({ aht: 432, teamAht: 340, weeks: 3 });
  });

  it('counts a 4th week when the streak is longer', () => {
    const d = agent(1, {}, { aht: { '2026-W51': cmp(350, 340), '2026-W52': cmp(400, 340), '2026-W53': cmp(410, 345), '2027-W01': cmp(432, 340) } });
    expect(ahtAboveTeamRule(d, input([d]))?.evidence.metrics.weeks).toBe(4);
  });

  it('does not fire when week 53 was below the team', () => {
    const d = agent(1, {}, { aht: { '2026-W52': cmp(400, 340), '2026-W53': cmp(330, 345), '2027-W01': cmp(432, 340) } });
    expect(ahtAboveTeamRule(d, input([d]))).toBeNull();
  });

  it('a low-sample week breaks the streak', () => {
    const d = agent(1, {}, { aht: { '2026-W52': cmp(400, 340), '2026-W53': cmp(410, 345, true), '2027-W01': cmp(432, 340) } });
    expect(ahtAboveTeamRule(d, input([d]))).toBeNull();
  });

  it('a missing week (no calls) breaks the streak', () => {
    const d = agent(1, {}, { aht: { '2026-W51': cmp(400, 340), '2026-W52': cmp(400, 340), '2027-W01': cmp(432, 340) } });
    expect(ahtAboveTeamRule(d, input([d]))).toBeNull();
  });

  it('honours a minimum margin from settings: 432 vs 400 is 8% above, under a 10% margin', () => {
    const d = agent(1, {}, { aht: { '2026-W52': cmp(460, 400), '2026-W53': cmp(460, 400), '2027-W01': cmp(432, 400) } });
    expect(ahtAboveTeamRule(d, input([d]))).not.toBeNull();
    expect(ahtAboveTeamRule(d, input([d], WEEKS, resolveReviewRules({ ahtAboveTeamMinPct: 10 })))).toBeNull();
  });
});

describe('a metric worsening 3 weeks in a row', () => {
  const fcrWeeks = (values: [number, number][], lowAt = -1): Record<string, Figures> =>
    Object.fromEntries(WEEKS.slice(1).map((w, i) => [w, { fcr: fig(values[i][0], values[i][1], { lowSample: i === lowAt }) }]));

  it('fires on 90% → 88% → 85% → 82% across the year boundary', () => {
    const d = agent(1, fcrWeeks([[90, 100], [88, 100], [85, 100], [82, 100]]));
    const [r] = worseningRules(d, input([d]));
    expect(r).toMatchObject({ rule: 'worsening', metric: 'fcr' });
    expect((r.evidence.metrics.series as { week: string }[]).map((s) => s.week)).toEqual(['2026-W51', '2026-W52', '2026-W53', '2027-W01']);
  });

  it('not when one week improved', () => {
    const d = agent(1, fcrWeeks([[90, 100], [88, 100], [89, 100], [82, 100]]));
    expect(worseningRules(d, input([d]))).toEqual([]);
  });

  it('not when the total slide is under one tolerance (90.0% → 89.9% → 89.8% → 89.7%)', () => {
    const d = agent(1, fcrWeeks([[900, 1000], [899, 1000], [898, 1000], [897, 1000]]));
    expect(worseningRules(d, input([d]))).toEqual([]);
  });

  it('not when a week in the run has too small a sample', () => {
    const d = agent(1, fcrWeeks([[90, 100], [88, 100], [85, 100], [82, 100]], 2));
    expect(worseningRules(d, input([d]))).toEqual([]);
  });

  it('AHT worsens upward: 300 → 320 → 340 → 360 s (60 s ≥ 10% of 300)', () => {
    const series = [300, 320, 340, 360];
    const d = agent(1, Object.fromEntries(WEEKS.slice(1).map((w, i) => [w, { aht: fig(series[i] * 50, 50) }])), { calls: { ...emptyCalls, longest: [5, 6] } });
    const [r] = worseningRules(d, input([d]));
    expect(r).toMatchObject({ metric: 'aht', evidence: { callIds: [5, 6] } });
  });
});

const ev = (id: number, week: string, score: number | null, more: Partial<EvaluationFact> = {}): EvaluationFact => ({
  id,
  week,
  score,
  autoFail: false,
  status: 'submitted',
  callId: null,
  ...more,
});

describe('QA auto-fail this week and open disputes', () => {
  it('an auto-fail this week fires with its evaluation and call', () => {
    const d = agent(1, {}, { evaluations: [ev(9, THIS, 0, { autoFail: true, callId: 77 }), ev(8, THIS, 95), ev(3, '2026-W53', 0, { autoFail: true })] });
    const r = autoFailRule(d, input([d]));
    expect(r).toMatchObject({ rule: 'auto_fail', weight: 5, evidence: { callIds: [77], evaluationIds: [9], metrics: { autoFails: 1, evaluations: 2 } } });
  });

  it('an auto-fail of last week does not', () => {
    const d = agent(1, {}, { evaluations: [ev(3, '2026-W53', 0, { autoFail: true })] });
    expect(autoFailRule(d, input([d]))).toBeNull();
  });

  it('an open dispute fires, naming the evaluation', () => {
    const d = agent(1, {}, { openDisputes: [ev(4, '2026-W50', 70, { status: 'disputed', disputedAt: '2026-12-15T02:00:00.000Z' })] });
    expect(openDisputeRule(d, input([d]))).toMatchObject({ rule: 'open_dispute', weight: 1, evidence: { evaluationIds: [4], metrics: { openDisputes: 1 } } });
  });
});

describe('CSAT top-2-box drop vs the 4-week figure', () => {
  const csat = (pairs: [number, number][]) => Object.fromEntries(WEEKS.slice(1).map((w, i) => [w, { csat_pct: fig(pairs[i][0], pairs[i][1]) }]));

  it('fires: 50% this week (6/12) vs 59/72 = 81.9% over 4 weeks, 31.9 points down', () => {
    const d = agent(1, csat([[18, 20], [18, 20], [17, 20], [6, 12]]));
    const r = csatDropRule(d, input([d]));
    expect(r?.evidence.metrics.avg4w).toBeCloseTo(59 / 72, 12);
    expect(r?.evidence.metrics.dropPoints).toBeCloseTo(31.944, 3);
  });

  it('not with n = 9 this week', () => {
    const d = agent(1, csat([[18, 20], [18, 20], [17, 20], [4, 9]]));
    expect(csatDropRule(d, input([d]))).toBeNull();
  });

  it('not for a 7.5-point drop: 80% (16/20) vs 70/80 = 87.5%', () => {
    const d = agent(1, csat([[18, 20], [18, 20], [18, 20], [16, 20]]));
    expect(csatDropRule(d, input([d]))).toBeNull();
  });
});

describe('QA score below target over a rolling 4 weeks', () => {
  const qa = (week: string, sum: number, count: number) => ({ [week]: { qa_score: fig(sum, count, { target: 90, lowSample: count < 4 }) } });

  it('fires on 340 / 4 = 85 though no single week had enough evaluations', () => {
    const d = agent(1, { ...qa('2026-W51', 170, 2), ...qa('2026-W53', 80, 1), ...qa(THIS, 90, 1) }, {
      evaluations: [ev(1, '2026-W51', 95), ev(2, '2026-W51', 75), ev(3, '2026-W53', 80), ev(4, THIS, 90), ev(5, '2026-W50', 10)],
    });
    const r = qaBelowTargetRule(d, input([d]));
    expect(r?.evidence.metrics).toMatchObject({ qa_score: 85, den: 4, target: 90 });
    // the lowest-scored evaluations of the 4 weeks; W50 is outside them
    expect(r?.evidence.evaluationIds).toEqual([2, 3, 4, 1]);
  });

  it('not with 3 evaluations (under minSample.qa = 4)', () => {
    const d = agent(1, { ...qa('2026-W53', 160, 2), ...qa(THIS, 80, 1) });
    expect(qaBelowTargetRule(d, input([d]))).toBeNull();
  });

  it('not when the week-50 evaluations (outside the 4 weeks) are the bad ones', () => {
    const d = agent(1, { ...qa('2026-W50', 100, 2), ...qa('2026-W52', 190, 2), ...qa(THIS, 185, 2) });
    expect(qaBelowTargetRule(d, input([d]))).toBeNull();
  });
});

describe('recognition', () => {
  const good: Figures = {
    fcr: fig(180, 200, { target: 0.85, ci: [0.85, 0.93] }),
    csat_avg: fig(49, 10, { target: 4.8 }),
    aht: fig(9000, 30, { status: 'green' }),
    nps: fig(200, 5, { target: 30, lowSample: true }), // 40 on 5 responses: not judged
  };

  it('meets every target with enough sample (3 judged metrics)', () => {
    const d = agent(1, { [THIS]: good });
    expect(Object.keys(meetsAllTargetsRule(d, input([d]))?.evidence.metrics ?? {})).toEqual(['aht', 'fcr', 'csat_avg']);
  });

  it('needs 3 judged metrics', () => {
    const d = agent(1, { [THIS]: { fcr: good.fcr, csat_avg: good.csat_avg } });
    expect(meetsAllTargetsRule(d, input([d]))).toBeNull();
  });

  it('one miss (even amber) spoils it', () => {
    const d = agent(1, { [THIS]: { ...good, csat_avg: fig(47.5, 10, { target: 4.8 }) } });
    expect(meetsAllTargetsRule(d, input([d]))).toBeNull();
  });

  it('most improved: FCR 300/400 = 75% → 90%, 7.5 tolerances capped at 3; CSAT 4.5 → 4.8, 3 tolerances', () => {
    const before = { fcr: fig(75, 100), csat_avg: fig(45, 10) };
    const d = agent(1, { '2026-W50': before, '2026-W51': before, '2026-W52': before, '2026-W53': before, [THIS]: { fcr: fig(90, 100), csat_avg: fig(48, 10) } });
    const s = improvementScore(d, input([d]));
    expect(s.score).toBeCloseTo(6, 9);
    expect(s.metrics.fcr).toEqual({ before: 0.75, now: 0.9 });
  });
});

describe('reviewAgents: who appears, ranked by severity', () => {
  it('ranks auto-fail + below target above a lone open dispute, and leaves calm agents out', () => {
    const fcrMiss = fig(160, 200, { target: 0.85, ci: [0.74, 0.84] });
    const csatMiss = fig(94, 20, { target: 4.8 });
    const a = agent(1, {}, { openDisputes: [ev(4, '2026-W52', 70, { status: 'disputed' })] });
    const b = agent(2, { [THIS]: { fcr: fcrMiss, csat_avg: csatMiss } }, { evaluations: [ev(9, THIS, 0, { autoFail: true })] });
    const calm = agent(3, { [THIS]: { fcr: fig(90, 100, { target: 0.85, ci: [0.83, 0.95] }) } });
    const out = reviewAgents(input([a, b, calm]));
    expect(out.attention.map((e) => [e.agent.id, e.severity, e.reasons.map((r) => r.rule)])).toEqual([
      [2, 8, ['auto_fail', 'below_target']],
      [1, 1, ['open_dispute']],
    ]);
    expect(out.recognition).toEqual([]);
  });
});

describe('resolveReviewRules', () => {
  it('takes known numeric overrides and ignores the rest', () => {
    const r = resolveReviewRules({ csatDropPoints: 15, nonsense: 3 });
    expect(r.csatDropPoints).toBe(15);
    expect(r.belowTargetMinMetrics).toBe(2);
    expect('nonsense' in r).toBe(false);
  });
});
