import { kpiDefinitionList, kpiDefinitions, metricsFor } from '../../../server/modules/kpi/domain/kpi-definitions';
import { buildFigure, newMetricColumns, numDen, writeFigure } from '../../../server/modules/kpi/domain/kpi-figures';
import { metricKeys, type MetricKey, type MetricValue } from '../../../server/modules/kpi/kpi.types';

// One row of sums, as the rollups hold them.
const sums = {
  offered: 10,
  answered: 8,
  abandoned: 2,
  in_sl: 7,
  wait_known: 8,
  wait_sum: 120,
  talk_sum: 2000,
  hold_sum: 200,
  acw_sum: 400,
  // One of the 8 answered calls has an unknown talk time (its hold 50 and wrap-up 100 are in the sums above).
  talk_known: 7,
  handle_sum: 2450, // 2000 + (200 - 50) + (400 - 100)
  resolved_known: 6,
  resolved_true: 5,
  repeat_eligible: 4,
  repeat_free: 3,
  escalated: 1,
  transferred: 2,
  // Escalation known on 5 of the 8 answered calls, transfer on 3 (the rest came from files without the column).
  escalated_known: 5,
  transferred_known: 3,
  csat_count: 5,
  csat_sum: 21,
  csat_top2: 4,
  nps_count: 5,
  nps_promoters: 1,
  nps_detractors: 3,
  evaluations: 4,
  score_sum: 340,
  auto_fails: 1,
};

describe('num and den of every metric (docs/kpi.md "Metrics")', () => {
  it('a group with no known escalation or transfer has no figure: value null, n 0, no status', () => {
    for (const key of ['escalation_rate', 'transfer_rate'] as const) {
      const nd = numDen(key, { answered: 4054, escalated: 0, transferred: 0 }, 'flag');
      expect(nd).toEqual({ num: 0, den: 0 });
      const fig = buildFigure(key, nd, { minSample: { calls: 20, surveys: 10, nps: 30, qa: 4 }, target: { target: 0.1, tolerance: 0.02 }, judged: true });
      expect([fig.value, fig.n, fig.status, fig.ci]).toEqual([null, 0, null, null]);
    }
  });

  it.each<[MetricKey, number, number]>([
    ['offered', 10, 10],
    ['handled', 8, 8],
    ['abandon_rate', 2, 10],
    ['service_level', 7, 10],
    ['asa', 120, 8],
    ['aht', 2450, 7], // talk + hold + wrap-up of the 7 calls whose talk is known
    ['avg_talk', 2000, 7],
    ['avg_hold', 200, 8],
    ['avg_acw', 400, 8],
    ['fcr', 5, 6], // flag method
    ['fcr_flag', 5, 6],
    ['fcr_repeat', 3, 4],
    ['escalation_rate', 1, 5], // over the calls whose escalation is known
    ['transfer_rate', 2, 3],
    ['csat_avg', 21, 5],
    ['csat_pct', 4, 5],
    ['nps', -200, 5], // 100 × (1 − 3)
    ['qa_score', 340, 4],
    ['qa_autofail_rate', 1, 4],
  ])('%s = %d / %d', (key, num, den) => {
    expect(numDen(key, sums, 'flag')).toEqual({ num, den });
  });

  it('fcr follows the configured method', () => {
    expect(numDen('fcr', sums, 'repeat')).toEqual({ num: 3, den: 4 });
  });

  it('missing sums count as zero', () => {
    expect(numDen('aht', {}, 'flag')).toEqual({ num: 0, den: 0 });
  });
});

