import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { NotificationIdParam, NotificationListQuery, NotificationSettingsDto } from './notification.dto';
import { NotificationService } from './notification.service';

/** Each signed-in user's own inbox: nobody reads another's notifications. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @Get()
  list(@CurrentUser() caller: Caller, @Query({ schema: NotificationListQuery }) q: NotificationListQuery) {
    return this.notifications.list(caller, q.limit);
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@CurrentUser() caller: Caller, @Param({ schema: NotificationIdParam }) p: NotificationIdParam) {
    await this.notifications.markRead(caller, p.id);
  }

  @Post('read-all')
  @HttpCode(204)
  async readAll(@CurrentUser() caller: Caller) {
    await this.notifications.markAllRead(caller);
  }

  @Get('settings')
  settings(@CurrentUser() caller: Caller) {
    return this.notifications.settings(caller);
  }

  @Patch('settings')
  updateSettings(@CurrentUser() caller: Caller, @Body({ schema: NotificationSettingsDto }) dto: NotificationSettingsDto) {
    return this.notifications.updateSettings(caller, dto);
  }
}
