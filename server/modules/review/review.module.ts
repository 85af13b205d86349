import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module';
import { QaModule } from '../qa/qa.module';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';

/** The weekly review: exports ReviewService for the weekly workbook. */
@Module({
  imports: [QaModule, ComplaintsModule],
  controllers: [ReviewController],
  providers: [ReviewService],
  exports: [ReviewService],
})
export class ReviewModule {}
