import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The repeat-contact flag (fcr_repeat) moves out of `calls` into a narrow insert-mostly table.
 * Kept on `calls`, every refresh rewrote whole call rows (a new heap tuple plus an entry in each of
 * the five indexes of `calls`, almost never HOT): a 100k-row import spent most of its time there
 * and a full rebuild took ~135 s per million calls. Rows exist only for calls that were eligible
 * (answered inbound with a customer id) when last computed; readers still check eligibility.
 * No foreign key to calls on purpose: its check takes a FOR KEY SHARE lock on each referenced
 * call, i.e. writes every calls row again (measured: 6.7 s of 11.7 s for the flags of 1M calls).
 * A deleted call leaves a harmless orphan row (ids are never reused, every reader joins from
 * calls); the next full rebuild drops it.
 */
export class CreateCallRepeatFlags1795391000000 implements MigrationInterface {
  name = 'CreateCallRepeatFlags1795391000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE call_repeat_flags (
        call_id bigint PRIMARY KEY,
        repeat boolean NOT NULL
      )`);
    await q.query(`
      INSERT INTO call_repeat_flags (call_id, repeat)
      SELECT id, repeat_contact FROM calls
       WHERE repeat_contact IS NOT NULL AND customer_id IS NOT NULL AND direction = 'inbound' AND answered`);
    await q.query(`ALTER TABLE calls DROP COLUMN repeat_contact`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls ADD COLUMN repeat_contact boolean`);
    await q.query(`UPDATE calls c SET repeat_contact = f.repeat FROM call_repeat_flags f WHERE f.call_id = c.id`);
    await q.query(`DROP TABLE call_repeat_flags`);
  }
}
