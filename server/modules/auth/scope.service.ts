import { Injectable } from '@nestjs/common';
import type { Caller } from '../../common/auth/caller';
import { ForbiddenError } from '../../common/domain-error';

/**
 * What a caller may see, decided in one place. Services ask here before reading data:
 * admin and hr see everything; a supervisor the teams they supervise (and the agents' records
 * attributed to those teams); an agent only their own record.
 */
export type TeamScope = { kind: 'all' } | { kind: 'teams'; teamIds: number[] } | { kind: 'agent'; agentId: number };

@Injectable()
export class ScopeService {
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
    if (ids && !ids.includes(teamId)) throw new ForbiddenError('You can only see the teams you supervise.');
  }

  assertCanWrite(caller: Caller): void {
    if (caller.role === 'hr') throw new ForbiddenError('HR can read and export, not change data.');
  }
}
