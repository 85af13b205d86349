/**
 * Sign-in throttling rules (pure, clock passed in): failed sign-ins are counted per key (an
 * account's email, a client address) in a sliding window. Once a key has `limit` failures inside
 * `windowMs`, it is refused until the oldest of them leaves the window. Where the failures are
 * kept (PostgreSQL, so every server process counts the same ones) is login-throttle.repository.ts.
 */
export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { limit: 30, windowMs: 15 * 60_000 };

/** Milliseconds until a key with these failure times (any order) may try again; 0 when it may now. */
export function retryAfterMs(rule: ThrottleRule, failures: readonly number[], now: number): number {
  const recent = failures.filter((t) => t > now - rule.windowMs).sort((a, b) => b - a);
  if (recent.length < rule.limit) return 0;
  // Once the limit-th newest failure leaves the window, the key is under its limit again.
  return recent[rule.limit - 1] + rule.windowMs - now;
}

/**
 * Both windows together: a sign-in is refused while the account or the address is over its
 * limit. Seconds, rounded up; 0 when it may try now.
 */
export function loginRetryAfterSeconds(
  failures: { account: readonly number[]; address: readonly number[] },
  now: number,
  rules: { account: ThrottleRule; address: ThrottleRule } = { account: ACCOUNT_RULE, address: ADDRESS_RULE },
): number {
  return Math.ceil(Math.max(retryAfterMs(rules.account, failures.account, now), retryAfterMs(rules.address, failures.address, now)) / 1000);
}

/** The account key: email case and surrounding spaces do not make a new account. */
export const accountKey = (email: string) => email.trim().toLowerCase();
