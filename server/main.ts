import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { openDatabase, runMigrations } from './config/database';
import { loadEnv } from './config/env';
import { runStartupTasks } from './config/startup';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Callscope');
  const env = loadEnv();
  const started = Date.now();
  const db = await openDatabase(env);
  logger.log(db.embedded ? `Embedded PostgreSQL is up (data in ${env.dataDir}/postgres)` : 'Using DATABASE_URL');

  let shuttingDown = false;
  const shutdown = async (signal: string, app?: { close(): Promise<void> }) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.log(`${signal}: stopping`);
    try {
      await app?.close();
    } finally {
      await db.stop();
      process.exit(0);
    }
  };
  // Until the app exists a signal still has to stop PostgreSQL.
  const early = (signal: string) => void shutdown(signal);
  process.once('SIGINT', early).once('SIGTERM', early);

  try {
    const applied = await runMigrations(db.url);
    if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
    const app = await NestFactory.create(AppModule.forRoot({ databaseUrl: db.url, databaseReadUrl: env.DATABASE_READ_URL, logSql: env.CALLSCOPE_LOG_SQL }), {
      bodyParser: false,
      logger: ['log', 'warn', 'error'],
    });
    process.off('SIGINT', early).off('SIGTERM', early);
    process.once('SIGINT', () => void shutdown('SIGINT', app)).once('SIGTERM', () => void shutdown('SIGTERM', app));
    configureApp(app, { corsOrigin: env.CALLSCOPE_CORS_ORIGIN });
    await app.init();
    const report = await runStartupTasks(app, env, { embedded: db.embedded });
    await app.listen(env.PORT, '0.0.0.0');
    const url = `http://localhost:${env.PORT}`;
    logger.log(`Callscope is ready at ${url} (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const line of report) logger.log(line);
  } catch (err) {
    logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    await db.stop();
    process.exit(1);
  }
}

void bootstrap();
