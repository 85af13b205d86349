import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { KpiQueryDto, KpiSummaryQueryDto } from './kpi.dto';
import { KpiService } from './kpi.service';

@ApiTags('kpis')
@Controller('kpis')
export class KpiController {
  constructor(private readonly kpis: KpiService) {}

  /** Sent as stored bytes (compressed once per cached answer) with an ETag: a repeated query skips serialization and compression, and a revalidation gets a 304. */
  @Get()
  @ApiQuery({
    name: 'shape',
    required: false,
    enum: ['rows', 'columns'],
    description: 'rows (default): one object per period × group. columns: the same figures as one array per field (period, periodStart, group.id/name/code, and per metric value/num/den/n/lowSample/target/status/ciLow/ciHigh).',
  })
  @ApiOkResponse({ description: 'The KPI answer (docs/api.md "KPIs"); with shape=columns one array per field (docs/kpi.md "Columnar answers")' })
  async query(@CurrentUser() caller: Caller, @Query({ schema: KpiQueryDto }) q: KpiQueryDto, @Req() req: Request, @Res() res: Response) {
    await this.kpis.assertFiltersExist(q);
    const { shape, ...query } = q;
    const body = await this.kpis.queryJson(caller, query, {}, shape);
    await body.send(req, res);
  }

  /** Sent as stored bytes with an ETag, like the answers above: a repeated summary is neither rebuilt, serialized nor compressed. */
  @Get('summary')
  @ApiOkResponse({ description: 'The range\'s metrics with the equal-length previous range and deltas (docs/api.md "KPIs")' })
  async summary(@CurrentUser() caller: Caller, @Query({ schema: KpiSummaryQueryDto }) q: KpiSummaryQueryDto, @Req() req: Request, @Res() res: Response) {
    await this.kpis.assertFiltersExist(q);
    const body = await this.kpis.summaryJson(caller, q);
    await body.send(req, res);
  }
}
