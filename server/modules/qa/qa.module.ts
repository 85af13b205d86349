import { Module } from '@nestjs/common';
import { CoachingService } from './coaching.service';
import { CoachingNotesController, QaCalibrationsController, QaEvaluationsController, QaEvaluatorsController, QaFormsController, QaSamplesController } from './qa.controller';
import { QaCalibrationsService } from './qa-calibrations.service';
import { QaEvaluationsService } from './qa-evaluations.service';
import { QaFormsService } from './qa-forms.service';
import { QaSamplingService } from './qa-sampling.service';

/** QA forms, evaluations and their lifecycle, sampling, calibration, coaching notes. */
@Module({
  controllers: [QaFormsController, QaEvaluationsController, QaSamplesController, QaCalibrationsController, QaEvaluatorsController, CoachingNotesController],
  providers: [QaFormsService, QaEvaluationsService, QaSamplingService, QaCalibrationsService, CoachingService],
  exports: [QaEvaluationsService, CoachingService],
})
export class QaModule {}
