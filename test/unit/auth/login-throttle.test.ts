import { FailureWindow, LoginThrottle } from '../../../server/modules/auth/domain/login-throttle';

const MIN = 60_000;

describe('FailureWindow (3 failures per 10 minutes)', () => {
  // Failures at minute 0, 2 and 5: the third fills the window; the key is free again once the
  // failure at minute 0 leaves it, i.e. at minute 10.
  it.each([
    ['after two failures', [0, 2], 4 * MIN, 0],
    ['right after the third failure', [0, 2, 5], 5 * MIN, 5 * MIN],
    ['one minute before the oldest leaves', [0, 2, 5], 9 * MIN, 1 * MIN],
    ['when the oldest has left', [0, 2, 5], 10 * MIN, 0],
    ['with four failures the second-oldest decides', [0, 2, 5, 6], 10 * MIN, 2 * MIN],
  ])('%s', (_label, failuresAtMinute, now, expected) => {
    const w = new FailureWindow({ limit: 3, windowMs: 10 * MIN });
    for (const m of failuresAtMinute as number[]) w.recordFailure('k', m * MIN);
    expect(w.retryAfterMs('k', now as number)).toBe(expected);
  });

  it('keeps keys apart and forgets a cleared key', () => {
    const w = new FailureWindow({ limit: 1, windowMs: 10 * MIN });
    w.recordFailure('a', 0);
    expect(w.retryAfterMs('a', 0)).toBe(10 * MIN);
    expect(w.retryAfterMs('b', 0)).toBe(0);
    w.clear('a');
    expect(w.retryAfterMs('a', 0)).toBe(0);
  });

  it('remembers at most maxKeys keys, dropping the least recently failed', () => {
    const w = new FailureWindow({ limit: 1, windowMs: 10 * MIN }, 2);
    w.recordFailure('a', 0);
    w.recordFailure('b', 1);
    w.recordFailure('c', 2);
    expect(w.retryAfterMs('a', 3)).toBe(0);
    expect(w.retryAfterMs('b', 3)).toBe(10 * MIN - 2);
    expect(w.retryAfterMs('c', 3)).toBe(10 * MIN - 1);
  });
});

describe('LoginThrottle', () => {
  const throttle = () => new LoginThrottle({ limit: 2, windowMs: 15 * MIN }, { limit: 3, windowMs: 15 * MIN });

  it('refuses an account after its limit, whatever the address, and treats the email case-insensitively', () => {
    const t = throttle();
    t.recordFailure('Li@Example.com', '10.0.0.1', 0);
    t.recordFailure('li@example.com ', '10.0.0.2', 1000);
    // 15 min after the first failure (at 0 s), rounded up to whole seconds: 900 s.
    expect(t.retryAfterSeconds('LI@example.com', '10.0.0.3', 1000)).toBe(899);
    expect(t.retryAfterSeconds('other@example.com', '10.0.0.3', 1000)).toBe(0);
  });

  it('refuses an address after its limit, whatever the account', () => {
    const t = throttle();
    t.recordFailure('a@x.cn', '10.0.0.9', 0);
    t.recordFailure('b@x.cn', '10.0.0.9', 0);
    t.recordFailure('c@x.cn', '10.0.0.9', 500);
    // Oldest failure at 0 ms leaves the window at 900 000 ms; asked at 500 ms: 899.5 s -> 900 s.
    expect(t.retryAfterSeconds('d@x.cn', '10.0.0.9', 500)).toBe(900);
    expect(t.retryAfterSeconds('d@x.cn', '10.0.0.8', 500)).toBe(0);
  });

  it('forgives the account, not the address, on a successful sign-in', () => {
    const t = throttle();
    t.recordFailure('a@x.cn', '10.0.0.9', 0);
    t.recordFailure('a@x.cn', '10.0.0.9', 0);
    t.recordSuccess('A@x.cn');
    expect(t.retryAfterSeconds('a@x.cn', '10.0.0.7', 0)).toBe(0);
    t.recordFailure('b@x.cn', '10.0.0.9', 0);
    expect(t.retryAfterSeconds('c@x.cn', '10.0.0.9', 0)).toBe(900);
  });
});
