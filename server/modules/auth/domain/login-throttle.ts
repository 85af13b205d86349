/**
 * Sign-in throttling rules (pure; docs/decisions.md "Sign-in throttling"). Failed sign-ins are
 * counted under three keys, each in a sliding window:
 * - the account and address pair: the brute-force limit proper, low;
 * - the account alone: a much higher ceiling, so guessing spread over many addresses still
 *   stops, while a stranger at one address cannot lock the owner out;
 * - the address alone: one client spraying many accounts.
 * A sign-in is refused while any key is over its limit, until the failure that filled it leaves
 * the window. Where the failures are kept (PostgreSQL) is the caller's business.
 */
export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export type ThrottleKey = 'pair' | 'account' | 'address';

const WINDOW_MS = 15 * 60_000;
export const LOGIN_RULES: Record<ThrottleKey, ThrottleRule> = {
  pair: { limit: 5, windowMs: WINDOW_MS },
  account: { limit: 100, windowMs: WINDOW_MS },
  address: { limit: 30, windowMs: WINDOW_MS },
};

/** Milliseconds until a key with these failure times (any order) may try again; 0 when it may now. */
export function retryAfterMs(rule: ThrottleRule, failures: readonly number[], now: number): number {
  const recent = failures.filter((t) => t > now - rule.windowMs).sort((a, b) => b - a);
  if (recent.length < rule.limit) return 0;
  // Once the limit-th newest failure leaves the window, the key is under its limit again.
  return recent[rule.limit - 1] + rule.windowMs - now;
}

/** Seconds (rounded up) until a sign-in with these failures per key may be tried; 0 when it may now. */
export function loginRetryAfterSeconds(failures: Record<ThrottleKey, readonly number[]>, now: number, rules = LOGIN_RULES): number {
  const ms = Math.max(...(Object.keys(rules) as ThrottleKey[]).map((k) => retryAfterMs(rules[k], failures[k], now)));
  return Math.ceil(ms / 1000);
}

/** The account key: email case and surrounding spaces do not make a new account. */
export const accountKey = (email: string) => email.trim().toLowerCase();
