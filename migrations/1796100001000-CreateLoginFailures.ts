import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins, kept in PostgreSQL so every server process on the database counts the same
 * failures (docs/decisions.md, "Sign-in throttling"). Rows older than the longest window are
 * deleted as new failures come in.
 */
export class CreateLoginFailures1796100001000 implements MigrationInterface {
  name = 'CreateLoginFailures1796100001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE login_failures (
        id bigserial PRIMARY KEY,
        account text NOT NULL,
        address text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_failures_account_idx ON login_failures (account, failed_at)`);
    await q.query(`CREATE INDEX login_failures_address_idx ON login_failures (address, failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_failures`);
  }
}
