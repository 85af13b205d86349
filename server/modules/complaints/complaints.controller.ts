import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { ComplaintListQueryDto } from './complaints.dto';
import { ComplaintsService } from './complaints.service';

@ApiTags('complaints')
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  /** Cases opened in from..to (local dates), overdue first, each with its due times and overdueBy (seconds). */
  @Get()
  @ApiOkResponse({ description: 'Complaint cases (docs/api.md "Complaints")' })
  list(@CurrentUser() caller: Caller, @Query({ schema: ComplaintListQueryDto }) q: ComplaintListQueryDto) {
    return this.complaints.list(caller, q);
  }
}
