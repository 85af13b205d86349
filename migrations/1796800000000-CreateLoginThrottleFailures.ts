import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins in PostgreSQL, so every server process on the database counts the same
 * failures (docs/scaling.md). One row per key a failure counts under (kind 'account' or
 * 'address'): a successful sign-in forgives the account's rows and leaves the address's.
 */
export class CreateLoginThrottleFailures1796800000000 implements MigrationInterface {
  name = 'CreateLoginThrottleFailures1796800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_throttle_failures (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('account', 'address')),
        key text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_throttle_failures_key_idx ON login_throttle_failures (kind, key, failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_throttle_failures`);
  }
}
