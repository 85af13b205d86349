import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../config/data-source';
import { projectRoot } from '../config/env';
import type { CliCommand } from './cli-context';

export const migrationCommand: CliCommand = {
  name: 'migration',
  usage: 'migration run | revert | generate <VerbNoun>   (against DATABASE_URL or the embedded database)',
  async run([action, name], ctx) {
    const db = await ctx.db();
    const ds = await new DataSource(
      dataSourceOptions(db.url, { entities: [join(projectRoot(), 'dist/server/**/*.entity.js')] }),
    ).initialize();
    try {
      if (action === 'run') {
        const applied = await ds.runMigrations({ transaction: 'each' });
        console.log(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'No pending migrations.');
      } else if (action === 'revert') {
        await ds.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last migration.');
      } else if (action === 'generate' && name && /^[A-Z][A-Za-z]+$/.test(name)) {
        const sql = await ds.driver.createSchemaBuilder().log();
        if (!sql.upQueries.length) {
          console.log('The entities match the schema: nothing to generate.');
          return;
        }
        const ts = Date.now();
        const q = (list: { query: string }[]) => list.map((x) => `    await q.query(${JSON.stringify(x.query)});`).join('\n');
        const file = join(projectRoot(), 'migrations', `${ts}-${name}.ts`);
        writeFileSync(
          file,
          `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${ts} implements MigrationInterface {\n  name = '${name}${ts}';\n\n  async up(q: QueryRunner): Promise<void> {\n${q(sql.upQueries)}\n  }\n\n  async down(q: QueryRunner): Promise<void> {\n${q(sql.downQueries.reverse())}\n  }\n}\n`,
        );
        console.log(`Wrote ${file}`);
      } else {
        console.error(`Usage: ${migrationCommand.usage}`);
        return 2;
      }
    } finally {
      await ds.destroy();
    }
  },
};
