import { Module } from '@nestjs/common';
import { ReviewModule } from '../review/review.module';
import { ExportController } from './export.controller';
import { ExportRepository } from './export.repository';
import { ExportService } from './export.service';

/** Excel workbooks: HR's monthly KPI sheet, the weekly review pack, the agent scorecard. */
@Module({
  imports: [ReviewModule],
  controllers: [ExportController],
  providers: [ExportService, ExportRepository],
  exports: [ExportService],
})
export class ExportModule {}
