import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { CoachingService } from './coaching.service';
import { QaCalibrationsService } from './qa-calibrations.service';
import { QaEvaluationsService } from './qa-evaluations.service';
import { QaFormsService } from './qa-forms.service';
import { QaSamplingService } from './qa-sampling.service';
import {
  CoachingListQuery,
  CreateCalibrationDto,
  CreateCoachingNoteDto,
  CreateEvaluationDto,
  CreateSampleDto,
  DisputeDto,
  EmptyDto,
  EvaluationListQuery,
  FormDto,
  FormListQuery,
  IdParam,
  ResolveDto,
  SampleListQuery,
  UpdateCoachingNoteDto,
  UpdateEvaluationDto,
} from './qa.dto';
import { z } from 'zod';

const CalibrationScoreDto = CreateEvaluationDto.pick({ answers: true, comment: true });
type CalibrationScoreDto = z.infer<typeof CalibrationScoreDto>;

@ApiTags('qa')
@Controller('qa/forms')
export class QaFormsController {
  constructor(private readonly forms: QaFormsService) {}

  @Get()
  list(@CurrentUser() caller: Caller, @Query({ schema: FormListQuery }) q: FormListQuery) {
    return this.forms.list(caller, q);
  }

  @Get(':id')
  get(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam) {
    return this.forms.get(caller, p.id);
  }

  @Roles('admin', 'supervisor')
  @Post()
  create(@CurrentUser() caller: Caller, @Body({ schema: FormDto }) dto: FormDto) {
    return this.forms.create(caller, dto);
  }

  @Roles('admin', 'supervisor')
  @Put(':id')
  update(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: FormDto }) dto: FormDto) {
    return this.forms.update(caller, p.id, dto);
  }

  @Roles('admin', 'supervisor')
  @HttpCode(200)
  @Post(':id/archive')
  archive(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam) {
    return this.forms.setArchived(caller, p.id, true);
  }

  @Roles('admin', 'supervisor')
  @HttpCode(200)
  @Post(':id/unarchive')
  unarchive(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam) {
    return this.forms.setArchived(caller, p.id, false);
  }

  @Roles('admin', 'supervisor')
  @HttpCode(204)
  @Delete(':id')
  async remove(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam) {
    await this.forms.remove(caller, p.id);
  }
}

@ApiTags('qa')
@Controller('qa/evaluations')
export class QaEvaluationsController {
  constructor(private readonly evaluations: QaEvaluationsService) {}

  /** A bare array, newest first; the total comes in `X-Total-Count`. */
  @Get()
  async list(@CurrentUser() caller: Caller, @Query({ schema: EvaluationListQuery }) q: EvaluationListQuery, @Res({ passthrough: true }) res: Response) {
    const page = await this.evaluations.list(caller, q);
    res.setHeader('X-Total-Count', String(page.total));
    return page.items;
  }

  @Get(':id')
  get(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam) {
    return this.evaluations.get(caller, p.id);
  }

  @Roles('admin', 'supervisor')
  @Post()
  create(@CurrentUser() caller: Caller, @Body({ schema: CreateEvaluationDto }) dto: CreateEvaluationDto) {
    return this.evaluations.create(caller, dto);
  }

  @Roles('admin', 'supervisor')
  @Patch(':id')
  update(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: UpdateEvaluationDto }) dto: UpdateEvaluationDto) {
    return this.evaluations.update(caller, p.id, dto);
  }

  @Roles('admin', 'supervisor')
  @HttpCode(204)
  @Delete(':id')
  async remove(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam) {
    await this.evaluations.remove(caller, p.id);
  }

  @Roles('admin', 'supervisor')
  @HttpCode(200)
  @Post(':id/submit')
  submit(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: EmptyDto.optional() }) _b: EmptyDto) {
    return this.evaluations.submit(caller, p.id);
  }

  @HttpCode(200)
  @Post(':id/acknowledge')
  acknowledge(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: EmptyDto.optional() }) _b: EmptyDto) {
    return this.evaluations.acknowledge(caller, p.id);
  }

  @HttpCode(200)
  @Post(':id/dispute')
  dispute(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: DisputeDto }) dto: DisputeDto) {
    return this.evaluations.dispute(caller, p.id, dto);
  }

  @Roles('admin', 'supervisor')
  @HttpCode(200)
  @Post(':id/resolve')
  resolve(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: ResolveDto }) dto: ResolveDto) {
    return this.evaluations.resolve(caller, p.id, dto);
  }
}

@ApiTags('qa')
@Controller('qa/samples')
export class QaSamplesController {
  constructor(private readonly sampling: QaSamplingService) {}

  @Roles('admin', 'supervisor')
  @Post()
  create(@CurrentUser() caller: Caller, @Body({ schema: CreateSampleDto }) dto: CreateSampleDto) {
    return this.sampling.create(caller, dto);
  }

  @Roles('admin', 'supervisor', 'hr')
  @Get()
  list(@CurrentUser() caller: Caller, @Query({ schema: SampleListQuery }) q: SampleListQuery) {
    return this.sampling.assigned(caller, q);
  }
}

@ApiTags('qa')
@Controller('qa/evaluators')
export class QaEvaluatorsController {
  constructor(private readonly calibrations: QaCalibrationsService) {}

  /** The people a calibration session can invite (names and roles only). */
  @Roles('admin', 'supervisor')
  @Get()
  list(@CurrentUser() caller: Caller) {
    return this.calibrations.evaluators(caller);
  }
}

@ApiTags('qa')
@Controller('qa/calibrations')
export class QaCalibrationsController {
  constructor(private readonly calibrations: QaCalibrationsService) {}

  @Roles('admin', 'supervisor', 'hr')
  @Get()
  list(@CurrentUser() caller: Caller) {
    return this.calibrations.list(caller);
  }

  @Roles('admin', 'supervisor')
  @Post()
  create(@CurrentUser() caller: Caller, @Body({ schema: CreateCalibrationDto }) dto: CreateCalibrationDto) {
    return this.calibrations.create(caller, dto);
  }

  @Roles('admin', 'supervisor', 'hr')
  @Get(':id')
  get(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam) {
    return this.calibrations.get(caller, p.id);
  }

  @Roles('admin', 'supervisor')
  @Post(':id/evaluations')
  score(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: CalibrationScoreDto }) dto: CalibrationScoreDto) {
    return this.calibrations.evaluate(caller, p.id, dto);
  }

  @Roles('admin', 'supervisor')
  @HttpCode(200)
  @Post(':id/close')
  close(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: EmptyDto.optional() }) _b: EmptyDto) {
    return this.calibrations.close(caller, p.id);
  }

  @Roles('admin', 'supervisor', 'hr')
  @Get(':id/report')
  report(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam) {
    return this.calibrations.report(caller, p.id);
  }
}

@ApiTags('qa')
@Controller('coaching-notes')
export class CoachingNotesController {
  constructor(private readonly coaching: CoachingService) {}

  @Get()
  list(@CurrentUser() caller: Caller, @Query({ schema: CoachingListQuery }) q: CoachingListQuery) {
    return this.coaching.list(caller, q);
  }

  @Roles('admin', 'supervisor')
  @Post()
  create(@CurrentUser() caller: Caller, @Body({ schema: CreateCoachingNoteDto }) dto: CreateCoachingNoteDto) {
    return this.coaching.create(caller, dto);
  }

  @Roles('admin', 'supervisor')
  @Patch(':id')
  update(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: UpdateCoachingNoteDto }) dto: UpdateCoachingNoteDto) {
    return this.coaching.update(caller, p.id, dto);
  }
}
