import { parseBoolean, parseDateTime, parseDuration, parseInteger, ZoneConverter } from '../../../server/modules/ingest/domain/value.parser';

/** The outcome of a parser: its value, or the message it refused with. */
function outcome<T>(fn: () => T): { value?: T; error?: string } {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('fast paths of the value parsers give exactly what the general (regex) path gives', () => {
  // "t" as separator is accepted only by the general ISO regex (case-insensitive), so each pair compares the two paths.
  const stamps: string[] = [];
  for (const date of ['2026-01-05', '2024-02-29', '2026-02-29', '2026-04-31', '2026-12-31', '1999-13-01', '0050-06-15', '9999-12-31', '2026-00-10'])
    for (const time of ['00:00:00', '09:15:07', '23:59:59', '24:00:00', '12:60:00'])
      for (const fraction of ['', '.000', '.570', '.999', '.5', '.1234'])
        for (const offset of ['', 'Z', 'z', '+08:00', '-05:30', '-00:00', '+0800', '+14:00']) stamps.push(`${date}T${time}${fraction}${offset}`);

  it(`reads ${stamps.length} ISO date-times (valid and invalid) as the general path does`, () => {
    const zone = new ZoneConverter('America/New_York');
    const differing = stamps.filter((text) => {
      const general = text.replace('T', 't');
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      return (
        !same(outcome(() => parseDateTime(text, null)), outcome(() => parseDateTime(general, null))) ||
        !same(outcome(() => parseDateTime(text.replace('T', ' '), null)), outcome(() => parseDateTime(general, null))) ||
        !same(outcome(() => zone.toUtc(parseDateTime(text, null)).toISOString()), outcome(() => zone.toUtc(parseDateTime(general, null)).toISOString()))
      );
    });
    expect(differing).toEqual([]);
  });

  it('reads plain digits for integers and durations as the regex path does ("+" forces the regex path)', () => {
    for (const digits of ['0', '7', '007', '10', '11', '95', '3600', '999999999999999', '9999999999999999']) {
      for (const [min, max] of [[0, 10], [1, 5], [0, Number.MAX_SAFE_INTEGER]]) {
        expect(outcome(() => parseInteger(digits, min, max))).toEqual(outcome(() => parseInteger(`+${digits}`, min, max)));
      }
      expect(outcome(() => parseDuration(digits))).toEqual(outcome(() => parseDuration(`+${digits}`)));
    }
  });

  it('reads true and false as the word list does', () => {
    expect(parseBoolean('true')).toBe(parseBoolean('TRUE'));
    expect(parseBoolean('false')).toBe(parseBoolean('FALSE'));
  });
});
