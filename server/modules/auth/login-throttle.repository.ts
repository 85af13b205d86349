import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { accountKey, LOGIN_RULES, loginRetryAfterSeconds, ThrottleKey } from './domain/login-throttle';

/**
 * Failed sign-ins in PostgreSQL (table login_failures), so every server process on the database
 * counts the same failures; the database clock is the only clock. Only the newest `limit`
 * failures of each key inside its window are read.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly db: DataSource) {}

  async retryAfterSeconds(email: string, address: string): Promise<number> {
    const r = LOGIN_RULES;
    const rows: Array<{ k: ThrottleKey; at: number; now: number }> = await this.db.query(
      `WITH k AS (SELECT $1::text AS account, $2::text AS address, now() AS now)
       SELECT 'pair' AS k, extract(epoch FROM f.failed_at) * 1000 AS at, extract(epoch FROM k.now) * 1000 AS now FROM k, LATERAL (
         SELECT failed_at FROM login_failures WHERE account = k.account AND address = k.address AND failed_at > k.now - make_interval(secs => $3 / 1000.0)
          ORDER BY failed_at DESC LIMIT $4) f
       UNION ALL
       SELECT 'account', extract(epoch FROM f.failed_at) * 1000, extract(epoch FROM k.now) * 1000 FROM k, LATERAL (
         SELECT failed_at FROM login_failures WHERE account = k.account AND failed_at > k.now - make_interval(secs => $5 / 1000.0)
          ORDER BY failed_at DESC LIMIT $6) f
       UNION ALL
       SELECT 'address', extract(epoch FROM f.failed_at) * 1000, extract(epoch FROM k.now) * 1000 FROM k, LATERAL (
         SELECT failed_at FROM login_failures WHERE address = k.address AND failed_at > k.now - make_interval(secs => $7 / 1000.0)
          ORDER BY failed_at DESC LIMIT $8) f`,
      [accountKey(email), address, r.pair.windowMs, r.pair.limit, r.account.windowMs, r.account.limit, r.address.windowMs, r.address.limit],
    );
    if (!rows.length) return 0;
    const failures: Record<ThrottleKey, number[]> = { pair: [], account: [], address: [] };
    for (const row of rows) failures[row.k].push(Number(row.at));
    return loginRetryAfterSeconds(failures, Number(rows[0].now));
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await this.db.query(`INSERT INTO login_failures (account, address) VALUES ($1, $2)`, [accountKey(email), address]);
    // Failures older than every window count for nothing; an occasional sweep keeps the table small.
    if (Math.random() < 0.02) {
      const longest = Math.max(...Object.values(LOGIN_RULES).map((rule) => rule.windowMs));
      await this.db.query(`DELETE FROM login_failures WHERE failed_at < now() - make_interval(secs => $1 / 1000.0)`, [longest]);
    }
  }

  /** The owner got in from this address: that pair starts afresh (the account's and address's counts stay). */
  async recordSuccess(email: string, address: string): Promise<void> {
    await this.db.query(`DELETE FROM login_failures WHERE account = $1 AND address = $2`, [accountKey(email), address]);
  }
}
