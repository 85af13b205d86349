import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { ApiKeyIdParam, CreateApiKeyDto } from './api-key.dto';
import { ApiKeyService } from './api-key.service';

/** docs/api.md "API keys, push ingestion, schedules": admins create (the key is in this one answer), list and revoke. */
@ApiTags('api-keys')
@Roles('admin')
@Controller('api-keys')
export class ApiKeyController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  create(@CurrentUser() caller: Caller, @Body({ schema: CreateApiKeyDto }) dto: CreateApiKeyDto) {
    return this.keys.create(caller, dto);
  }

  @Get()
  list() {
    return this.keys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@CurrentUser() caller: Caller, @Param({ schema: ApiKeyIdParam }) p: ApiKeyIdParam) {
    await this.keys.revoke(caller, p.id);
  }
}
