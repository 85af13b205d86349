import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { BadInputError } from './domain-error';

/**
 * docs/api.md "Conventions": unknown query and body fields are a 400 everywhere. Routes with a `@Query`/`@Body`
 * schema reject them in the validation pipe (strict objects); this covers the routes that take
 * no query or no body at all, where Nest would otherwise ignore whatever was sent. Routes that
 * read the raw request (multipart uploads) check their own fields.
 */
@Injectable()
export class UndeclaredInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {}) as Record<string, unknown>;
    const types = new Set(Object.keys(args).map((key) => Number(key.split(':')[0])));
    const req = context.switchToHttp().getRequest<Request>();
    if (!types.has(RouteParamtypes.QUERY)) {
      const unknown = Object.keys(req.query ?? {});
      if (unknown.length) throw new BadInputError(`${unknown.join(', ')}: not a parameter of this request; it takes no query parameters.`);
    }
    const body: unknown = req.body;
    const readsRawBody = types.has(RouteParamtypes.REQUEST) || types.has(RouteParamtypes.FILE);
    if (!types.has(RouteParamtypes.BODY) && !readsRawBody && body && typeof body === 'object' && !Buffer.isBuffer(body)) {
      const unknown = Object.keys(body);
      if (unknown.length) throw new BadInputError(`${unknown.join(', ')}: not a field of this request; it takes no body.`);
    }
    return next.handle();
  }
}
