import { ahtStatus, delta, ragStatus, ratio, wilsonInterval } from '../../../server/modules/kpi/domain/kpi-math';

describe('ratio', () => {
  it.each([
    [3, 4, 0.75],
    [0, 5, 0],
    [-200, 5, -40],
    [7, 0, null],
    [0, 0, null],
  ])('%d / %d = %p', (num, den, expected) => {
    expect(ratio(num, den)).toBe(expected);
  });
});

describe('Wilson 95% interval (worked by hand with z = 1.96)', () => {
  it.each([
    // 8/10: centre .8 + 3.8415/20 = .99207, margin 1.96·sqrt(.016 + .0096037) = .31362, /1.38415
    [8, 10, 0.4902, 0.9433],
    // 0/10: lower 0, upper (.19207 + .19207) / 1.38415
    [0, 10, 0, 0.2775],
    // 10/10: mirror of 0/10
    [10, 10, 0.7225, 1],
    // 50/100: centre .519207, margin .099865, /1.038415
    [50, 100, 0.4038, 0.5962],
  ])('%d of %d → [%p, %p]', (k, n, lo, hi) => {
    const ci = wilsonInterval(k, n)!;
    expect(ci[0]).toBeCloseTo(lo, 4);
    expect(ci[1]).toBeCloseTo(hi, 4);
  });

  it('is null without a sample', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('RAG status against a target with tolerance', () => {
  it.each([
    // higher is better (fcr: target .85, tolerance .02)
    [0.85, 0.85, 'higher', 0.02, false, 'green'],
    [0.9, 0.85, 'higher', 0.02, false, 'green'],
    [0.84, 0.85, 'higher', 0.02, false, 'amber'],
    [0.83, 0.85, 'higher', 0.02, false, 'amber'],
    [0.8299, 0.85, 'higher', 0.02, false, 'red'],
    // lower is better (asa: target 30 s, tolerance 5 s)
    [30, 30, 'lower', 5, false, 'green'],
    [12, 30, 'lower', 5, false, 'green'],
    [35, 30, 'lower', 5, false, 'amber'],
    [35.01, 30, 'lower', 5, false, 'red'],
    // nps: 30 points, tolerance 5; negative values are fine
    [25, 30, 'higher', 5, false, 'amber'],
    [-10, 30, 'higher', 5, false, 'red'],
    // low sample: no status whatever the value
    [0.99, 0.85, 'higher', 0.02, true, null],
  ] as const)('%p vs %p (%s, ±%p, low %p) → %p', (value, target, dir, tol, low, expected) => {
    expect(ragStatus(value, target, dir, tol, low)).toBe(expected);
  });

  it('gives no status without a value or a target', () => {
    expect(ragStatus(null, 0.85, 'higher', 0.02)).toBeNull();
    expect(ragStatus(0.5, null, 'higher', 0.02)).toBeNull();
  });
});

describe('AHT relative to the team', () => {
  it.each([
    [300, 300, 'green', []],
    [330, 300, 'green', []], // exactly 110%
    [330.3, 300, 'amber', []],
    [360, 300, 'amber', []], // exactly 120%
    [361, 300, 'red', []],
    [150, 300, 'green', []], // exactly 50%: not flagged
    [149, 300, 'green', ['unusually_short']],
  ])('agent %p vs team %p → %p %p', (agent, team, status, flags) => {
    expect(ahtStatus(agent, team)).toEqual({ status, flags });
  });

  it('gives no status without a team figure or on a low sample', () => {
    expect(ahtStatus(300, null)).toEqual({ status: null, flags: [] });
    expect(ahtStatus(100, 300, true)).toEqual({ status: null, flags: [] });
  });
});

describe('delta', () => {
  it.each([
    [0.86, 0.8, 0.06],
    [-40, 10, -50],
    [null, 0.8, null],
    [0.8, null, null],
  ])('%p − %p = %p', (v, p, d) => {
    if (d === null) expect(delta(v, p)).toBeNull();
    else expect(delta(v, p)).toBeCloseTo(d, 12);
  });
});
