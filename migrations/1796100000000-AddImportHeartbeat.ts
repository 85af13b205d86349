import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A queued import holds no database connection, so nothing in PostgreSQL shows that its server
 * still runs: the owning process stamps heartbeat_at every few seconds, and a queued import
 * whose stamp went stale belonged to a server that died. The partial index keeps the sweep cheap.
 */
export class AddImportHeartbeat1796100000000 implements MigrationInterface {
  name = 'AddImportHeartbeat1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imports ADD COLUMN heartbeat_at timestamptz`);
    await q.query(`CREATE INDEX imports_unfinished_idx ON imports (kind, created_at) WHERE status IN ('queued', 'running')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX imports_unfinished_idx`);
    await q.query(`ALTER TABLE imports DROP COLUMN heartbeat_at`);
  }
}
