import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/**
 * The API-wide request limit: per client (its session or API token, else its address), a fixed
 * one-minute window. Generous by default (CALLSCOPE_RATE_LIMIT_PER_MINUTE): it stops a runaway
 * script, not a person. The counts live behind RateLimitStore, so several server processes can
 * share them later (a PostgreSQL or Redis store) without touching the middleware.
 */
export interface RateLimitStore {
  /** Counts one request of `key` in the window containing `now`; returns the count so far and when the window ends. */
  hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
}

/** One process's counts; expired windows are dropped as the map is swept. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private nextSweep = 0;

  async hit(key: string, windowMs: number, now: number): Promise<{ count: number; resetAt: number }> {
    if (now >= this.nextSweep) {
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
      this.nextSweep = now + windowMs;
    }
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return { ...w };
  }
}

const WINDOW_MS = 60_000;
/** Load balancers probe health often and without credentials: never limited. */
const EXEMPT = new Set(['/api/health']);

/** Who is counted: the credential when there is one (hashed: tokens are not kept), else the address. */
export function rateLimitKey(req: Request, sessionCookie: string): string {
  const auth = req.headers.authorization;
  const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : (req as Request & { cookies?: Record<string, string> }).cookies?.[sessionCookie];
  if (token) return `t:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}`;
  return `a:${req.ip ?? 'unknown'}`;
}

export function rateLimit(limitPerMinute: number, sessionCookie: string, store: RateLimitStore = new MemoryRateLimitStore()) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (limitPerMinute <= 0 || !req.path.startsWith('/api/') || EXEMPT.has(req.path)) return next();
    const now = Date.now();
    store.hit(rateLimitKey(req, sessionCookie), WINDOW_MS, now).then(
      ({ count, resetAt }) => {
        if (count <= limitPerMinute) return next();
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil((resetAt - now) / 1000))));
        res.status(429).json({
          statusCode: 429,
          error: 'Too Many Requests',
          message: `Too many requests: at most ${limitPerMinute} a minute. Please wait a moment and try again.`,
          code: 'rate_limited',
        });
      },
      next,
    );
  };
}
