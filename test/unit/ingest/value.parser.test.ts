import { compileDatePattern, parseBoolean, parseDateTime, parseDuration, parseInteger, ValueError, ZoneConverter } from '../../../server/modules/ingest/domain/value.parser';

describe('parseBoolean', () => {
  it.each([
    ['true', true], ['TRUE', true], [' yes ', true], ['Y', true], ['1', true], ['是', true],
    ['false', false], ['No', false], ['n', false], ['0', false], ['否', false],
  ])('%j -> %j', (text, expected) => expect(parseBoolean(text)).toBe(expected));

  it.each(['maybe', '2', 'yess', '对'])('refuses %j', (text) => expect(() => parseBoolean(text)).toThrow(ValueError));
});

describe('parseDuration', () => {
  it.each([
    ['95', 95],
    ['0', 0],
    ['1:35', 95],
    ['0:01:35', 95],
    ['1:02:03', 3723],
    ['12:00', 720],
    ['61.6', 62],
  ])('%j -> %d s', (text, expected) => expect(parseDuration(text)).toBe(expected));

  it.each(['abc', '-5', '1:60', '1:2:60', '1::2'])('refuses %j', (text) => expect(() => parseDuration(text)).toThrow(ValueError));
});

describe('parseInteger', () => {
  it.each([['4', 4], ['4.0', 4], [' 10 ', 10]])('%j -> %d', (text, n) => expect(parseInteger(text, 0, 10)).toBe(n));
  it.each(['4.5', '11', '-1', 'four'])('refuses %j in 0..10', (text) => expect(() => parseInteger(text, 0, 10)).toThrow(ValueError));
});

describe('parseDateTime', () => {
  it.each([
    ['2026-11-03T09:15:00+08:00', { year: 2026, month: 11, day: 3, hour: 9, minute: 15, second: 0, offsetMinutes: 480 }],
    ['2026-11-03T09:15:00Z', { hour: 9, offsetMinutes: 0 }],
    ['2026-11-03T09:15:00-0530', { hour: 9, offsetMinutes: -330 }],
    ['2026-11-03 09:15', { hour: 9, minute: 15, second: 0, offsetMinutes: null }],
    ['2026/11/03 9:15:07', { hour: 9, minute: 15, second: 7, offsetMinutes: null }],
    ['2026-11-03', { year: 2026, month: 11, day: 3, hour: 0, offsetMinutes: null }],
  ])('auto reads %j', (text, expected) => expect(parseDateTime(text, null)).toMatchObject(expected));

  it.each([
    ['YYMMDD', '990201', { year: 1999, month: 2, day: 1 }],
    ['YYMMDD', '260201', { year: 2026, month: 2, day: 1 }],
    ['DD/MM/YYYY', '07/03/2026 12:30', { year: 2026, month: 3, day: 7, hour: 12, minute: 30 }],
    ['MM-DD-YYYY', '3-7-2026', { year: 2026, month: 3, day: 7 }],
  ])('pattern %s reads %j', (pattern, text, expected) => expect(parseDateTime(text, compileDatePattern(pattern))).toMatchObject(expected));

  it.each(['2026-02-30', '2026-13-01', '03/11/2026', 'yesterday', '2026-11-03 25:00'])('auto refuses %j', (text) => expect(() => parseDateTime(text, null)).toThrow(ValueError));

  it('refuses a pattern without a day', () => expect(() => compileDatePattern('YYYY-MM')).toThrow(ValueError));
});

describe('ZoneConverter', () => {
  const local = (s: string) => parseDateTime(s, null);
  it.each([
    ['Asia/Shanghai', '2026-11-03 09:15', '2026-11-03T01:15:00.000Z'],
    ['Asia/Shanghai', '2026-01-01 00:00', '2025-12-31T16:00:00.000Z'],
    // New York switches from EST (-5) to EDT (-4) at 02:00 on 8 March 2026 and back at 02:00 on 1 November.
    ['America/New_York', '2026-03-07 12:00', '2026-03-07T17:00:00.000Z'],
    ['America/New_York', '2026-03-08 12:00', '2026-03-08T16:00:00.000Z'],
    ['America/New_York', '2026-03-08 02:30', '2026-03-08T07:30:00.000Z'], // skipped hour: read with the later offset
    ['America/New_York', '2026-11-01 01:30', '2026-11-01T05:30:00.000Z'], // repeated hour: the first (EDT)
    ['Asia/Jerusalem', '1999-02-01 07:02:47', '1999-02-01T05:02:47.000Z'],
  ])('%s %s -> %s', (tz, text, expected) => expect(new ZoneConverter(tz).toUtc(local(text)).toISOString()).toBe(expected));

  it('keeps an explicit offset whatever the zone', () => {
    expect(new ZoneConverter('America/New_York').toUtc(local('2026-11-03T09:15:00+08:00')).toISOString()).toBe('2026-11-03T01:15:00.000Z');
  });

  it('gives the local date of an instant', () => {
    expect(new ZoneConverter('Asia/Shanghai').localDate(new Date('2026-11-02T16:00:00Z'))).toBe('2026-11-03');
    expect(new ZoneConverter('Asia/Shanghai').localDate(new Date('2026-11-02T15:59:59Z'))).toBe('2026-11-02');
  });
});
