import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { KpiQueryDto, KpiSummaryQueryDto } from './kpi.dto';
import { KpiService } from './kpi.service';

@ApiTags('kpis')
@Controller('kpis')
export class KpiController {
  constructor(private readonly kpis: KpiService) {}

  @Get()
  async query(@CurrentUser() caller: Caller, @Query({ schema: KpiQueryDto }) q: KpiQueryDto) {
    await this.kpis.assertFiltersExist(q);
    return this.kpis.query(caller, q);
  }

  @Get('summary')
  async summary(@CurrentUser() caller: Caller, @Query({ schema: KpiSummaryQueryDto }) q: KpiSummaryQueryDto) {
    await this.kpis.assertFiltersExist(q);
    return this.kpis.summary(caller, q);
  }
}
