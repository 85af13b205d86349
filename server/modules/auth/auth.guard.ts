import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ALLOWED_ROLES, PUBLIC_ROUTE, RequestWithCaller } from '../../common/auth/auth.decorators';
import type { Role } from '../../common/auth/caller';
import { ForbiddenError, NotAuthenticatedError } from '../../common/domain-error';
import { SESSION_COOKIE } from './auth.constants';
import { AuthService } from './auth.service';

/** Global guard: every route needs a valid session unless marked @Public(); @Roles narrows further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & RequestWithCaller>();
    const credential = credentialOf(req);
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
