import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** What Express's `trust proxy` takes: true/false, a hop count, or names, addresses and subnets. */
export type TrustProxy = boolean | number | string[];

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isAddressOrSubnet = (entry: string) => {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !isIP(address)) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128));
};
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): TrustProxy => {
    if (value === 'true' || value === 'false') return value === 'true';
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !proxyNames.has(e) && !isAddressOrSubnet(e));
    if (!entries.length || bad.length) {
      ctx.addIssue({ code: 'custom', message: `${bad.length ? `${bad.join(', ')}: ` : ''}give true, false, a hop count, or a comma list of loopback, linklocal, uniquelocal, addresses and subnets (10.0.0.0/8)` });
      return z.NEVER;
    }
    return entries;
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_READ_URL: z.string().url().optional(),
  CALLSCOPE_DATA_DIR: z.string().default('.data'),
  CALLSCOPE_ADMIN_EMAIL: z.string().email().optional(),
  CALLSCOPE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  CALLSCOPE_DEMO: booleanFlag.optional(),
  CALLSCOPE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CALLSCOPE_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(2 * 1024 ** 3),
  CALLSCOPE_CORS_ORIGIN: z.string().optional(),
  /** Which proxies' X-Forwarded-For/-Proto are believed (Express `trust proxy`): client addresses, and `secure` cookies behind TLS. */
  CALLSCOPE_TRUST_PROXY: trustProxy.default(['loopback']),
  CALLSCOPE_LOG_SQL: booleanFlag.default(false),
  /** Where uploads wait while their import is queued or running; default `<data dir>/uploads`. */
  CALLSCOPE_UPLOAD_DIR: z.string().optional(),
  /** An import that makes no progress (no record read, no step finished, its statement waiting rather than working) for this long fails with the reason. */
  CALLSCOPE_IMPORT_STALL_SECONDS: z.coerce.number().positive().default(300),
  /** API statements taking longer are cancelled by PostgreSQL (imports lift it for their own transaction). 0 = none. */
  CALLSCOPE_DB_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().min(0).default(120),
  /** How long a request waits for a database connection (a new one, or a free one of the pool) before failing. */
  CALLSCOPE_DB_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
  /** API requests per client (session, API key or address) per minute before 429; 0 turns the limit off. */
  CALLSCOPE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  /** Outgoing mail (schedules, notifications): smtp://host:port or smtps://user:pass@host. */
  CALLSCOPE_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  CALLSCOPE_MAIL_FROM: z.string().min(3).default('Callscope <callscope@localhost>'),
  /** How often each server looks for due deliveries and e-mails (ms); 0 turns its poller off. */
  CALLSCOPE_SCHEDULER_POLL_MS: z.coerce.number().int().min(0).default(30_000),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string; uploadDir: string; projectRoot: string };

/** The project folder: two levels above this file both from `server/config` and `dist/server/config`. */
export function projectRoot(): string {
  const here = resolve(__dirname, '..', '..');
  return here.endsWith(`${'/'}dist`) ? resolve(here, '..') : here;
}

/**
 * The Node flags the server runs with (package.json `config.serverNodeFlags`, used by `npm start`
 * and `npm run cli`): a 1 GB heap cap makes V8 collect before garbage doubles the live heap, which
 * keeps a 5,000-agent monthly export at ~230 MB instead of ~330 MB. Spawners of the server (tests,
 * bench) use it too.
 */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(projectRoot(), 'package.json'), 'utf8')) as { config?: { serverNodeFlags?: string } };
  return (pkg.config?.serverNodeFlags ?? '').split(/\s+/).filter(Boolean);
}

/** Reads and validates the environment once; a bad value stops the boot with the variable's name. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const root = projectRoot();
  const dataDir = resolve(root, parsed.data.CALLSCOPE_DATA_DIR);
  return { ...parsed.data, dataDir, uploadDir: resolve(root, parsed.data.CALLSCOPE_UPLOAD_DIR ?? join(dataDir, 'uploads')), projectRoot: root };
}

/**
 * The token-signing secret: CALLSCOPE_SECRET, else one generated on first start and kept
 * in the data folder so sessions survive restarts.
 */
export function resolveSecret(env: Env): string {
  if (env.CALLSCOPE_SECRET) return env.CALLSCOPE_SECRET;
  const file = join(env.dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(env.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
