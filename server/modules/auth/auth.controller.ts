import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { DomainError, ForbiddenError } from '../../common/domain-error';
import { loadEnv } from '../../config/env';
import { allowedOrigins, originAllowed } from './domain/request-origin';
import { SESSION_COOKIE, SESSION_TTL_HOURS } from './auth.constants';
import { LoginDto } from './auth.dto';
import { AuthService, LoginThrottledError } from './auth.service';
import type { SessionUser } from './users.types';

const publicUser = (c: Caller): SessionUser => ({ id: c.userId, email: c.email, name: c.name, role: c.role, agentId: c.agentId, teamIds: c.teamIds, locale: c.locale });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** JSON only and never from another site's page (login CSRF): see domain/request-origin.ts. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body({ schema: LoginDto }) body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    if (!req.is('application/json')) throw new DomainError(415, 'Send the sign-in as JSON (Content-Type: application/json).', undefined, 'unsupported_media_type');
    if (!originAllowed(req.get('origin'), req.host, allowedOrigins(loadEnv().CALLSCOPE_CORS_ORIGIN))) {
      throw new ForbiddenError('Sign-in from another site is refused. Open Callscope itself and sign in there.', 'cross_site_request');
    }
    const { token, caller } = await this.auth.login(body.email, body.password, { ip: req.ip, userAgent: req.get('user-agent') }).catch((error: unknown) => {
      if (error instanceof LoginThrottledError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    });
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
      maxAge: SESSION_TTL_HOURS * 3600 * 1000,
    });
    return { token, user: publicUser(caller) };
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@CurrentUser() caller: Caller, @Res({ passthrough: true }) res: Response) {
    await this.auth.logout(caller);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  }

  /** Who is signed in must never come from a cache (a shared computer, a proxy). */
  @Get('me')
  @Header('Cache-Control', 'no-store')
  me(@CurrentUser() caller: Caller) {
    return publicUser(caller);
  }
}
