import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ALLOWED_ROLES, API_KEY_ROUTE, PUBLIC_ROUTE, RequestWithCaller } from '../../common/auth/auth.decorators';
import type { ApiKeyScope, Caller, Role } from '../../common/auth/caller';
import { ForbiddenError, NotAuthenticatedError } from '../../common/domain-error';
import { ApiKeyService } from './api-key.service';
import { SESSION_COOKIE } from './auth.constants';
import { AuthService } from './auth.service';
import { isApiKey } from './domain/api-key-secret';

/**
 * Global guard: every route needs a valid session or API key unless marked @Public(); @Roles
 * narrows further. An API key reaches only the routes of its scope (see apiKeyRefusal).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & RequestWithCaller>();
    const credential = credentialOf(req);
    if (credential?.via === 'bearer' && isApiKey(credential.token)) return this.admitApiKey(context, req, credential.token);
    const caller = credential ? await this.auth.callerForToken(credential.token) : null;
    if (!caller) throw new NotAuthenticatedError();
    if (credential?.via === 'cookie' && !SAFE_METHODS.has(req.method) && req.get(CSRF_HEADER)?.toLowerCase() !== CSRF_HEADER_VALUE) {
      throw new ForbiddenError(`This change was refused: requests signed in by the browser cookie must send the header ${CSRF_HEADER}: ${CSRF_HEADER_VALUE}. Reload the page and try again.`, 'csrf_header_missing');
    }
    req.caller = caller;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !allowed.includes(caller.role)) throw new ForbiddenError(`This needs one of the roles: ${allowed.join(', ')}.`, 'forbidden_role');
    return true;
  }

  private async admitApiKey(context: ExecutionContext, req: Request & RequestWithCaller, key: string): Promise<boolean> {
    const caller = await this.apiKeys.callerForKey(key);
    if (!caller?.apiKey) throw new NotAuthenticatedError('This API key is not valid: it is unknown, revoked or expired.', 'api_key_invalid');
    // Every request the key signs is recorded once its answer is known, refusals included.
    const res = context.switchToHttp().getResponse<Response>();
    res.once('finish', () => void this.apiKeys.recordUse(caller, { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ip: req.ip }));
    req.caller = caller;
    const targets = [context.getHandler(), context.getClass()];
    const refusal = apiKeyRefusal(caller, req.method, this.reflector.getAllAndOverride<ApiKeyScope | undefined>(API_KEY_ROUTE, targets), this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets));
    if (refusal) throw new ForbiddenError(refusal, 'api_key_scope');
    return true;
  }
}

/**
 * Why an API key may not call a route, or null when it may: an `ingest` key only routes marked
 * @ForApiKeys('ingest') (the push routes); a `read` key only GET routes an HR user may call
 * (its team restriction is then applied by the services, as for a supervisor of those teams).
 */
export function apiKeyRefusal(caller: Caller, method: string, routeScope: ApiKeyScope | undefined, allowedRoles: Role[] | undefined): string | null {
  const scope = caller.apiKey?.scope;
  if (scope === 'ingest') return routeScope === 'ingest' ? null : 'An ingest API key may only push records (POST /api/ingest/:kind).';
  if (scope === 'read') {
    if (routeScope === 'read') return null;
    if (!SAFE_METHODS.has(method)) return 'A read API key may only read (GET).';
    if (allowedRoles && !allowedRoles.includes('hr')) return 'A read API key may only read what HR may read.';
    return null;
  }
  return 'Unknown API key scope.';
}

/**
 * CSRF defence for cookie sessions (on top of SameSite=Lax): a cross-site form or image cannot
 * set a custom header, and a cross-site fetch that sets one needs CORS, which is off. Bearer
 * tokens are never sent by the browser on its own, so they need no such check.
 */
export const CSRF_HEADER = 'X-Requested-With';
export const CSRF_HEADER_VALUE = 'callscope';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function credentialOf(req: Request): { token: string; via: 'bearer' | 'cookie' } | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), via: 'bearer' };
  const cookie = (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

export function tokenOf(req: Request): string | null {
  return credentialOf(req)?.token ?? null;
}
