import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../../common/auth/auth.decorators';
import type { Caller } from '../../common/auth/caller';
import { CreateAgentDto, CreateSiteDto, CreateTeamDto, IdParam, ListQuery, MoveAgentDto, UpdateAgentDto, UpdateSiteDto, UpdateTeamDto } from './org.dto';
import { OrgService } from './org.service';

@ApiTags('organisation')
@Controller()
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get('sites')
  sites(@CurrentUser() caller: Caller) {
    return this.org.listSites(caller);
  }

  @Roles('admin')
  @Post('sites')
  createSite(@CurrentUser() caller: Caller, @Body({ schema: CreateSiteDto }) dto: CreateSiteDto) {
    return this.org.createSite(caller, dto);
  }

  @Roles('admin')
  @Patch('sites/:id')
  updateSite(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: UpdateSiteDto }) dto: UpdateSiteDto) {
    return this.org.updateSite(caller, p.id, dto);
  }

  @Get('teams')
  teams(@CurrentUser() caller: Caller) {
    return this.org.listTeams(caller);
  }

  @Roles('admin')
  @Post('teams')
  createTeam(@CurrentUser() caller: Caller, @Body({ schema: CreateTeamDto }) dto: CreateTeamDto) {
    return this.org.createTeam(caller, dto);
  }

  @Roles('admin')
  @Patch('teams/:id')
  updateTeam(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: UpdateTeamDto }) dto: UpdateTeamDto) {
    return this.org.updateTeam(caller, p.id, dto);
  }

  /** A bare array; with `limit`/`offset` the total comes in `X-Total-Count`. */
  @Get('agents')
  async agents(@CurrentUser() caller: Caller, @Query({ schema: ListQuery }) query: ListQuery, @Res({ passthrough: true }) res: Response) {
    const page = await this.org.listAgents(caller, query);
    res.setHeader('X-Total-Count', String(page.total));
    return page.items;
  }

  @Get('agents/:id')
  agent(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam) {
    return this.org.getAgent(caller, p.id);
  }

  @Roles('admin')
  @Post('agents')
  createAgent(@CurrentUser() caller: Caller, @Body({ schema: CreateAgentDto }) dto: CreateAgentDto) {
    return this.org.createAgent(caller, dto);
  }

  @Roles('admin')
  @Patch('agents/:id')
  updateAgent(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: UpdateAgentDto }) dto: UpdateAgentDto) {
    return this.org.updateAgent(caller, p.id, dto);
  }

  @Roles('admin')
  @Post('agents/:id/moves')
  move(@CurrentUser() caller: Caller, @Param({ schema: IdParam }) p: IdParam, @Body({ schema: MoveAgentDto }) dto: MoveAgentDto) {
    return this.org.moveAgentByRequest(caller, p.id, dto);
  }
}
