import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { ForbiddenError } from '../../common/domain-error';

/**
 * What a caller may see, decided in one place. Services ask here before reading data:
 * admin and hr see everything; a supervisor the teams they supervise (and the agents' records
 * attributed to those teams); an agent only their own record (plus their team's aggregates).
 */
export type TeamScope = { kind: 'all' } | { kind: 'teams'; teamIds: number[] } | { kind: 'agent'; agentId: number };

@Injectable()
export class ScopeService {
  constructor(private readonly db: DataSource) {}

  teamScope(caller: Caller): TeamScope {
    switch (caller.role) {
      case 'admin':
      case 'hr':
        return { kind: 'all' };
      case 'supervisor':
        return { kind: 'teams', teamIds: caller.teamIds };
      case 'agent':
        return { kind: 'agent', agentId: caller.agentId ?? -1 };
    }
  }

  /** Team ids the caller may see, or null for all. An agent gets none here (see their own team via KPIs). */
  visibleTeamIds(caller: Caller): number[] | null {
    const scope = this.teamScope(caller);
    if (scope.kind === 'all') return null;
    return scope.kind === 'teams' ? scope.teamIds : [];
  }

  assertTeamVisible(caller: Caller, teamId: number): void {
    const ids = this.visibleTeamIds(caller);
    if (ids && !ids.includes(teamId)) {
      throw new ForbiddenError(caller.role === 'agent' ? 'You can only see your own figures.' : 'You can only see the teams you supervise.');
    }
  }

  /**
   * A team named explicitly in a request (a filter, a team page). Agents may name their own
   * current team, for its aggregate figures and their own rows in it; never another team.
   */
  async assertTeamRequestAllowed(caller: Caller, teamId: number, manager: EntityManager = this.db.manager): Promise<void> {
    if (caller.role !== 'agent') return this.assertTeamVisible(caller, teamId);
    const [own] = await manager.query(`SELECT 1 FROM agent_team_memberships WHERE agent_id = $1 AND team_id = $2 AND valid_to IS NULL`, [caller.agentId ?? -1, teamId]);
    if (!own) throw new ForbiddenError('You can only see your own team.');
  }

  /**
   * An agent's personal record or figures: an agent only their own; a supervisor an agent who
   * is, or at any time was, in one of their teams (they see the records of that time).
   */
  async assertAgentVisible(caller: Caller, agentId: number, manager: EntityManager = this.db.manager): Promise<void> {
    if (caller.role === 'admin' || caller.role === 'hr') return;
    if (caller.role === 'agent') {
      if (caller.agentId !== agentId) throw new ForbiddenError('You can only see your own record.');
      return;
    }
    const [hit] = await manager.query(`SELECT 1 FROM agent_team_memberships WHERE agent_id = $1 AND team_id = ANY($2::int[]) LIMIT 1`, [agentId, caller.teamIds]);
    if (!hit) throw new ForbiddenError('You can only see agents of the teams you supervise.');
  }

  assertCanWrite(caller: Caller): void {
    if (caller.role === 'hr') throw new ForbiddenError('HR can read and export, not change data.');
  }
}
