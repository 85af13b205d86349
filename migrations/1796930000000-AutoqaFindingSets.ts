import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * AutoQA findings stored one row per contact × version (issue 16): `autoqa_finding_sets` holds a
 * contact's findings under a version as aligned arrays — `rules[i]`, `outcomes[i]` ('p', 'f', 'n')
 * and `evidence->i` (`[[seq, start, end], …]`, JSON null = no evidence; the column is NULL when no
 * finding has evidence). A transcript import writes six times fewer rows (one per contact instead
 * of one per rule) and maintains one primary-key entry per contact: the per-rule B-tree was most of
 * the findings' COPY cost (docs/performance.md, "Transcript import with and without AutoQA scoring").
 * The evidence is `json`, not `jsonb`: COPY only checks json text, while building jsonb took about
 * half of the new table's COPY time; the view casts the few elements a reader asks for. Its length
 * matching `rules` is the writer's guarantee (checking it would parse every row again).
 *
 * `autoqa_findings` stays as a view with its old columns and meaning (one row per contact × version
 * × rule, evidence SQL NULL where there is none), so every reader is unchanged; filters on
 * call_id / rule_set_id reach the base table's primary key.
 */
export class AutoqaFindingSets1796930000000 implements MigrationInterface {
  name = 'AutoqaFindingSets1796930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE autoqa_finding_sets (
        call_id bigint NOT NULL,
        rule_set_id integer NOT NULL,
        rules text[] NOT NULL,
        outcomes "char"[] NOT NULL CHECK (outcomes <@ '{p,f,n}'::"char"[]),
        evidence json,
        PRIMARY KEY (call_id, rule_set_id),
        CHECK (cardinality(rules) = cardinality(outcomes))
      )`);
    await q.query(`
      INSERT INTO autoqa_finding_sets (call_id, rule_set_id, rules, outcomes, evidence)
      SELECT call_id, rule_set_id, array_agg(rule ORDER BY rule), array_agg(outcome ORDER BY rule),
             CASE WHEN bool_or(evidence IS NOT NULL) THEN jsonb_agg(evidence ORDER BY rule)::json END
        FROM autoqa_findings GROUP BY call_id, rule_set_id`);
    await q.query(`DROP TABLE autoqa_findings`);
    await q.query(`
      CREATE VIEW autoqa_findings (call_id, rule_set_id, rule, outcome, evidence) AS
      SELECT s.call_id, s.rule_set_id, u.rule, u.outcome, NULLIF((s.evidence -> (u.ord - 1)::int)::jsonb, 'null'::jsonb)
        FROM autoqa_finding_sets s
        CROSS JOIN LATERAL unnest(s.rules, s.outcomes) WITH ORDINALITY AS u (rule, outcome, ord)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER VIEW autoqa_findings RENAME TO autoqa_findings_unnested`);
    await q.query(`
      CREATE TABLE autoqa_findings (
        call_id bigint NOT NULL,
        rule_set_id integer NOT NULL,
        rule text NOT NULL,
        outcome "char" NOT NULL CHECK (outcome IN ('p', 'f', 'n')),
        evidence jsonb,
        PRIMARY KEY (call_id, rule_set_id, rule)
      )`);
    await q.query(`INSERT INTO autoqa_findings SELECT call_id, rule_set_id, rule, outcome, evidence FROM autoqa_findings_unnested`);
    await q.query(`DROP VIEW autoqa_findings_unnested`);
    await q.query(`DROP TABLE autoqa_finding_sets`);
  }
}
