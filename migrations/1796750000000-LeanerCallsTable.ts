import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A leaner `calls` (issue 21; each structure measured in docs/ingest.md "What each structure of
 * calls costs"): the two foreign keys (`agent_id` → agents, `import_id` → imports) become one
 * statement-level check. A foreign key locks the referenced row once per written call (a
 * million `FOR KEY SHARE` probes of the same 1,000 agents for a million calls); the check locks
 * each distinct referenced row once per statement, set-based over the statement's new rows
 * (a transition table). The lock keeps the foreign key's guarantee against a concurrent
 * delete; the delete side is a statement trigger on `agents` (refuses while calls refer to the
 * agent, like NO ACTION) and on `imports` (clears `calls.import_id`, like ON DELETE SET NULL).
 * Not covered: changing `agents.id` or `imports.id`, which nothing does (serial / uuid keys).
 *
 * The three secondary indexes stay: (started_at) for every day/week range read of calls (rollup
 * refresh, review, sampling) — a BRIN index was measured and dropped: any call rewritten into
 * free space elsewhere in the heap widens that block range's summary for good, so ranges decay
 * with corrections; (agent_id, started_at) for an agent's AutoQA findings over up to a year, the
 * days of a moved agent's calls and the agent delete check; (customer_id, started_at) partial
 * for the repeat-contact refresh.
 */
export class LeanerCallsTable1796750000000 implements MigrationInterface {
  name = 'LeanerCallsTable1796750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls DROP CONSTRAINT calls_agent_id_fkey, DROP CONSTRAINT calls_import_id_fkey`);
    await q.query(`
      CREATE FUNCTION calls_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        missing text;
      BEGIN
        SELECT string_agg(w.agent_id::text, ', ') INTO missing
          FROM (SELECT DISTINCT agent_id FROM written WHERE agent_id IS NOT NULL) w
          LEFT JOIN (SELECT a.id FROM agents a WHERE a.id IN (SELECT agent_id FROM written) FOR KEY SHARE OF a) found ON found.id = w.agent_id
         WHERE found.id IS NULL;
        IF missing IS NOT NULL THEN
          RAISE foreign_key_violation USING MESSAGE = format('calls refer to agents that do not exist: %s', missing), TABLE = 'calls', COLUMN = 'agent_id';
        END IF;
        SELECT string_agg(w.import_id::text, ', ') INTO missing
          FROM (SELECT DISTINCT import_id FROM written WHERE import_id IS NOT NULL) w
          LEFT JOIN (SELECT i.id FROM imports i WHERE i.id IN (SELECT import_id FROM written) FOR KEY SHARE OF i) found ON found.id = w.import_id
         WHERE found.id IS NULL;
        IF missing IS NOT NULL THEN
          RAISE foreign_key_violation USING MESSAGE = format('calls refer to imports that do not exist: %s', missing), TABLE = 'calls', COLUMN = 'import_id';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER calls_check_references_insert AFTER INSERT ON calls REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION calls_check_references()`);
    await q.query(`CREATE TRIGGER calls_check_references_update AFTER UPDATE ON calls REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION calls_check_references()`);

    await q.query(`
      CREATE FUNCTION agents_refuse_delete_with_calls() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        referenced text;
      BEGIN
        SELECT string_agg(g.id::text, ', ') INTO referenced FROM gone g WHERE EXISTS (SELECT 1 FROM calls c WHERE c.agent_id = g.id);
        IF referenced IS NOT NULL THEN
          RAISE foreign_key_violation USING MESSAGE = format('agents %s still have calls', referenced), TABLE = 'agents';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER agents_refuse_delete_with_calls AFTER DELETE ON agents REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION agents_refuse_delete_with_calls()`);
    await q.query(`
      CREATE FUNCTION imports_clear_call_import() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE calls SET import_id = NULL WHERE import_id IN (SELECT id FROM gone);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER imports_clear_call_import AFTER DELETE ON imports REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION imports_clear_call_import()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER imports_clear_call_import ON imports`);
    await q.query(`DROP FUNCTION imports_clear_call_import()`);
    await q.query(`DROP TRIGGER agents_refuse_delete_with_calls ON agents`);
    await q.query(`DROP FUNCTION agents_refuse_delete_with_calls()`);
    await q.query(`DROP TRIGGER calls_check_references_update ON calls`);
    await q.query(`DROP TRIGGER calls_check_references_insert ON calls`);
    await q.query(`DROP FUNCTION calls_check_references()`);
    await q.query(`ALTER TABLE calls ADD CONSTRAINT calls_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES agents (id)`);
    await q.query(`ALTER TABLE calls ADD CONSTRAINT calls_import_id_fkey FOREIGN KEY (import_id) REFERENCES imports (id) ON DELETE SET NULL`);
  }
}
