import { Module } from '@nestjs/common';
import { AgentFindingsService } from './agent-findings.service';
import { AutoqaController, CallsController } from './autoqa.controller';
import { AutoqaAgreementService } from './autoqa-agreement.service';
import { AutoqaRescoreService } from './autoqa-rescore.service';
import { AutoqaRuleSetService } from './autoqa-rule-set.service';
import { AutoqaScoringService } from './autoqa-scoring.service';
import { CallDetailService } from './call-detail.service';

/** Transcripts' AutoQA: rule sets, scoring (used by the transcript import), re-scoring, the call page, overrules, agreement. */
@Module({
  controllers: [CallsController, AutoqaController],
  providers: [AutoqaScoringService, AutoqaRescoreService, AutoqaRuleSetService, CallDetailService, AutoqaAgreementService, AgentFindingsService],
  exports: [AutoqaScoringService, AutoqaRescoreService, AutoqaRuleSetService],
})
export class AutoqaModule {}
