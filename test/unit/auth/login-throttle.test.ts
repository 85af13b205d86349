import { accountKey, loginRetryAfterSeconds, retryAfterMs } from '../../../server/modules/auth/domain/login-throttle';

const MIN = 60_000;

describe('retryAfterMs (3 failures per 10 minutes)', () => {
  // Failures at minute 0, 2 and 5: the third fills the window; the key is free again once the
  // failure at minute 0 leaves it, i.e. at minute 10.
  it.each([
    ['after two failures', [0, 2], 4 * MIN, 0],
    ['right after the third failure', [0, 2, 5], 5 * MIN, 5 * MIN],
    ['one minute before the oldest leaves', [0, 2, 5], 9 * MIN, 1 * MIN],
    ['when the oldest has left', [0, 2, 5], 10 * MIN, 0],
    ['with four failures the second-oldest decides', [0, 2, 5, 6], 10 * MIN, 2 * MIN],
    ['in any order', [6, 0, 5, 2], 10 * MIN, 2 * MIN],
  ])('%s', (_label, failuresAtMinute, now, expected) => {
    expect(retryAfterMs({ limit: 3, windowMs: 10 * MIN }, (failuresAtMinute as number[]).map((m) => m * MIN), now as number)).toBe(expected);
  });
});

describe('loginRetryAfterSeconds (account 2, address 3 per 15 minutes)', () => {
  const rules = { account: { limit: 2, windowMs: 15 * MIN }, address: { limit: 3, windowMs: 15 * MIN } };

  it('refuses an account after its limit, whatever the address', () => {
    // 15 min after the first failure (at 0 s), asked at 1 s: 899 s.
    expect(loginRetryAfterSeconds({ account: [0, 1000], address: [] }, 1000, rules)).toBe(899);
    expect(loginRetryAfterSeconds({ account: [0], address: [] }, 1000, rules)).toBe(0);
  });

  it('refuses an address after its limit, whatever the account, rounding up', () => {
    // Oldest failure at 0 ms leaves the window at 900 000 ms; asked at 500 ms: 899.5 s -> 900 s.
    expect(loginRetryAfterSeconds({ account: [], address: [0, 0, 500] }, 500, rules)).toBe(900);
  });

  it('takes the longer of the two waits', () => {
    // account: the 2nd newest (30 s) leaves at 930 s, asked at 60 s: 870 s; address: 900 - 60 = 840 s.
    expect(loginRetryAfterSeconds({ account: [30_000, 60_000], address: [0, 0, 500] }, 60_000, rules)).toBe(870);
  });

  it('treats the email case- and space-insensitively', () => {
    expect(accountKey(' Li@Example.com ')).toBe('li@example.com');
  });
});
