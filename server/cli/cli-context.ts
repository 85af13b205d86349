import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { DatabaseHandle, openDatabase, runMigrations } from '../config/database';
import { Env, loadEnv } from '../config/env';

/** What a CLI command gets: the environment, the database and (lazily) the app's services. */
export class CliContext {
  readonly env: Env = loadEnv();
  private database?: DatabaseHandle;
  private appContext?: INestApplicationContext;

  async db(): Promise<DatabaseHandle> {
    this.database ??= await openDatabase(this.env);
    return this.database;
  }

  /** The Nest application context (no HTTP), after pending migrations ran. */
  async app(): Promise<INestApplicationContext> {
    if (!this.appContext) {
      const db = await this.db();
      await runMigrations(db.url);
      // A short-lived command sends no scheduled mail: the servers' workers do.
      process.env.CALLSCOPE_SCHEDULER_POLL_MS = '0';
      this.appContext = await NestFactory.createApplicationContext(AppModule.forRoot({ databaseUrl: db.url }), { logger: ['warn', 'error'] });
    }
    return this.appContext;
  }

  async close(): Promise<void> {
    await this.appContext?.close();
    await this.database?.stop();
  }
}

export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[], ctx: CliContext): Promise<number | void>;
}
