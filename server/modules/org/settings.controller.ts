import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
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
  @ApiBody({
    description:
      'Any subset of the settings (docs/api.md "Settings"). complaintDeadlines: seconds per grade, any subset, e.g. ' +
      '{ "response": { "1": 60, "2": 1800, "3": 900, "urgent": 300 }, "resolution": { "1": 86400, "2": 172800, "3": 259200, "urgent": 86400 } } ' +
      '(the defaults); within = at or before the deadline (docs/complaints.md).',
    schema: { type: 'object' },
  })
  update(@CurrentUser() caller: Caller, @Body({ schema: UpdateSettingsDto }) dto: UpdateSettingsDto) {
    return this.settings.update(caller, dto);
  }
}
