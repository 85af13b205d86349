import {
  attributionDate,
  clockOutcome,
  compareForQueue,
  complaintClock,
  completeDeadlines,
  DEFAULT_COMPLAINT_DEADLINES,
  type ComplaintLevel,
} from '../../../server/modules/complaints/domain/complaint-clock';

const D = DEFAULT_COMPLAINT_DEADLINES;
const OPENED = new Date('2026-11-03T02:00:00.000Z'); // 10:00 in Asia/Shanghai
const plus = (seconds: number) => new Date(OPENED.getTime() + seconds * 1000);

describe('complaint deadlines (defaults from the standards)', () => {
  it.each<[ComplaintLevel, number, number]>([
    ['1', 60, 24 * 3600],
    ['2', 30 * 60, 48 * 3600],
    ['3', 15 * 60, 72 * 3600],
    ['urgent', 5 * 60, 24 * 3600],
  ])('level %s: respond within %i s, resolve within %i s', (level, response, resolution) => {
    expect([D.response[level], D.resolution[level]]).toEqual([response, resolution]);
    const c = complaintClock({ level, openedAt: OPENED, firstResponseAt: null, resolvedAt: null }, D, OPENED);
    expect(c.responseDueAt.toISOString()).toBe(plus(response).toISOString());
    expect(c.resolutionDueAt.toISOString()).toBe(plus(resolution).toISOString());
  });
});

describe('the response clock at, just inside and just past each deadline', () => {
  // [level, response after (seconds), outcome]
  const rows: Array<[ComplaintLevel, number, 'met' | 'late']> = [];
  for (const [level, due] of [['1', 60], ['2', 1800], ['3', 900], ['urgent', 300]] as const) {
    rows.push([level, due - 1, 'met'], [level, due, 'met'], [level, due + 1, 'late']);
  }
  it.each(rows)('level %s answered after %i s: %s', (level, after, outcome) => {
    const c = complaintClock({ level, openedAt: OPENED, firstResponseAt: plus(after), resolvedAt: null }, D, plus(after));
    expect(c.response).toBe(outcome);
  });

  it('"immediate" is one minute: 60 s is within, 60.001 s is not', () => {
    expect(clockOutcome(plus(60), plus(D.response['1']), plus(60))).toBe('met');
    expect(clockOutcome(new Date(OPENED.getTime() + 60_001), plus(D.response['1']), plus(61))).toBe('late');
  });
});

describe('the resolution clock at, just inside and just past each deadline', () => {
  const rows: Array<[ComplaintLevel, number, 'met' | 'late']> = [];
  for (const [level, hours] of [['1', 24], ['2', 48], ['3', 72], ['urgent', 24]] as const) {
    rows.push([level, hours * 3600 - 1, 'met'], [level, hours * 3600, 'met'], [level, hours * 3600 + 1, 'late']);
  }
  it.each(rows)('level %s resolved after %i s: %s, and the case is closed', (level, after, outcome) => {
    const c = complaintClock({ level, openedAt: OPENED, firstResponseAt: plus(1), resolvedAt: plus(after) }, D, plus(after + 100_000));
    expect([c.resolution, c.status, c.overdueBy, c.remaining]).toEqual([outcome, 'closed', null, null]);
  });
});

describe('open clocks: pending up to the deadline, overdue strictly after', () => {
  it.each<[ComplaintLevel, number, string, number | null, number | null]>([
    // level, now (s after opening), status, overdueBy, remaining
    ['1', 59, 'open', null, 1],
    ['1', 60, 'open', null, 0], // at the deadline: still inside
    ['1', 61, 'overdue', 1, 24 * 3600 - 61], // the resolution clock still runs
    ['2', 1799, 'open', null, 1],
    ['2', 1801, 'overdue', 1, 48 * 3600 - 1801],
    ['3', 901, 'overdue', 1, 72 * 3600 - 901],
    ['urgent', 300, 'open', null, 0],
    ['urgent', 301, 'overdue', 1, 24 * 3600 - 301],
    ['urgent', 24 * 3600 + 1, 'overdue', 24 * 3600 + 1 - 300, null], // overdueBy counts from the earliest missed deadline
  ])('level %s, %i s after opening, unanswered: %s', (level, now, status, overdueBy, remaining) => {
    const c = complaintClock({ level, openedAt: OPENED, firstResponseAt: null, resolvedAt: null }, D, plus(now));
    expect([c.status, c.overdueBy, c.remaining]).toEqual([status, overdueBy, remaining]);
  });

  it('an answered case past its resolution deadline is overdue by the time since that deadline', () => {
    const c = complaintClock({ level: '2', openedAt: OPENED, firstResponseAt: plus(10), resolvedAt: null }, D, plus(48 * 3600 + 90));
    expect([c.response, c.resolution, c.status, c.overdueBy]).toEqual(['met', 'overdue', 'overdue', 90]);
  });

  it('a resolution without a recorded response stops the response clock too', () => {
    const c = complaintClock({ level: '3', openedAt: OPENED, firstResponseAt: null, resolvedAt: plus(600) }, D, plus(10_000));
    expect([c.response, c.resolution, c.status]).toEqual(['met', 'met', 'closed']);
    const late = complaintClock({ level: '3', openedAt: OPENED, firstResponseAt: null, resolvedAt: plus(901) }, D, plus(10_000));
    expect(late.response).toBe('late');
  });
});

