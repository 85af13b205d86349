import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { UpdateSettingsDto } from './settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  get(@CurrentUser() caller: Caller) {
    return this.settings.read(caller);
  }

  @Roles('admin')
  @Patch()
  update(@CurrentUser() caller: Caller, @Body({ schema: UpdateSettingsDto }) dto: UpdateSettingsDto) {
    return this.settings.update(caller, dto);
  }
}
