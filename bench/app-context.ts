import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../server/app.module';
import { DataSource } from 'typeorm';
import type { Caller } from '../server/common/auth/caller';

/** The real application (every module, the real services) without HTTP, on one database. */
export async function openAppContext(databaseUrl: string): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot({ databaseUrl }), { logger: ['error'] });
}

/** An admin caller for in-process service calls (admins see everything: no scope filter); `benchAdmin` gives it a real user id. */
export const BENCH_ADMIN: Caller = {
  userId: 0,
  email: 'bench@callscope.local',
  name: 'Benchmark',
  role: 'admin',
  agentId: null,
  teamIds: [],
  sessionId: 'bench',
  locale: null,
};

/** The admin caller backed by a real (login-less) user row, so audit entries reference a user. */
export async function benchAdmin(ctx: INestApplicationContext): Promise<Caller> {
  const db = ctx.get(DataSource);
  await db.query(`INSERT INTO users (email, name, role, password_hash) SELECT $1, $2, 'admin', '!' WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($1))`, [BENCH_ADMIN.email, BENCH_ADMIN.name]);
  const [row] = await db.query(`SELECT id FROM users WHERE lower(email) = lower($1) ORDER BY id LIMIT 1`, [BENCH_ADMIN.email]);
  return { ...BENCH_ADMIN, userId: row.id };
}
