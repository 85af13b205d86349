import { MigrationInterface, QueryRunner } from 'typeorm';

const CALL_GRAINS = ['kpi_call_daily', 'kpi_call_team_daily', 'kpi_call_agent_monthly', 'kpi_call_agent_monthly_all', 'kpi_call_agent_weekly_all', 'kpi_call_team_weekly_all'];

/**
 * Transcripts and AutoQA (autoqa.md): turns of a call, versioned rule sets, per contact × rule
 * findings with evidence, the per-contact score, overrules, and the re-scoring job's state.
 * Sized for tens of millions of turns: a turn row is (call_id, seq, offset_ms, speaker, text)
 * with the primary key as the only index; evidence stores turn seq and span, not the text again.
 * No foreign keys to `calls` on the wide tables: a key check takes a FOR KEY SHARE lock on the
 * referenced call, i.e. writes the calls row again (see CreateCallRepeatFlags); writers resolve
 * call ids from `calls` themselves and calls are never deleted by the application.
 * The call rollups get the AutoQA sums (kpi-spec section 8).
 */
export class CreateAutoQa1796200000000 implements MigrationInterface {
  name = 'CreateAutoQa1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls ADD COLUMN recording_url text`);
    await q.query(`ALTER TABLE imports DROP CONSTRAINT IF EXISTS imports_kind_check`);
    await q.query(`ALTER TABLE imports ADD CONSTRAINT imports_kind_check CHECK (kind IN ('calls', 'surveys', 'agents', 'evaluations', 'transcripts', 'complaints'))`);
    await q.query(`
      -- One row per call with a transcript: the hash of its turns makes a re-import of the same rows a no-op.
      CREATE TABLE transcripts (
        call_id bigint PRIMARY KEY,
        turns integer NOT NULL,
        row_hash text NOT NULL,
        import_id uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- speaker: 0 agent, 1 customer, 2 system. offset_ms: offset_s in milliseconds (NULL = unknown).
      CREATE TABLE transcript_turns (
        call_id bigint NOT NULL,
        seq integer NOT NULL,
        offset_ms integer CHECK (offset_ms >= 0),
        speaker smallint NOT NULL CHECK (speaker BETWEEN 0 AND 2),
        text text NOT NULL,
        PRIMARY KEY (call_id, seq)
      );

      CREATE TABLE autoqa_rule_sets (
        id serial PRIMARY KEY,
        version integer NOT NULL,
        rules jsonb NOT NULL,
        created_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT autoqa_rule_sets_version_unique UNIQUE (version)
      );

      -- current: the version the figures use (every stored transcript scored by it);
      -- target: the newest version, equal to current unless a re-score is running.
      CREATE TABLE autoqa_state (
        id smallint PRIMARY KEY DEFAULT 1 CONSTRAINT autoqa_state_single_row CHECK (id = 1),
        current_rule_set_id integer REFERENCES autoqa_rule_sets (id),
        target_rule_set_id integer REFERENCES autoqa_rule_sets (id),
        rescore_total integer NOT NULL DEFAULT 0,
        rescore_done integer NOT NULL DEFAULT 0,
        rescore_started_at timestamptz,
        rescore_finished_at timestamptz,
        rescore_error text
      );
      INSERT INTO autoqa_state (id) VALUES (1);

      -- The effective result of a contact under a version (overrules applied): what the rollups sum.
      -- forbidden: the effective outcome of the forbidden_phrases rule ('p', 'f', 'n'; NULL = no such rule).
      CREATE TABLE autoqa_results (
        call_id bigint NOT NULL,
        rule_set_id integer NOT NULL,
        score double precision CHECK (score BETWEEN 0 AND 100),
        auto_fail boolean NOT NULL,
        forbidden "char",
        PRIMARY KEY (call_id, rule_set_id)
      );

      -- The engine's outcome per contact × rule ('p', 'f', 'n') and its evidence: [[seq, start, end], ...]
      -- indexing the original text of the turn (the text itself stays in transcript_turns).
      CREATE TABLE autoqa_findings (
        call_id bigint NOT NULL,
        rule_set_id integer NOT NULL,
        rule text NOT NULL,
        outcome "char" NOT NULL CHECK (outcome IN ('p', 'f', 'n')),
        evidence jsonb,
        PRIMARY KEY (call_id, rule_set_id, rule)
      );

      -- A supervisor's word on one finding of one contact; applies to every version's result.
      CREATE TABLE autoqa_overrules (
        call_id bigint NOT NULL,
        rule text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('pass', 'fail', 'na')),
        reason text NOT NULL,
        user_id integer REFERENCES users (id) ON DELETE SET NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (call_id, rule)
      );
    `);
    for (const table of CALL_GRAINS) {
      await q.query(`
        ALTER TABLE ${table}
          ADD COLUMN autoqa_scored integer NOT NULL DEFAULT 0,
          ADD COLUMN autoqa_score_sum numeric(24, 10) NOT NULL DEFAULT 0,
          ADD COLUMN autoqa_covered integer NOT NULL DEFAULT 0,
          ADD COLUMN forbidden_known integer NOT NULL DEFAULT 0,
          ADD COLUMN forbidden_failed integer NOT NULL DEFAULT 0`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of CALL_GRAINS) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN autoqa_scored, DROP COLUMN autoqa_score_sum, DROP COLUMN autoqa_covered, DROP COLUMN forbidden_known, DROP COLUMN forbidden_failed`);
    }
    await q.query(`DROP TABLE autoqa_overrules, autoqa_findings, autoqa_results, autoqa_state, autoqa_rule_sets, transcript_turns, transcripts`);
    await q.query(`DELETE FROM imports WHERE kind = 'transcripts'`);
    await q.query(`ALTER TABLE imports DROP CONSTRAINT imports_kind_check`);
    await q.query(`ALTER TABLE imports ADD CONSTRAINT imports_kind_check CHECK (kind IN ('calls', 'surveys', 'agents', 'evaluations', 'complaints'))`);
    await q.query(`ALTER TABLE calls DROP COLUMN recording_url`);
  }
}
