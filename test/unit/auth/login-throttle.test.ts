import { accountKey, LOGIN_RULES, loginRetryAfterSeconds, retryAfterMs } from '../../../server/modules/auth/domain/login-throttle';

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

describe('loginRetryAfterSeconds with the product rules', () => {
  const none = { pair: [], account: [], address: [] };
  const times = (n: number, at = 0) => Array.from({ length: n }, (_, i) => at + i);

  it('has a pair limit far below the account ceiling (a stranger cannot lock the owner out)', () => {
    expect(LOGIN_RULES.pair.limit).toBe(5);
    expect(LOGIN_RULES.account.limit).toBe(100);
    expect(LOGIN_RULES.address.limit).toBe(30);
  });

  it.each([
    ['4 failures of the pair', { ...none, pair: times(4), account: times(4), address: times(4) }, 0],
    // 15 min after the oldest of the 5 (at 0 ms), asked at 4 ms: 899.996 s -> 900 s.
    ['5 failures of the pair', { ...none, pair: times(5), account: times(5), address: times(5) }, 900],
    ['99 failures of the account from elsewhere', { ...none, account: times(99) }, 0],
    ['100 failures of the account from elsewhere', { ...none, account: times(100) }, 900],
    ['30 failures of the address on other accounts', { ...none, address: times(30) }, 900],
  ])('%s -> %i s', (_label, failures, expected) => {
    expect(loginRetryAfterSeconds(failures, 4)).toBe(expected);
  });

  it('takes the longest wait of the keys over their limit', () => {
    const wait = loginRetryAfterSeconds({ pair: times(5, 10 * MIN), account: times(100, 0), address: [] }, 10 * MIN + 4);
    // The pair filled at minute 10 waits until minute 25; the account until minute 15.
    expect(wait).toBe(900);
  });

  it('treats the email case- and space-insensitively', () => {
    expect(accountKey(' Li@Example.COM ')).toBe('li@example.com');
  });
});
