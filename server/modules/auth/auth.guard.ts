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
    const token = tokenOf(req);
    const caller = token ? await this.auth.callerForToken(token) : null;
    if (!caller) throw new NotAuthenticatedError();
    req.caller = caller;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    if (allowed && !allowed.includes(caller.role)) throw new ForbiddenError(`This needs one of the roles: ${allowed.join(', ')}.`);
    return true;
  }
}

export function tokenOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
  return cookie ?? null;
}
