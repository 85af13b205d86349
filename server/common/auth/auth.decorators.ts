import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ApiKeyScope, Caller, Role } from './caller';

export const PUBLIC_ROUTE = 'callscope:public';
export const ALLOWED_ROLES = 'callscope:roles';
export const API_KEY_ROUTE = 'callscope:api-key-scope';

/** The route needs no sign-in (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route; without it every signed-in role may (and the service scopes). */
export const Roles = (...allowed: Role[]) => SetMetadata(ALLOWED_ROLES, allowed);

/**
 * The route is open to API keys of this scope (besides the roles it admits). Without it, only
 * `read` keys reach the route, and only when it is a GET an HR user may call.
 */
export const ForApiKeys = (scope: ApiKeyScope) => SetMetadata(API_KEY_ROUTE, scope);

export interface RequestWithCaller {
  caller?: Caller;
}

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (!caller) throw new Error('CurrentUser used on a public route');
  return caller;
});
