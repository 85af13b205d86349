import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ACCOUNT_RULE, accountKey, ADDRESS_RULE, loginRetryAfterSeconds } from './domain/login-throttle';

/**
 * Failed sign-ins in PostgreSQL (login_throttle_failures), so a throttle tripped on one server
 * holds on every other; the database clock is the only clock. Only the newest `limit` failures
 * of each key inside its window are read.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly db: DataSource) {}

  async retryAfterSeconds(email: string, address: string): Promise<number> {
    const rows: Array<{ kind: 'account' | 'address'; at: string; now: string }> = await this.db.query(
      `WITH k(kind, key, window_ms, lim) AS (VALUES ('account', $1::text, $2::float8, $3::int), ('address', $4::text, $5::float8, $6::int))
       SELECT k.kind, f.at, extract(epoch FROM now()) * 1000 AS now FROM k
         LEFT JOIN LATERAL (
           SELECT extract(epoch FROM failed_at) * 1000 AS at FROM login_throttle_failures
            WHERE kind = k.kind AND key = k.key AND failed_at > now() - make_interval(secs => k.window_ms / 1000)
            ORDER BY failed_at DESC LIMIT k.lim) f ON true`,
      [accountKey(email), ACCOUNT_RULE.windowMs, ACCOUNT_RULE.limit, address, ADDRESS_RULE.windowMs, ADDRESS_RULE.limit],
    );
    const failures = { account: [] as number[], address: [] as number[] };
    for (const r of rows) if (r.at !== null) failures[r.kind].push(Number(r.at));
    return loginRetryAfterSeconds(failures, Number(rows[0].now));
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await this.db.query(`INSERT INTO login_throttle_failures (kind, key) VALUES ('account', $1), ('address', $2)`, [accountKey(email), address]);
    // Failures older than both windows count for nothing; an occasional sweep keeps the table small.
    if (Math.random() < 0.02) {
      await this.db.query(`DELETE FROM login_throttle_failures WHERE failed_at < now() - make_interval(secs => $1 / 1000.0)`, [Math.max(ACCOUNT_RULE.windowMs, ADDRESS_RULE.windowMs)]);
    }
  }

  /** A successful sign-in forgives the account's failures; the address keeps its count. */
  async recordSuccess(email: string): Promise<void> {
    await this.db.query(`DELETE FROM login_throttle_failures WHERE kind = 'account' AND key = $1`, [accountKey(email)]);
  }
}
