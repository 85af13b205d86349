import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { projectRoot } from './env';

const root = projectRoot();
const compiled = __filename.endsWith('.js');

/** Migrations live in `migrations/`; compiled ones run from `dist/migrations`. */
export const migrationGlobs = [join(root, compiled ? 'dist/migrations/*.js' : 'migrations/*.ts')];

export interface PoolTimeouts {
  /** Server-side limit of one statement (0 = none). */
  statementTimeoutMs?: number;
  /** How long to wait for a connection, new or free in the pool. */
  connectTimeoutMs?: number;
}

/**
 * With `readUrl` (DATABASE_READ_URL), TypeORM replication: the primary stays the default for
 * everything (`defaultMode: 'master'`); only reads that ask for 'slave' (ReplicaReads) go to the replica.
 */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}, options: { timeouts?: PoolTimeouts; readUrl?: string } = {}): DataSourceOptions {
  const timeouts = options.timeouts ?? {};
  const readUrl = options.readUrl;
  const where = readUrl ? { replication: { master: { url }, slaves: [{ url: readUrl }], defaultMode: 'master' } } : { url };
  return {
    type: 'postgres',
    ...where,
    synchronize: false,
    migrationsRun: false,
    migrations: migrationGlobs,
    migrationsTableName: 'typeorm_migrations',
    extra: {
      max: 20,
      application_name: 'callscope',
      connectionTimeoutMillis: timeouts.connectTimeoutMs ?? 10_000,
      ...(timeouts.statementTimeoutMs ? { statement_timeout: timeouts.statementTimeoutMs } : {}),
    },
    ...extra,
  } as DataSourceOptions;
}

// For the TypeORM CLI (`npm run migration:*`): reads DATABASE_URL.
export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/callscope', {
    entities: [join(root, compiled ? 'dist/server/**/*.entity.js' : 'server/**/*.entity.ts')],
  }),
);
