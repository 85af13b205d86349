import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { DeliveryWorker } from './delivery.worker';
import { CreateScheduleDto, ScheduleIdParam, UpdateScheduleDto } from './schedule.dto';
import { ScheduleService } from './schedule.service';

/** docs/api.md "API keys, push ingestion, schedules" (admin). */
@ApiTags('schedules')
@Roles('admin')
@Controller('schedules')
export class ScheduleController {
  constructor(
    private readonly schedules: ScheduleService,
    private readonly worker: DeliveryWorker,
  ) {}

  @Get()
  list(@CurrentUser() caller: Caller) {
    return this.schedules.list(caller);
  }

  @Post()
  create(@CurrentUser() caller: Caller, @Body({ schema: CreateScheduleDto }) dto: CreateScheduleDto) {
    return this.schedules.create(caller, dto);
  }

  @Patch(':id')
  update(@CurrentUser() caller: Caller, @Param({ schema: ScheduleIdParam }) p: ScheduleIdParam, @Body({ schema: UpdateScheduleDto }) dto: UpdateScheduleDto) {
    return this.schedules.update(caller, p.id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentUser() caller: Caller, @Param({ schema: ScheduleIdParam }) p: ScheduleIdParam) {
    await this.schedules.remove(caller, p.id);
  }

  /** Queues a delivery of the last complete period and starts this server's worker: 202 with the queued delivery. */
  @Post(':id/run')
  @HttpCode(202)
  async run(@CurrentUser() caller: Caller, @Param({ schema: ScheduleIdParam }) p: ScheduleIdParam) {
    const delivery = await this.schedules.runNow(caller, p.id);
    this.worker.kick();
    return delivery;
  }

  @Get(':id/deliveries')
  deliveries(@CurrentUser() caller: Caller, @Param({ schema: ScheduleIdParam }) p: ScheduleIdParam) {
    return this.schedules.deliveries(caller, p.id);
  }
}
