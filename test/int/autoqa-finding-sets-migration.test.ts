import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../server/config/data-source';
import { runMigrations } from '../../server/config/database';
import { createTestDatabase } from './support/test-database';

/**
 * Migration AutoqaFindingSets (1796930000000): the per-rule rows of autoqa_findings move into one
 * row per contact × version, and the autoqa_findings view reads back exactly the rows there were;
 * down() restores the table with the same rows.
 */
describe('migration AutoqaFindingSets', () => {
  it('moves every finding (outcome, evidence, NULL evidence) and down() restores them', async () => {
    const database = await createTestDatabase({ empty: true });
    try {
      await runMigrations(database.url);
      const ds = await new DataSource(dataSourceOptions(database.url)).initialize();
      const applied = async () => (await ds.query(`SELECT name FROM typeorm_migrations`)).map((r: { name: string }) => r.name) as string[];
      while ((await applied()).includes('AutoqaFindingSets1796930000000')) await ds.undoLastMigration({ transaction: 'each' });
      expect(await ds.query(`SELECT relkind FROM pg_class WHERE relname = 'autoqa_findings'`)).toEqual([{ relkind: 'r' }]);

      await ds.query(`
        INSERT INTO autoqa_findings (call_id, rule_set_id, rule, outcome, evidence) VALUES
          (1, 1, 'greeting', 'p', '[[0, 0, 2]]'), (1, 1, 'closing', 'f', NULL), (1, 1, 'forbidden_phrases', 'n', '[]'),
          (1, 2, 'greeting', 'f', NULL),
          (2, 1, 'zeta', 'p', NULL), (2, 1, 'alpha', 'n', NULL),
          (9007199254740993, 1, 'a,b "c"', 'f', '[[3, 1, 4], [5, 9, 26]]')`);
      const rows = () => ds.query(`SELECT call_id::text, rule_set_id, rule, outcome, evidence FROM autoqa_findings ORDER BY call_id, rule_set_id, rule`);
      const before = await rows();
      expect(before).toHaveLength(7);

      await ds.runMigrations({ transaction: 'each' });
      expect(await ds.query(`SELECT relkind FROM pg_class WHERE relname = 'autoqa_findings'`)).toEqual([{ relkind: 'v' }]);
      expect(await ds.query(`SELECT count(*)::int AS n FROM autoqa_finding_sets`)).toEqual([{ n: 4 }]);
      expect(await rows()).toEqual(before);

      while ((await applied()).includes('AutoqaFindingSets1796930000000')) await ds.undoLastMigration({ transaction: 'each' });
      expect(await ds.query(`SELECT relkind FROM pg_class WHERE relname = 'autoqa_findings'`)).toEqual([{ relkind: 'r' }]);
      expect(await rows()).toEqual(before);
      await ds.destroy();
    } finally {
      await database.drop();
    }
  });
});
