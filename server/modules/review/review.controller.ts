import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { acceptedLanguage } from '../../common/i18n/product-language';
import { ReviewCoachingDto, WeeklyReviewQuery } from './review.dto';
import { ReviewService } from './review.service';

@ApiTags('weekly review')
@Controller('reviews/weekly')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  /** The team's figures, the agents who need attention (with evidence), recognition and coaching follow-ups. */
  @Roles('admin', 'supervisor', 'hr')
  @Get()
  weekly(@CurrentUser() caller: Caller, @Query({ schema: WeeklyReviewQuery }) q: WeeklyReviewQuery, @Req() req: Request) {
    return this.review.weekly(caller, { ...q, requestLanguage: acceptedLanguage(req) });
  }

  /** An attention entry turned into a coaching note with a follow-up date. */
  @Roles('admin', 'supervisor')
  @Post('coaching')
  coaching(@CurrentUser() caller: Caller, @Body({ schema: ReviewCoachingDto }) dto: ReviewCoachingDto) {
    return this.review.createCoachingNote(caller, dto);
  }
}
