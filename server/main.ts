import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { DatabaseHandle, openDatabase, runMigrations } from './config/database';
import { loadEnv } from './config/env';
import { ServerLogger } from './config/server-logger';
import { runStartupTasks } from './config/startup';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Callscope');
  const started = Date.now();
  let db: DatabaseHandle | null = null;
  let shuttingDown = false;
  const shutdown = async (signal: string, app?: { close(): Promise<void> }) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.log(`${signal}: stopping`);
    try {
      await app?.close();
    } finally {
      await db?.stop();
      process.exit(0);
    }
  };
  // Until the app exists a signal still has to stop PostgreSQL.
  const early = (signal: string) => void shutdown(signal);
  process.once('SIGINT', early).once('SIGTERM', early);

  try {
    const env = loadEnv();
    db = await openDatabase(env, undefined, (line) => logger.warn(line));
    logger.log(db.embedded ? `Embedded PostgreSQL is up (data in ${env.dataDir}/postgres)` : 'Using DATABASE_URL');
    const applied = await runMigrations(db.url);
    if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
    const app = await NestFactory.create(
      AppModule.forRoot({
        databaseUrl: db.url,
        databaseReadUrl: env.DATABASE_READ_URL,
        logSql: env.CALLSCOPE_LOG_SQL,
        timeouts: { statementTimeoutMs: env.CALLSCOPE_DB_STATEMENT_TIMEOUT_SECONDS * 1000, connectTimeoutMs: env.CALLSCOPE_DB_CONNECT_TIMEOUT_SECONDS * 1000 },
      }),
      {
        bodyParser: false,
        logger: new ServerLogger(),
      },
    );
    process.off('SIGINT', early).off('SIGTERM', early);
    process.once('SIGINT', () => void shutdown('SIGINT', app)).once('SIGTERM', () => void shutdown('SIGTERM', app));
    configureApp(app, { corsOrigin: env.CALLSCOPE_CORS_ORIGIN, rateLimitPerMinute: env.CALLSCOPE_RATE_LIMIT_PER_MINUTE, trustProxy: env.CALLSCOPE_TRUST_PROXY });
    await app.init();
    const report = await runStartupTasks(app, env, { embedded: db.embedded });
    await app.listen(env.PORT, '0.0.0.0');
    const url = `http://localhost:${env.PORT}`;
    // The logins and the URL are what a person starting the server looks for: last, nothing after them.
    for (const line of report) logger.log(line);
    logger.log(`Callscope is ready at ${url} (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    logger.error(`Callscope could not start: ${describeError(err)}`);
    await db?.stop().catch(() => undefined);
    process.exit(1);
  }
}

/** A start-up failure as a sentence: never "undefined", with the cause chain. */
export function describeError(err: unknown): string {
  if (err === undefined || err === null) return 'an unknown error (nothing was reported)';
  if (!(err instanceof Error)) return String(err);
  let text = err.message || err.name;
  if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') text += ' (another program already listens on this port: stop it or set PORT)';
  if (err.cause !== undefined) text += `\n  caused by: ${describeError(err.cause)}`;
  if (process.env.CALLSCOPE_DEBUG) text += `\n${err.stack}`;
  return text;
}

process.on('unhandledRejection', (reason) => {
  new Logger('Callscope').error(`Unexpected failure: ${describeError(reason)}`);
});

void bootstrap();
