import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 19: a dispute may point at items of the evaluation, each with the agent's reason. */
export class AddEvaluationDisputeItems1796600000000 implements MigrationInterface {
  name = 'AddEvaluationDisputeItems1796600000000';

  async up(q: QueryRunner): Promise<void> {
    // [{ itemId, reason }], in the order the agent gave them; [] for a whole-evaluation dispute.
    await q.query(`ALTER TABLE qa_evaluations ADD COLUMN dispute_items jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE qa_evaluations DROP COLUMN dispute_items`);
  }
}
