import { buildFigure, numDen, pendingComplaints } from '../../../server/modules/kpi/domain/kpi-figures';
import { kpiDefinitions } from '../../../server/modules/kpi/domain/kpi-definitions';

const ctx = { minSample: { calls: 20, surveys: 10, nps: 30, qa: 4, complaints: 5 }, target: null, judged: true };

describe('complaint figures from sums', () => {
  // Sums of a group: 3 complaints over 1,200 handled; response 5 met, 2 late, 3 open of which 1 past its deadline.
  const s = { answered: 1200, complaints_opened: 3, response_met: 5, response_late: 2, response_open: 3, response_overdue: 1, resolution_met: 4, resolution_late: 0, resolution_open: 6, resolution_overdue: 6 };

  it('complaint_rate: num and den stay counts, the value is per 1,000 handled', () => {
    const f = buildFigure('complaint_rate', numDen('complaint_rate', s, 'flag'), ctx);
    expect([f.num, f.den, f.value]).toEqual([3, 1200, 2.5]);
    // Re-aggregating two groups: 1,000 × Σnum / Σden, not the mean of the values.
    const other = buildFigure('complaint_rate', numDen('complaint_rate', { answered: 800, complaints_opened: 5 }, 'flag'), ctx);
    expect((1000 * (f.num + other.num)) / (f.den + other.den)).toBe(4);
    expect(kpiDefinitions.complaint_rate.scale).toBe(1000);
  });

  it.each([
    // key, num, den, pending
    ['complaint_response_sla', 5, 8, 2], // 5 met / (5 met + 2 late + 1 overdue); 3 open − 1 overdue = 2 pending
    ['complaint_resolution_sla', 4, 10, 0], // every open case past its deadline
  ] as const)('%s: num %i, den %i, pending %i', (key, num, den, pending) => {
    const f = buildFigure(key, numDen(key, s, 'flag'), { ...ctx, pending: pendingComplaints(key, s) });
    expect([f.num, f.den, f.pending, f.value]).toEqual([num, den, pending, num / den]);
    expect(f.ci).not.toBeNull();
  });

  it('no case due yet: value null (not 0), everything pending; under the complaints minimum: low sample', () => {
    const only = { response_open: 2, response_overdue: 0 };
    const f = buildFigure('complaint_response_sla', numDen('complaint_response_sla', only, 'flag'), { ...ctx, pending: pendingComplaints('complaint_response_sla', only) });
    expect([f.value, f.num, f.den, f.pending, f.lowSample]).toEqual([null, 0, 0, 2, true]);
    expect(pendingComplaints('complaint_rate', only)).toBeUndefined();
  });
});
