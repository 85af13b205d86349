/**
 * Counts failed sign-ins per key (an account's email, a client address) in a sliding window.
 * Pure and clock-driven so the rules can be tested without waiting: once a key has `limit`
 * failures inside `windowMs`, it is refused until the oldest of them leaves the window.
 */
export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: ThrottleRule,
    /** Upper bound on remembered keys, so a flood of made-up emails cannot exhaust memory. */
    private readonly maxKeys = 100_000,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.rule.limit) return 0;
    return recent[recent.length - this.rule.limit] + this.rule.windowMs - now;
  }

  recordFailure(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > this.maxKeys) this.evictOldest();
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const since = now - this.rule.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  /** Keys are re-inserted on each failure, so the first in the map is the least recently failed. */
  private evictOldest(): void {
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) return;
      this.failures.delete(key);
    }
  }
}

export const ACCOUNT_RULE: ThrottleRule = { limit: 5, windowMs: 15 * 60_000 };
export const ADDRESS_RULE: ThrottleRule = { limit: 30, windowMs: 15 * 60_000 };

/** Both windows together: a sign-in is refused when either the account or the address is over its limit. */
export class LoginThrottle {
  private readonly accounts: FailureWindow;
  private readonly addresses: FailureWindow;

  constructor(account: ThrottleRule = ACCOUNT_RULE, address: ThrottleRule = ADDRESS_RULE) {
    this.accounts = new FailureWindow(account);
    this.addresses = new FailureWindow(address);
  }

  /** Seconds to wait (rounded up) before `email` from `address` may try, or 0. */
  retryAfterSeconds(email: string, address: string, now: number): number {
    const ms = Math.max(this.accounts.retryAfterMs(accountKey(email), now), this.addresses.retryAfterMs(address, now));
    return Math.ceil(ms / 1000);
  }

  recordFailure(email: string, address: string, now: number): void {
    this.accounts.recordFailure(accountKey(email), now);
    this.addresses.recordFailure(address, now);
  }

  /** A successful sign-in forgives the account's failures; the address keeps its count. */
  recordSuccess(email: string): void {
    this.accounts.clear(accountKey(email));
  }
}

const accountKey = (email: string) => email.trim().toLowerCase();
