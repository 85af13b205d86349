import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { once } from 'node:events';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { contentDisposition } from './domain/export-format';
import { AgentExportParam, AgentExportQuery, MonthlyExportQuery, WeeklyExportQuery } from './export.dto';
import { ExportService, WorkbookFile } from './export.service';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('exports')
@ApiProduces(XLSX_TYPE)
@Controller('exports')
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  @Roles('admin', 'hr', 'supervisor')
  @Get('monthly')
  async monthly(@CurrentUser() caller: Caller, @Query({ schema: MonthlyExportQuery }) q: MonthlyExportQuery, @Res() res: Response) {
    await send(res, await this.exports.monthly(caller, q));
  }

  @Roles('admin', 'hr', 'supervisor')
  @Get('weekly')
  async weekly(@CurrentUser() caller: Caller, @Query({ schema: WeeklyExportQuery }) q: WeeklyExportQuery, @Res() res: Response) {
    await send(res, await this.exports.weekly(caller, q));
  }

  @Get('agent/:agentId')
  async agent(@CurrentUser() caller: Caller, @Param({ schema: AgentExportParam }) p: AgentExportParam, @Query({ schema: AgentExportQuery }) q: AgentExportQuery, @Res() res: Response) {
    await send(res, await this.exports.agent(caller, p.agentId, q));
  }
}

/** Streams the workbook into the response; errors before this point are ordinary JSON 4xx answers. */
async function send(res: Response, file: WorkbookFile): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Disposition', contentDisposition(file.fileName, file.fileNameUtf8));
  res.setHeader('Cache-Control', 'no-store');
  // A client that goes away ends the request here instead of leaving it waiting for a 'finish' that never comes.
  const writing = file.write(res);
  const closed = once(res, 'close');
  writing.catch(() => undefined);
  closed.catch(() => undefined);
  await Promise.race([writing, closed]);
}
