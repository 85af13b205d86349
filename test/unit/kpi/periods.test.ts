import { addDays, bucketOf, bucketsOf, isoWeekLabel, isoWeekStart, isValidLocalDate, localDateOf, monthEnd, previousRange, weekStart, withinThreeYears } from '../../../server/modules/kpi/domain/periods';

describe('ISO 8601 weeks', () => {
  it.each([
    ['2021-01-01', '2020-W53', '2020-12-28'], // a Friday: week of 2020
    ['2021-01-04', '2021-W01', '2021-01-04'],
    ['2026-01-01', '2026-W01', '2025-12-29'], // a Thursday: week 1 starts in December
    ['2026-09-28', '2026-W40', '2026-09-28'],
    ['2026-11-22', '2026-W47', '2026-11-16'], // a Sunday: still the week of the 16th
    ['2026-11-23', '2026-W48', '2026-11-23'],
    ['2026-12-28', '2026-W53', '2026-12-28'],
    ['2027-01-03', '2026-W53', '2026-12-28'], // a Sunday of the next year
    ['2027-01-04', '2027-W01', '2027-01-04'],
    ['2024-12-30', '2025-W01', '2024-12-30'], // a Monday in December: week 1 of the next year
  ])('%s is in %s starting %s', (date, label, start) => {
    expect(isoWeekLabel(date)).toBe(label);
    expect(weekStart(date)).toBe(start);
    expect(isoWeekStart(label)).toBe(start);
  });

  it('rejects weeks that do not exist', () => {
    expect(isoWeekStart('2027-W53')).toBeNull();
    expect(isoWeekStart('2026-W00')).toBeNull();
  });
});

describe('the local date of an instant', () => {
  it.each([
    // 20:00 UTC on the 22nd is already 04:00 on the 23rd in Shanghai (UTC+8).
    ['2026-11-22T20:00:00Z', 'Asia/Shanghai', '2026-11-23'],
    ['2026-11-22T20:00:00Z', 'UTC', '2026-11-22'],
    // 03:30 UTC on 1 November is still 31 October in New York (UTC-4 until 1 Nov 06:00 UTC).
    ['2026-11-01T03:30:00Z', 'America/New_York', '2026-10-31'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(localDateOf(new Date(instant), zone)).toBe(date);
  });
});

describe('dates and months', () => {
  it.each([
    ['2024-02-10', '2024-02-29'],
    ['2026-02-01', '2026-02-28'],
    ['2026-12-31', '2026-12-31'],
    ['2026-04-15', '2026-04-30'],
  ])('month of %s ends %s', (date, end) => {
    expect(monthEnd(date)).toBe(end);
  });

  it.each([
    ['2026-02-29', false],
    ['2024-02-29', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-11-22', true],
  ])('%s valid: %p', (d, ok) => expect(isValidLocalDate(d)).toBe(ok));

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('buckets, clipped to the range', () => {
  it('labels a day, week, month and total', () => {
    expect(bucketOf('2026-10-03', 'day', '2026-10-01')).toEqual({ period: '2026-10-03', periodStart: '2026-10-03' });
    expect(bucketOf('2026-10-03', 'week', '2026-10-01')).toEqual({ period: '2026-W40', periodStart: '2026-09-28' });
    expect(bucketOf('2026-10-03', 'month', '2026-10-01')).toEqual({ period: '2026-10', periodStart: '2026-10-01' });
    expect(bucketOf('2026-10-03', 'total', '2026-10-01')).toEqual({ period: 'total', periodStart: '2026-10-01' });
  });

  it('splits a range into weeks and months, clipping the ends', () => {
    expect(bucketsOf('2026-10-01', '2026-10-12', 'week')).toEqual([
      { period: '2026-W40', periodStart: '2026-09-28', from: '2026-10-01', to: '2026-10-04' },
      { period: '2026-W41', periodStart: '2026-10-05', from: '2026-10-05', to: '2026-10-11' },
      { period: '2026-W42', periodStart: '2026-10-12', from: '2026-10-12', to: '2026-10-12' },
    ]);
    expect(bucketsOf('2026-10-30', '2026-11-02', 'month')).toEqual([
      { period: '2026-10', periodStart: '2026-10-01', from: '2026-10-30', to: '2026-10-31' },
      { period: '2026-11', periodStart: '2026-11-01', from: '2026-11-01', to: '2026-11-02' },
    ]);
    expect(bucketsOf('2026-12-30', '2027-01-01', 'day').map((b) => b.period)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01']);
  });
});

describe('previous period', () => {
  it.each([
    ['2026-11-16', '2026-11-22', '2026-11-09', '2026-11-15'], // whole ISO week → week before
    ['2026-03-01', '2026-03-31', '2026-02-01', '2026-02-28'], // whole month → month before (28 days)
    ['2024-03-01', '2024-03-31', '2024-02-01', '2024-02-29'],
    ['2026-01-01', '2026-01-31', '2025-12-01', '2025-12-31'], // across a year
    ['2026-11-10', '2026-11-12', '2026-11-07', '2026-11-09'], // 3 days → the 3 days before
    ['2026-11-17', '2026-11-23', '2026-11-10', '2026-11-16'], // 7 days not starting Monday → equal length
    ['2026-02-01', '2026-02-27', '2026-01-05', '2026-01-31'], // not the whole month → 27 days before
  ])('%s..%s → %s..%s', (from, to, pf, pt) => {
    expect(previousRange(from, to)).toEqual({ from: pf, to: pt });
  });
});

describe('3-year limit', () => {
  it.each([
    ['2024-01-01', '2026-12-31', true],
    ['2024-01-01', '2027-01-01', false],
    ['2024-02-29', '2027-02-28', true],
  ])('%s..%s allowed: %p', (from, to, ok) => expect(withinThreeYears(from, to)).toBe(ok));
});
