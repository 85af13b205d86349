import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';
import type { Env } from './env';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL with its files in `.data/postgres`. */
export async function openDatabase(env: Env, log: (line: string) => void = () => undefined, notice?: (line: string) => void): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  const pg: EmbeddedDatabase = await startEmbeddedPostgres({ dir: join(env.dataDir, 'postgres'), persistent: true, database: 'callscope', log, notice });
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}

/** Applies pending migrations (the only way the schema changes). */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
