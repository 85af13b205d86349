import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { NotFoundError } from '../../common/domain-error';
import { ScopeService } from '../auth/scope.service';
import { SettingsService } from '../org/settings.service';
import { listComplaintsSql, openCasesOfTeamSql } from './complaint.queries';
import type { ComplaintListQueryDto } from './complaints.dto';
import type { ComplaintCase } from './complaints.types';
import { complaintClock, compareForQueue, type ComplaintLevel } from './domain/complaint-clock';

interface CaseRow {
  external_id: string;
  level: ComplaintLevel;
  opened_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  category: string | null;
  call_external_id: string | null;
  agent_id: number | null;
  agent_code: string | null;
  agent_name: string | null;
  team_id: number | null;
  team_name: string | null;
}

/** Complaint cases as people see them: scoped like the KPIs, each with its clocks at this moment. */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly scope: ScopeService,
  ) {}

  async list(caller: Caller, q: ComplaintListQueryDto, now: Date = new Date()): Promise<ComplaintCase[]> {
    await this.assertFiltersExist(q);
    // Supervisor: cases attributed to their teams; agent: cases charged to them; another team's agent or team: 403.
    const restriction = await this.scope.kpiRestriction(caller, { from: q.from, to: q.to, groupBy: 'agent', teamId: q.teamId, agentId: q.agentId });
    const s = await this.settings.get();
    const teamIds = restriction.teamIds ? (q.teamId !== undefined ? [q.teamId] : restriction.teamIds) : q.teamId !== undefined ? [q.teamId] : null;
    const agentId = restriction.agentId ?? q.agentId ?? null;
    const rows: CaseRow[] = await this.db.query(listComplaintsSql, [s.timezone, q.from, q.to, teamIds, agentId]);
    const cases = rows
      .filter((r) => (q.level === undefined || r.level === q.level) && (q.category === undefined || r.category === q.category))
      .map((r) => {
        const clock = complaintClock({ level: r.level, openedAt: r.opened_at, firstResponseAt: r.first_response_at, resolvedAt: r.resolved_at }, s.complaintDeadlines, now);
        return { r, clock };
      })
      .filter(({ clock }) => q.status === undefined || clock.status === q.status);
    cases.sort((a, b) => compareForQueue({ clock: a.clock, openedAt: a.r.opened_at }, { clock: b.clock, openedAt: b.r.opened_at }));
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return cases.map(({ r, clock }) => ({
      externalId: r.external_id,
      level: r.level,
      openedAt: r.opened_at.toISOString(),
      firstResponseAt: iso(r.first_response_at),
      resolvedAt: iso(r.resolved_at),
      category: r.category,
      callExternalId: r.call_external_id,
      agent: r.agent_id === null ? null : { id: r.agent_id, code: r.agent_code!, name: r.agent_name! },
      team: r.team_id === null ? null : { id: r.team_id, name: r.team_name! },
      responseDueAt: clock.responseDueAt.toISOString(),
      resolutionDueAt: clock.resolutionDueAt.toISOString(),
      status: clock.status,
      response: clock.response,
      resolution: clock.resolution,
      overdueBy: clock.overdueBy,
      remaining: clock.remaining,
    }));
  }

  /**
   * The team's cases overdue now, per agent (the weekly review). The caller has been checked
   * for the team by the review (ScopeService.assertTeamVisible) before this is asked.
   */
  async overdueInTeam(teamId: number, now: Date = new Date()): Promise<Map<number, Array<{ externalId: string; level: ComplaintLevel; overdueBy: number; callId: number | null }>>> {
    const s = await this.settings.get();
    const rows: Array<{ external_id: string; level: ComplaintLevel; opened_at: Date; first_response_at: Date | null; resolved_at: Date | null; agent_id: number | null; call_id: string | null }> =
      await this.db.query(openCasesOfTeamSql, [s.timezone, teamId]);
    const out = new Map<number, Array<{ externalId: string; level: ComplaintLevel; overdueBy: number; callId: number | null }>>();
    for (const r of rows) {
      if (r.agent_id === null) continue;
      const clock = complaintClock({ level: r.level, openedAt: r.opened_at, firstResponseAt: r.first_response_at, resolvedAt: r.resolved_at }, s.complaintDeadlines, now);
      if (clock.status !== 'overdue') continue;
      const list = out.get(r.agent_id) ?? [];
      list.push({ externalId: r.external_id, level: r.level, overdueBy: clock.overdueBy!, callId: r.call_id === null ? null : Number(r.call_id) });
      out.set(r.agent_id, list);
    }
    return out;
  }

  /** 404 for a filter naming a team or agent that does not exist (before scope, which would say 403), as the KPIs do. */
  private async assertFiltersExist(q: { teamId?: number; agentId?: number }): Promise<void> {
    if (q.teamId !== undefined && !(await this.db.query(`SELECT 1 FROM teams WHERE id = $1`, [q.teamId])).length) throw new NotFoundError(`There is no team with id ${q.teamId}.`);
    if (q.agentId !== undefined && !(await this.db.query(`SELECT 1 FROM agents WHERE id = $1`, [q.agentId])).length) throw new NotFoundError(`There is no agent with id ${q.agentId}.`);
  }
}
