import { MAX_DELIVERY_ATTEMPTS, retryDelayMinutes, statusAfterAttempt } from '../../../server/modules/schedule/domain/delivery-retry';
import { cadenceOf, deliveryPeriod, nextRunAt, ScheduleTiming } from '../../../server/modules/schedule/domain/schedule-timing';

const monthly: ScheduleTiming = { kind: 'monthly', dayOfMonth: 1, dayOfWeek: null, time: '07:00', timezone: 'Asia/Shanghai' };
const weekly: ScheduleTiming = { kind: 'weekly', dayOfMonth: null, dayOfWeek: 1, time: '08:30', timezone: 'Asia/Shanghai' };

describe('nextRunAt', () => {
  it.each([
    // 07:00 in Shanghai is 23:00 UTC the day before.
    ['monthly, before the day', monthly, '2026-11-20T00:00:00Z', '2026-11-30T23:00:00.000Z'],
    ['monthly, exactly at the run: the next one', monthly, '2026-11-30T23:00:00Z', '2026-12-31T23:00:00.000Z'],
    ['monthly, on the day but before the time', monthly, '2026-11-30T22:00:00Z', '2026-11-30T23:00:00.000Z'],
    ['monthly on the 28th across February', { ...monthly, dayOfMonth: 28 }, '2027-01-28T12:00:00Z', '2027-02-27T23:00:00.000Z'],
    // 2026-12-02 is a Wednesday; the next Monday is 7 December, 08:30 +08:00 = 00:30 UTC.
    ['weekly, mid-week', weekly, '2026-12-02T04:00:00Z', '2026-12-07T00:30:00.000Z'],
    ['weekly, Monday after the time', weekly, '2026-12-07T01:00:00Z', '2026-12-14T00:30:00.000Z'],
    // New York leaves daylight time on 1 Nov 2026: 07:00 EST is 12:00 UTC, 07:00 EDT 11:00 UTC.
    ['a zone with daylight saving', { ...monthly, timezone: 'America/New_York' }, '2026-10-15T00:00:00Z', '2026-11-01T12:00:00.000Z'],
    ['the same zone in summer', { ...monthly, timezone: 'America/New_York' }, '2026-05-15T00:00:00Z', '2026-06-01T11:00:00.000Z'],
  ])('%s', (_name, timing, after, expected) => {
    expect(nextRunAt(timing as ScheduleTiming, new Date(after)).toISOString()).toBe(expected);
  });
});

describe('deliveryPeriod', () => {
  it.each([
    ['monthly on 1 December (Shanghai) delivers November', monthly, '2026-11-30T23:00:00Z', { period: '2026-11', from: '2026-11-01', to: '2026-11-30' }],
    ['monthly in January delivers December of the year before', monthly, '2026-12-31T23:00:00Z', { period: '2026-12', from: '2026-12-01', to: '2026-12-31' }],
    ['weekly on Monday 7 December delivers 2026-W49', weekly, '2026-12-07T00:30:00Z', { period: '2026-W49', from: '2026-11-30', to: '2026-12-06' }],
    ['weekly on a Wednesday still delivers the last whole week', weekly, '2026-12-02T04:00:00Z', { period: '2026-W48', from: '2026-11-23', to: '2026-11-29' }],
    ['weekly across the year end', weekly, '2027-01-04T00:30:00Z', { period: '2026-W53', from: '2026-12-28', to: '2027-01-03' }],
  ])('%s', (_name, timing, at, expected) => {
    expect(deliveryPeriod(timing as ScheduleTiming, new Date(at))).toEqual(expected);
  });

  it('a scorecard runs monthly with a day of month, weekly with a weekday', () => {
    expect(cadenceOf({ kind: 'scorecard', dayOfMonth: 3, dayOfWeek: null })).toBe('month');
    expect(cadenceOf({ kind: 'scorecard', dayOfMonth: null, dayOfWeek: 5 })).toBe('week');
  });
});

describe('delivery retries', () => {
  it.each([
    [1, 1],
    [2, 4],
    [3, 16],
    [4, 64],
  ])('after %i failed attempt(s) the next is %i minute(s) later', (attempts, minutes) => {
    expect(retryDelayMinutes(attempts)).toBe(minutes);
  });

  const r = (status: 'sent' | 'failed' | 'skipped' | 'pending') => ({ email: `${status}@x`, status, detail: null });
  it.each([
    ['everyone who may receive it has it', [r('sent'), r('skipped')], 1, { status: 'sent', retryInMinutes: null }],
    ['one refused: retried', [r('sent'), r('failed')], 1, { status: 'retrying', retryInMinutes: 1 }],
    ['refused on the last attempt: failed', [r('failed')], MAX_DELIVERY_ATTEMPTS, { status: 'failed', retryInMinutes: null }],
    ['nobody may receive it: failed, not retried', [r('skipped'), r('skipped')], 1, { status: 'failed', retryInMinutes: null }],
  ])('%s', (_name, results, attempts, expected) => {
    expect(statusAfterAttempt(results as never, attempts as number)).toEqual(expected);
  });
});
