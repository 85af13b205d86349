import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, Public } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { SESSION_COOKIE, SESSION_TTL_HOURS } from './auth.constants';
import { LoginDto } from './auth.dto';
import { AuthService, LoginThrottledError } from './auth.service';
import type { SessionUser } from './users.types';

const publicUser = (c: Caller): SessionUser => ({ id: c.userId, email: c.email, name: c.name, role: c.role, agentId: c.agentId, teamIds: c.teamIds, locale: c.locale });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body({ schema: LoginDto }) body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
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

  @Get('me')
  me(@CurrentUser() caller: Caller) {
    return publicUser(caller);
  }
}