describe('one figure', () => {
  const minSample = { calls: 20, surveys: 10, nps: 30, qa: 4 };

  it('nps: value −40 points, low sample under 30 responses, so no status', () => {
    expect(buildFigure('nps', { num: -200, den: 5 }, { minSample, target: { target: 30, tolerance: 5 }, judged: true })).toEqual({
      value: -40,
      num: -200,
      den: 5,
      n: 5,
      lowSample: true,
      target: 30,
      status: null,
    });
  });

  it('a proportion carries its Wilson interval and a status', () => {
    // 86/100: centre .8792073, margin 1.96·sqrt(.001204 + .000096) = .0706685, / 1.0384146
    const f = buildFigure('fcr', { num: 86, den: 100 }, { minSample, target: { target: 0.85, tolerance: 0.02 }, judged: true });
    expect(f).toMatchObject({ value: 0.86, n: 100, lowSample: false, target: 0.85, status: 'green' });
    expect(f.ci![0]).toBeCloseTo(0.7786, 4);
    expect(f.ci![1]).toBeCloseTo(0.9147, 4);
  });

  it('a count: value = num, never low-sample, no target', () => {
    expect(buildFigure('offered', { num: 3, den: 3 }, { minSample, target: null, judged: true })).toEqual({
      value: 3,
      num: 3,
      den: 3,
      n: 3,
      lowSample: false,
      target: null,
      status: null,
    });
  });

  it('a queue-driven metric on an agent row is shown but not judged', () => {
    const f = buildFigure('abandon_rate', { num: 10, den: 100 }, { minSample, target: { target: 0.05, tolerance: 0.02 }, judged: false });
    expect(f).toMatchObject({ value: 0.1, target: null, status: null });
  });

  it('value is null (not 0) when den is 0', () => {
    expect(buildFigure('csat_avg', { num: 0, den: 0 }, { minSample, target: { target: 4.8, tolerance: 0.1 }, judged: true })).toMatchObject({
      value: null,
      lowSample: true,
      status: null,
    });
  });
});

describe('the definitions registry', () => {
  it('has one entry per metric key, in display order, with both labels', () => {
    expect(kpiDefinitionList.map((d) => d.key)).toEqual([...metricKeys]);
    for (const d of kpiDefinitionList) {
      expect(d.label.en).not.toBe('');
      expect(d.label.zh).not.toBe('');
    }
  });

  it('carries the spec section 5 defaults', () => {
    expect([kpiDefinitions.fcr.defaultTarget, kpiDefinitions.fcr.defaultTolerance]).toEqual([0.85, 0.02]);
    expect([kpiDefinitions.csat_avg.defaultTarget, kpiDefinitions.csat_avg.defaultTolerance]).toEqual([4.8, 0.1]);
    expect([kpiDefinitions.nps.defaultTarget, kpiDefinitions.nps.defaultTolerance]).toEqual([30, 5]);
    expect([kpiDefinitions.qa_score.defaultTarget, kpiDefinitions.qa_score.defaultTolerance]).toEqual([90, 3]);
    expect([kpiDefinitions.asa.defaultTarget, kpiDefinitions.asa.defaultTolerance]).toEqual([30, 5]);
    expect(kpiDefinitions.abandon_rate.defaultTarget).toBe(0.05);
    expect(kpiDefinitions.service_level.defaultTarget).toBe(0.8);
    expect(kpiDefinitions.escalation_rate.defaultTarget).toBe(0.1);
    expect(kpiDefinitions.aht.targetMode).toBe('team_relative');
  });

  it('leaves QA metrics out of queue rows', () => {
    expect(metricsFor('queue')).not.toContain('qa_score');
    expect(metricsFor('queue')).not.toContain('qa_autofail_rate');
    expect(metricsFor('agent')).toContain('qa_score');
  });
});

describe('writeFigure (columnar answers) writes what buildFigure builds', () => {
  const minSample = { calls: 20, surveys: 10, nps: 30, qa: 4 };
  it.each([
    ['fcr, judged, enough sample', 'fcr', 45, 50, { target: 0.8, tolerance: 0.05 }, true, 3],
    ['fcr, low sample: no status', 'fcr', 3, 4, { target: 0.8, tolerance: 0.05 }, true, undefined],
    ['abandon_rate, den 0: value and ci null', 'abandon_rate', 0, 0, { target: 0.05, tolerance: 0.02 }, true, undefined],
    ['aht, not judged (agent row of a queue-driven metric)', 'aht', 6000, 30, { target: 300, tolerance: 30 }, false, undefined],
    ['offered, a count', 'offered', 12, 12, null, true, undefined],
    ['nps, red', 'nps', -200, 40, { target: 30, tolerance: 5 }, true, undefined],
  ] as const)('%s', (_label, key, num, den, target, judged, provisional) => {
    const ctx = { minSample, target, judged, provisional };
    const fig = buildFigure(key, { num, den }, ctx);
    const cols = newMetricColumns(key, 2, { provisional: provisional !== undefined, flags: false });
    writeFigure(cols, 1, key, num, den, ctx);
    const back: MetricValue = { value: cols.value[1], num: cols.num[1], den: cols.den[1], n: cols.n[1], lowSample: cols.lowSample[1], target: cols.target[1], status: cols.status[1] };
    if (cols.ciLow) back.ci = cols.ciLow[1] === null ? null : [cols.ciLow[1]!, cols.ciHigh![1]!];
    if (cols.provisional) back.provisional = cols.provisional[1];
    expect(back).toEqual(fig);
  });
});
