import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, ForApiKeys, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { PushBatchDto, PushKindParam } from './push.dto';
import { PushService } from './push.service';

/** docs/api.md "API keys, push ingestion, schedules": an ingest API key or an admin sends `{ records, onError }`; the answer is the finished import. */
@ApiTags('ingest')
@Controller('ingest')
export class PushController {
  constructor(private readonly pushes: PushService) {}

  @Roles('admin')
  @ForApiKeys('ingest')
  @Post(':kind')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeat within 24 h answers the first answer again and changes nothing.' })
  async push(
    @CurrentUser() caller: Caller,
    @Param({ schema: PushKindParam }) p: PushKindParam,
    @Body({ schema: PushBatchDto }) dto: PushBatchDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const answer = await this.pushes.push(caller, p.kind, dto, idempotencyKey);
    res.status(answer.statusCode);
    if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return answer.body;
  }
}
