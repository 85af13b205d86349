import { Module } from '@nestjs/common';
import { ExportModule } from '../export/export.module';
import { IngestModule } from '../ingest/ingest.module';
import { DeliveryWorker } from './delivery.worker';
import { ScheduleController } from './schedule.controller';
import { ScheduleService } from './schedule.service';

/** Scheduled deliveries of the export workbooks by e-mail, and the worker that sends them and notification e-mails. */
@Module({
  imports: [ExportModule, IngestModule],
  controllers: [ScheduleController],
  providers: [ScheduleService, DeliveryWorker],
  exports: [DeliveryWorker],
})
export class ScheduleModule {}
