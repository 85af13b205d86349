import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { loadEnv, resolveSecret } from '../../config/env';
import { AUTH_SECRET } from './auth.constants';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyService } from './api-key.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { ScopeService } from './scope.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Global: the guard, the caller's scope and user accounts are needed everywhere. */
@Global()
@Module({
  controllers: [AuthController, UsersController, ApiKeyController],
  providers: [
    AuthService,
    LoginThrottleRepository,
    ApiKeyService,
    UsersService,
    ScopeService,
    { provide: AUTH_SECRET, useFactory: () => resolveSecret(loadEnv()) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, ApiKeyService, UsersService, ScopeService],
})
export class AuthModule {}
