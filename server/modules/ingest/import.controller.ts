import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { importKinds } from './domain/import-fields';
import { ImportIdParam, ImportListQuery, parseUploadFields } from './import.dto';
import { ImportService } from './import.service';

// docs/api.md "Imports": admins and supervisors import; hr reads everything (and changes nothing).
@ApiTags('imports')
@Roles('admin', 'supervisor', 'hr')
@Controller('imports')
export class ImportController {
  constructor(private readonly imports: ImportService) {}

  /** 202 `{ id, status }`, or 200 with the finished job when `wait=true`. Rejected rows are not HTTP errors. */
  @Roles('admin', 'supervisor')
  @Post()
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: [...importKinds] },
        mapping: { type: 'string', description: 'JSON: { columns, values, skipWhen, timezone, dateFormat, sheet }' },
        onError: { type: 'string', enum: ['reject', 'skip'] },
        dryRun: { type: 'boolean' },
        wait: { type: 'boolean' },
      },
    },
  })
  @UseInterceptors(FileInterceptor('file'))
  async create(@CurrentUser() caller: Caller, @UploadedFile() file: Express.Multer.File | undefined, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { job, done } = await this.imports.startUpload(caller, file, req.body);
    if (parseUploadFields(req.body).wait) {
      res.status(200);
      return done;
    }
    return { id: job.id, status: job.status };
  }

  /** What POST /imports would do with the file (format, mapping, the first rows parsed); writes nothing. */
  @Roles('admin', 'supervisor')
  @Post('preview')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: [...importKinds] },
        mapping: { type: 'string', description: 'JSON, as for POST /imports' },
      },
    },
  })
  @UseInterceptors(FileInterceptor('file'))
  preview(@CurrentUser() caller: Caller, @UploadedFile() file: Express.Multer.File | undefined, @Req() req: Request) {
    return this.imports.preview(caller, file, req.body);
  }

  /** The latest imports first (default 50). */
  @Get()
  list(@CurrentUser() caller: Caller, @Query({ schema: ImportListQuery }) q: ImportListQuery) {
    return this.imports.list(caller, q.limit);
  }

  @Get(':id')
  get(@CurrentUser() caller: Caller, @Param({ schema: ImportIdParam }) p: ImportIdParam) {
    return this.imports.get(caller, p.id);
  }

  @Get(':id/errors.csv')
  async errors(@CurrentUser() caller: Caller, @Param({ schema: ImportIdParam }) p: ImportIdParam, @Res() res: Response) {
    const csv = await this.imports.errorsCsv(caller, p.id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="import-${p.id}-errors.csv"`);
    await pipeline(Readable.from(csv), res);
  }
}
