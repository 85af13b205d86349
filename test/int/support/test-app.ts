import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../../server/app.module';
import { AppSetupOptions, configureApp } from '../../../server/app.setup';
import type { PoolTimeouts } from '../../../server/config/data-source';
import type { Role } from '../../../server/common/auth/caller';
import { UsersService } from '../../../server/modules/auth/users.service';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  db: DataSource;
  database: TestDatabase;
  /** supertest bound to the app's HTTP server. */
  http(): ReturnType<typeof request>;
  /** Creates a user and returns a Bearer token for them. */
  userToken(role: Role, extra?: { agentId?: number; teamIds?: number[]; email?: string }): Promise<string>;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

export const TEST_PASSWORD = 'test-password-1';
let userCounter = 0;

export interface TestAppOptions {
  /** Where the app connects instead of the database itself (e.g. through a proxy the test controls). */
  connectVia?: (databaseUrl: string) => string;
  timeouts?: PoolTimeouts;
  setup?: AppSetupOptions;
}

/** The real app (every module, real PostgreSQL) on a database of the test file's own. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const databaseUrl = options.connectVia ? options.connectVia(database.url) : database.url;
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ databaseUrl, timeouts: options.timeouts })] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
  configureApp(app, options.setup);
  await app.init();
  const db = app.get(DataSource);
  const testApp: TestApp = {
    app,
    db,
    database,
    http: () => request(app.getHttpServer()),
    async login(email, password) {
      const res = await request(app.getHttpServer()).post('/api/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    async userToken(role, extra = {}) {
      const email = extra.email ?? `${role}${++userCounter}@test.callscope.dev`;
      await app.get(UsersService).create({ email, name: `${role} ${userCounter}`, password: TEST_PASSWORD, role, agentId: extra.agentId, teamIds: extra.teamIds });
      return testApp.login(email, TEST_PASSWORD);
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
  return testApp;
}
