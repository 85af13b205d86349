import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { AgentFindingsQuery } from './agent-findings.dto';
import { AgentFindingsService } from './agent-findings.service';
import { AgreementQuery, CallParam, OverruleDto, PreviewDto, RuleSetDto } from './autoqa.dto';
import { AutoqaAgreementService } from './autoqa-agreement.service';
import { AutoqaRuleSetService } from './autoqa-rule-set.service';
import { CallDetailService } from './call-detail.service';

@ApiTags('calls')
@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallDetailService) {}

  /** One call: facts, survey, transcript, AutoQA findings with evidence, evaluations (scoped like the KPIs). */
  @Get(':externalId')
  get(@CurrentUser() caller: Caller, @Param({ schema: CallParam }) p: CallParam) {
    return this.calls.get(caller, p.externalId);
  }

  @Roles('admin', 'supervisor')
  @Post(':externalId/autoqa/overrule')
  @HttpCode(200)
  overrule(@CurrentUser() caller: Caller, @Param({ schema: CallParam }) p: CallParam, @Body({ schema: OverruleDto }) dto: OverruleDto) {
    return this.calls.overrule(caller, p.externalId, dto);
  }
}

@ApiTags('autoqa')
@Controller('autoqa')
export class AutoqaController {
  constructor(
    private readonly ruleSets: AutoqaRuleSetService,
    private readonly agreementService: AutoqaAgreementService,
    private readonly findingsService: AgentFindingsService,
  ) {}

  @Get('rule-set')
  ruleSet() {
    return this.ruleSets.get();
  }

  @Roles('admin')
  @Put('rule-set')
  putRuleSet(@CurrentUser() caller: Caller, @Body({ schema: RuleSetDto }) dto: RuleSetDto) {
    return this.ruleSets.put(caller, dto);
  }

  @Get('rule-set/rescoring')
  rescoring() {
    return this.ruleSets.rescoring();
  }

  @Roles('admin', 'supervisor')
  @Post('preview')
  @HttpCode(200)
  preview(@CurrentUser() caller: Caller, @Body({ schema: PreviewDto }) dto: PreviewDto) {
    return this.ruleSets.preview(caller, dto);
  }

  @Roles('admin', 'supervisor', 'hr')
  @Get('agreement')
  agreement(@CurrentUser() caller: Caller, @Query({ schema: AgreementQuery }) q: AgreementQuery) {
    return this.agreementService.agreement(caller, q);
  }

  /** One agent's findings with the lines, newest call first (the agent's scorecard); scoped like the agent's figures. */
  @Get('findings')
  findings(@CurrentUser() caller: Caller, @Query({ schema: AgentFindingsQuery }) q: AgentFindingsQuery) {
    return this.findingsService.list(caller, q);
  }
}
