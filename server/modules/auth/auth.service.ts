import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import type { Caller, Role } from '../../common/auth/caller';
import { NotAuthenticatedError, TooManyRequestsError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { AUTH_SECRET, SESSION_TTL_HOURS } from './auth.constants';
import { LoginThrottleRepository } from './login-throttle.repository';
import { dummyPasswordHash, verifyPassword } from './password';
import { readSessionToken, signSessionToken } from './session-token';

interface CallerRow {
  session_id: string;
  user_id: number;
  email: string;
  name: string;
  role: Role;
  agent_id: number | null;
  team_ids: number[];
  locale: string | null;
}

export interface LoginContext {
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * How long a server trusts a session it has checked: a logout or disabled user on another server
 * holds here within this time (docs/scaling.md); on this server at once.
 */
export const CALLER_CACHE_MS = 5_000;
/** Sessions remembered at once; beyond it the least recently used are checked again. */
const CALLER_CACHE_MAX = 10_000;

/** Too many failed sign-ins (domain/login-throttle.ts); says nothing about whether the account exists. */
export class LoginThrottledError extends TooManyRequestsError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins. Please wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`);
  }
}

/** Sign-in, sessions and turning a token back into the caller it stands for. */
@Injectable()
export class AuthService {
  private readonly callerCache = new LRUCache<string, Caller>({ max: CALLER_CACHE_MAX, ttl: CALLER_CACHE_MS });
  /**
   * Tokens whose signature was checked, with their session id: a token's signature never stops
   * being valid (the secret is fixed for the process), so the HMAC is computed once per token,
   * not per request. Whether the session still holds is the caller cache's business.
   */
  private readonly signedTokens = new LRUCache<string, string>({ max: CALLER_CACHE_MAX });

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottleRepository,
    @Inject(AUTH_SECRET) private readonly secret: string,
  ) {}

  async login(email: string, password: string, context: LoginContext = {}): Promise<{ token: string; caller: Caller }> {
    const address = context.ip ?? 'unknown';
    const normalized = email.trim().toLowerCase();
    const wait = await this.throttle.retryAfterSeconds(normalized, address);
    if (wait > 0) {
      await this.audit.record({ action: 'auth.login_failed', caller: null, target: normalized, detail: { reason: 'throttled' }, ip: context.ip });
      throw new LoginThrottledError(wait);
    }
    const [user] = await this.db.query(
      `SELECT id, email, password_hash, active FROM users WHERE lower(email) = lower($1)`,
      [email.trim()],
    );
    const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash), password);
    if (!user || !ok || !user.active) {
      await this.throttle.recordFailure(normalized, address);
      await this.audit.record({ action: 'auth.login_failed', caller: null, target: normalized, ip: context.ip });
      throw new NotAuthenticatedError('The email or password is not correct.');
    }
    await this.throttle.recordSuccess(normalized, address);
    const [session] = await this.db.query(
      `INSERT INTO user_sessions (user_id, expires_at, ip, user_agent)
       VALUES ($1, now() + make_interval(hours => $2), $3, $4) RETURNING id`,
      [user.id, SESSION_TTL_HOURS, context.ip ?? null, context.userAgent?.slice(0, 300) ?? null],
    );
    await this.db.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
    const caller = await this.callerForSession(session.id);
    if (!caller) throw new NotAuthenticatedError();
    await this.audit.record({ action: 'auth.login', caller, ip: context.ip });
    return { token: signSessionToken(session.id, this.secret), caller };
  }

  async logout(caller: Caller): Promise<void> {
    await this.db.query(`UPDATE user_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [caller.sessionId]);
    this.callerCache.delete(caller.sessionId);
    await this.audit.record({ action: 'auth.logout', caller });
  }

  /** The caller a token stands for, or null when it is forged, expired, revoked or its user disabled. */
  async callerForToken(token: string): Promise<Caller | null> {
    let sessionId = this.signedTokens.get(token);
    if (!sessionId) {
      sessionId = readSessionToken(token, this.secret) ?? undefined;
      if (!sessionId) return null;
      this.signedTokens.set(token, sessionId);
    }
    const cached = this.callerCache.get(sessionId);
    if (cached) return cached;
    const caller = await this.callerForSession(sessionId);
    if (caller) this.callerCache.set(sessionId, caller);
    else this.callerCache.delete(sessionId);
    return caller;
  }

  /** Drops cached callers of a user whose role, teams or status changed. */
  forgetUser(userId: number): void {
    const keys = [...this.callerCache.entries()].filter(([, caller]) => caller.userId === userId).map(([key]) => key);
    for (const key of keys) this.callerCache.delete(key);
  }

  /**
   * The caller an active user is, without a session: a scheduled delivery builds each
   * recipient's workbook as that recipient, so they get exactly what their role may see.
   */
  async callerForUser(userId: number, label: string): Promise<Caller | null> {
    return this.loadCaller(`u.id = $1 AND u.active`, [userId], label);
  }

  private async callerForSession(sessionId: string): Promise<Caller | null> {
    return this.loadCaller(`s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`, [sessionId]);
  }

  private async loadCaller(where: string, params: unknown[], sessionLabel?: string): Promise<Caller | null> {
    const rows: CallerRow[] = await this.db.query(
      `SELECT ${sessionLabel === undefined ? 's.id' : 'NULL'} AS session_id, u.id AS user_id, u.email, u.name, u.role, u.agent_id, u.locale,
              coalesce(array_agg(ut.team_id ORDER BY ut.team_id) FILTER (WHERE ut.team_id IS NOT NULL), '{}') AS team_ids
         FROM ${sessionLabel === undefined ? 'user_sessions s JOIN users u ON u.id = s.user_id' : 'users u'}
         LEFT JOIN user_teams ut ON ut.user_id = u.id
        WHERE ${where}
        GROUP BY ${sessionLabel === undefined ? 's.id, ' : ''}u.id`,
      params,
    );
    const row = rows[0];
    if (!row) return null;
    return {
      sessionId: row.session_id ?? sessionLabel!,
      userId: row.user_id,
      email: row.email,
      name: row.name,
      role: row.role,
      agentId: row.agent_id,
      teamIds: row.team_ids.map(Number),
      locale: row.locale,
    };
  }
}
