import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * QA sampling (batches of calls assigned for scoring) and calibration sessions (several
 * evaluators score one call blind). Calibration evaluations live in qa_evaluations with a
 * calibration_id and stay 'draft': they are practice scores and never count in KPIs.
 */
export class CreateQaSamplingCalibration1795388830585 implements MigrationInterface {
  name = 'CreateQaSamplingCalibration1795388830585';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE qa_sample_batches (
        id serial PRIMARY KEY,
        seed text NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        created_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE qa_sample_calls (
        batch_id integer NOT NULL REFERENCES qa_sample_batches (id) ON DELETE CASCADE,
        call_id bigint NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        agent_id integer NOT NULL REFERENCES agents (id),
        PRIMARY KEY (batch_id, call_id)
      );
      CREATE INDEX qa_sample_calls_call_idx ON qa_sample_calls (call_id);

      CREATE TABLE qa_calibrations (
        id serial PRIMARY KEY,
        call_id bigint NOT NULL REFERENCES calls (id),
        form_version_id integer NOT NULL REFERENCES qa_form_versions (id),
        agent_id integer NOT NULL REFERENCES agents (id),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        created_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_by integer REFERENCES users (id),
        closed_at timestamptz
      );

      CREATE TABLE qa_calibration_evaluators (
        calibration_id integer NOT NULL REFERENCES qa_calibrations (id) ON DELETE CASCADE,
        user_id integer NOT NULL REFERENCES users (id),
        PRIMARY KEY (calibration_id, user_id)
      );

      ALTER TABLE qa_evaluations ADD COLUMN calibration_id integer REFERENCES qa_calibrations (id) ON DELETE CASCADE;
      ALTER TABLE qa_evaluations ADD CONSTRAINT qa_evaluations_calibration_draft CHECK (calibration_id IS NULL OR status = 'draft');
      CREATE UNIQUE INDEX qa_evaluations_calibration_evaluator_idx ON qa_evaluations (calibration_id, evaluator_id) WHERE calibration_id IS NOT NULL;
      -- "Is this sampled call scored yet?" also matches imported evaluations that name the call only by its id.
      CREATE INDEX qa_evaluations_call_external_idx ON qa_evaluations (call_external_id) WHERE call_external_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX qa_evaluations_call_external_idx;
      DROP INDEX qa_evaluations_calibration_evaluator_idx;
      ALTER TABLE qa_evaluations DROP CONSTRAINT qa_evaluations_calibration_draft;
      ALTER TABLE qa_evaluations DROP COLUMN calibration_id;
      DROP TABLE qa_calibration_evaluators, qa_calibrations, qa_sample_calls, qa_sample_batches;
    `);
  }
}
