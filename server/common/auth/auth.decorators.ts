import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Caller, Role } from './caller';

export const PUBLIC_ROUTE = 'callscope:public';
export const ALLOWED_ROLES = 'callscope:roles';

/** The route needs no sign-in (login, health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route; without it every signed-in role may (and the service scopes). */
export const Roles = (...allowed: Role[]) => SetMetadata(ALLOWED_ROLES, allowed);

export interface RequestWithCaller {
  caller?: Caller;
}

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (!caller) throw new Error('CurrentUser used on a public route');
  return caller;
});
