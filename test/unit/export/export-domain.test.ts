import { contentDisposition, fittedWidth, numberFormatFor, slug, statusLabel, textWidth, toCellNumber } from '../../../server/modules/export/domain/export-format';
import { isoWeekOf, isoWeekRange, monthRange, shiftWeek } from '../../../server/modules/export/domain/export-period';

describe('export periods', () => {
  it.each([
    ['2026-10', '2026-10-01', '2026-10-31'],
    ['2026-02', '2026-02-01', '2026-02-28'],
    ['2028-02', '2028-02-01', '2028-02-29'],
    ['2026-12', '2026-12-01', '2026-12-31'],
  ])('month %s is %s..%s', (month, from, to) => {
    expect(monthRange(month)).toEqual({ from, to });
  });

  it.each([
    ['2026-W45', '2026-11-02', '2026-11-08'],
    ['2026-W01', '2025-12-29', '2026-01-04'],
    ['2026-W53', '2026-12-28', '2027-01-03'],
    ['2020-W53', '2020-12-28', '2021-01-03'],
  ])('ISO week %s is %s..%s', (week, from, to) => {
    expect(isoWeekRange(week)).toEqual({ from, to });
  });

  it.each([
    ['2021-01-01', '2020-W53'],
    ['2026-12-28', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2026-11-22', '2026-W47'],
  ])('%s lies in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('shifts weeks across a year end', () => {
    expect(shiftWeek('2027-W01', -1)).toBe('2026-W53');
    expect(shiftWeek('2026-W53', -3)).toBe('2026-W50');
    expect(shiftWeek('2026-W52', 2)).toBe('2027-W01');
  });

  it.each(['2026-13', '2026-1', 'October', '2026-00'])('rejects month %s', (m) => {
    expect(() => monthRange(m)).toThrow(RangeError);
  });

  it.each(['2026-W54', '2025-W53', '2026-W00', '2026W45'])('rejects week %s', (w) => {
    expect(() => isoWeekRange(w)).toThrow(RangeError);
  });
});

describe('cell values and formats', () => {
  it.each([
    ['ratio', 0.8125, 0.8125, '0.0%'],
    ['seconds', 312.5, 312.5 / 86400, '[<0.0416666666666667][m]:ss;[h]" h "mm" min"'],
    ['score', 87.25, 87.25, '0.0'],
    ['points', -12.5, -12.5, '0.0'],
    ['count', 41, 41, '#,##0'],
  ] as const)('%s %d is stored as %d with format %s', (unit, value, cell, fmt) => {
    expect(toCellNumber({ unit }, value)).toBe(cell);
    expect(numberFormatFor({ unit })).toBe(fmt);
  });

  it('a missing value stays an empty cell', () => {
    expect(toCellNumber({ unit: 'ratio' }, null)).toBeNull();
    expect(toCellNumber({ unit: 'seconds' }, undefined)).toBeNull();
  });

  it.each([
    [{ status: 'green', lowSample: false }, 'met 达标'],
    [{ status: 'amber', lowSample: false }, 'not met (near) 接近目标'],
    [{ status: 'red', lowSample: false }, 'not met 未达标'],
    [{ status: null, lowSample: true }, 'low sample 样本不足'],
    // Nothing known to count (a log without an escalation column): no data, not a low sample.
    [{ status: null, lowSample: true, n: 0 }, 'no data 无数据'],
    [{ status: null, lowSample: false }, ''],
  ] as const)('status %o reads "%s"', (m, label) => {
    expect(statusLabel(m)).toBe(label);
  });

  it('counts CJK characters double when fitting widths', () => {
    expect(textWidth('Li Wei')).toBe(6);
    expect(textWidth('陈小明')).toBe(6);
    // A full-width letter takes two columns; a character outside the BMP (two code units) one.
    expect(textWidth('Ａ𠀀')).toBe(3);
    expect(fittedWidth(['陈小明', 'Ann'])).toBe(8);
    expect(fittedWidth(['x'.repeat(100)])).toBe(60);
  });
});

describe('file names', () => {
  it.each([
    ['Guangzhou', 'guangzhou'],
    ['Cantonese Hotline', 'cantonese-hotline'],
    ['广州', ''],
    ['VIP 客服 Team', 'vip-team'],
  ])('slug(%s) = %s', (text, expected) => {
    expect(slug(text)).toBe(expected);
  });

  it('adds an RFC 5987 UTF-8 name only when it differs', () => {
    expect(contentDisposition('callscope-kpi-2026-10-guangzhou.xlsx')).toBe('attachment; filename="callscope-kpi-2026-10-guangzhou.xlsx"');
    expect(contentDisposition('callscope-kpi-2026-10-team-3.xlsx', 'callscope-kpi-2026-10-广州.xlsx')).toBe(
      `attachment; filename="callscope-kpi-2026-10-team-3.xlsx"; filename*=UTF-8''callscope-kpi-2026-10-%E5%B9%BF%E5%B7%9E.xlsx`,
    );
  });
});