describe('periods and time zones', () => {
  it('a case opened in one period and answered in the next belongs to the period it was opened in', () => {
    // Opened Sunday 2026-11-01 23:58 Shanghai (ISO week 44, month 11), answered Monday 00:03 (week 45).
    const opened = new Date('2026-11-01T15:58:00.000Z');
    const c = complaintClock({ level: '2', openedAt: opened, firstResponseAt: new Date('2026-11-01T16:03:00.000Z'), resolvedAt: null }, D, new Date('2026-11-01T16:10:00.000Z'));
    expect(c.response).toBe('met');
    expect(attributionDate(opened, 'Asia/Shanghai')).toBe('2026-11-01');
    // Month end: opened 2026-10-31 23:59 Shanghai, answered in November: October's case.
    expect(attributionDate(new Date('2026-10-31T15:59:00.000Z'), 'Asia/Shanghai')).toBe('2026-10-31');
  });

  it.each([
    ['Asia/Shanghai', '2026-11-03T16:30:00.000Z', '2026-11-04'],
    ['UTC', '2026-11-03T16:30:00.000Z', '2026-11-03'],
    ['America/New_York', '2026-11-03T03:30:00.000Z', '2026-11-02'],
    ['Asia/Kolkata', '2026-11-03T18:29:00.000Z', '2026-11-03'],
    ['Asia/Kolkata', '2026-11-03T18:30:00.000Z', '2026-11-04'],
  ])('in %s, a case opened at %s is attributed to %s', (tz, at, date) => {
    expect(attributionDate(new Date(at), tz)).toBe(date);
  });

  it('due times are instants: the same whatever the zone, also across a DST change', () => {
    // New York leaves DST on 2026-11-01 at 02:00 local: a level 1 case opened at 01:30 EDT (05:30Z) is due to be resolved 24 h later, 00:30 EST (05:30Z next day).
    const opened = new Date('2026-11-01T05:30:00.000Z');
    const c = complaintClock({ level: '1', openedAt: opened, firstResponseAt: null, resolvedAt: null }, D, opened);
    expect(c.resolutionDueAt.toISOString()).toBe('2026-11-02T05:30:00.000Z');
  });
});

describe('settings and ordering', () => {
  it('a partial deadline setting keeps the defaults for the other grades', () => {
    expect(completeDeadlines({ response: { '1': 120 } })).toEqual({ response: { ...D.response, '1': 120 }, resolution: D.resolution });
    expect(completeDeadlines(null)).toEqual(D);
  });

  it('the queue: overdue (most overdue first), then open (least time left first), then closed (newest first)', () => {
    const now = plus(100_000);
    const mk = (id: string, openedAt: Date, level: ComplaintLevel, firstResponseAt: Date | null, resolvedAt: Date | null) => ({
      id,
      openedAt,
      clock: complaintClock({ level, openedAt, firstResponseAt, resolvedAt }, D, now),
    });
    const list = [
      mk('closed-old', plus(0), '1', plus(1), plus(2)),
      mk('open-800s-left', plus(99_000), '3', null, null), // response due in 99,000 + 900 − 100,000 = 800 s
      mk('overdue-little', plus(99_000), 'urgent', null, null), // response overdue by 700 s
      mk('closed-new', plus(50_000), '1', plus(50_001), plus(50_002)),
      mk('overdue-much', plus(0), '1', plus(10), null), // resolution overdue by 13,600 s
      mk('open-1300s-left', plus(99_500), '2', null, null), // response due in 99,500 + 1,800 − 100,000 = 1,300 s
    ];
    list.sort(compareForQueue);
    expect(list.map((c) => c.id)).toEqual(['overdue-much', 'overdue-little', 'open-800s-left', 'open-1300s-left', 'closed-new', 'closed-old']);
  });
});
