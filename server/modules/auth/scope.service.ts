import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller, Role } from '../../common/auth/caller';
import { ForbiddenError, NotFoundError } from '../../common/domain-error';
import { membershipOverlaps } from '../../common/membership.sql';

/**
 * What a caller may see and do, decided in one place. Services ask here before reading or
 * writing data: admin sees and changes everything; hr sees and exports everything and changes
 * nothing; a supervisor the teams they supervise (and the agents' records attributed to those
 * teams); an agent only their own record (plus their team's aggregates).
 */
export type TeamScope = { kind: 'all' } | { kind: 'teams'; teamIds: number[] } | { kind: 'agent'; agentId: number };

/** What an import may write: everything (admin, the command line), or rows of agents in these teams at the record's time. */
export type ImportWriteScope = { kind: 'all' } | { kind: 'teams'; teamIds: number[] };

/** A team on the local dates [from, to) (null: open-ended), as in agent_team_memberships. */
export interface TeamSpan {
  teamId: number;
  from: string | null;
  to: string | null;
}

/**
 * Extra row restrictions a KPI request gets from the caller's scope (merged into its filters).
 * `teamSpans`: an agent's team aggregates, each team only on the days the agent was in it.
 */
export type KpiRestriction = { teamIds?: number[]; agentId?: number; teamSpans?: TeamSpan[] };

/** The facts about an evaluation that decide who may read or act on it. */
export interface EvaluationAccessFacts {
  id: number;
  agentId: number;
  evaluatorId: number | null;
  status: string;
  calibrationId: number | null;
  calibrationStatus?: string | null;
}

/** The membership look-ups behind the decisions (exported so tests can answer them without a database). */
export const scopeSql = {
  currentlyInTeam: `SELECT 1 FROM agent_team_memberships WHERE agent_id = $1 AND team_id = $2 AND valid_to IS NULL`,
  everInTeams: `SELECT 1 FROM agent_team_memberships WHERE agent_id = $1 AND team_id = ANY($2::int[]) LIMIT 1`,
  currentTeam: `SELECT a.id, t.team_id FROM agents a LEFT JOIN agent_team_memberships t ON t.agent_id = a.id AND t.valid_to IS NULL WHERE a.id = $1`,
  spansInRange: `SELECT m.team_id, to_char(m.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(m.valid_to, 'YYYY-MM-DD') AS valid_to
    FROM agent_team_memberships m WHERE m.agent_id = $1 AND ${membershipOverlaps('m', '$2::date', '$3::date')} ORDER BY m.valid_from NULLS FIRST`,
  agentsOutsideTeams: `SELECT id FROM unnest($1::int[]) AS x(id)
    WHERE NOT EXISTS (SELECT 1 FROM agent_team_memberships m WHERE m.agent_id = x.id AND m.team_id = ANY($2::int[])) ORDER BY id`,
  siteTeams: `SELECT id FROM teams WHERE site_id = $1`,
  callAgent: `SELECT agent_id FROM calls WHERE external_id = $1`,
  calibrationEvaluator: `SELECT 1 FROM qa_calibration_evaluators WHERE calibration_id = $1 AND user_id = $2`,
} as const;

const HR_READ_ONLY = 'HR can read and export, not change data.';

@Injectable()
export class ScopeService {
  constructor(private readonly db: DataSource) {}

  // --- scope of rows --------------------------------------------------------------------------

  /** The rows a caller's queries are limited to: all, the supervised teams, or the own agent record. */
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

  /** The teams whose settings (targets) the caller reads: null for all (admin, hr); a supervisor theirs; an agent their current team. */
  async settingsTeamIds(caller: Caller, manager: EntityManager = this.db.manager): Promise<number[] | null> {
    if (caller.role !== 'agent') return this.visibleTeamIds(caller);
    const rows: { team_id: number | null }[] = await manager.query(scopeSql.currentTeam, [caller.agentId ?? -1]);
    return rows.flatMap((r) => (r.team_id === null ? [] : [r.team_id]));
  }

  /** A team the caller must see (admin/hr: any; supervisor: theirs; agent: none). */
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
    const [own] = await manager.query(scopeSql.currentlyInTeam, [caller.agentId ?? -1, teamId]);
    if (!own) throw new ForbiddenError('You can only see your own team.');
  }

  /**
   * A site named explicitly in a request (a filter): admin/hr any; a supervisor a site with one
   * of their teams; an agent the site of their own team (`teamIds`: the agent's teams to allow,
   * default their current one). Outside that a 403, never an empty answer.
   */
  async assertSiteRequestAllowed(caller: Caller, siteId: number, manager: EntityManager = this.db.manager, agentTeams?: number[]): Promise<void> {
    if (caller.role === 'admin' || caller.role === 'hr') return;
    const siteTeams = await this.siteTeamIds(manager, siteId);
    if (caller.role === 'supervisor') {
      if (!siteTeams.some((t) => caller.teamIds.includes(t))) throw new ForbiddenError('You can only see the sites of the teams you supervise.');
      return;
    }
    const own = agentTeams ?? (await manager.query(scopeSql.currentTeam, [caller.agentId ?? -1])).map((r: { team_id: number | null }) => r.team_id);
    if (!siteTeams.some((t) => own.includes(t))) throw new ForbiddenError('You can only see your own site.');
  }

  /** A stored call named in a filter: its agent must be visible to the caller (assertAgentVisible); a call not stored names no one. */
  async assertCallRequestAllowed(caller: Caller, externalId: string, manager: EntityManager = this.db.manager): Promise<void> {
    if (caller.role === 'admin' || caller.role === 'hr') return;
    const [call] = await manager.query(scopeSql.callAgent, [externalId]);
    if (!call) return;
    if (call.agent_id === null) throw new ForbiddenError('This call has no agent, so it belongs to none of your teams.');
    await this.assertAgentVisible(caller, call.agent_id, manager);
  }

  /** Agents named in a request (a list): each must be visible to the caller (see assertAgentVisible); one query for the list. */
  async assertAgentsVisible(caller: Caller, agentIds: number[], manager: EntityManager = this.db.manager): Promise<void> {
    if (caller.role === 'admin' || caller.role === 'hr') return;
    if (caller.role === 'agent') {
      if (agentIds.some((id) => id !== caller.agentId)) throw new ForbiddenError('You can only see your own record.');
      return;
    }
    const outside: { id: number }[] = await manager.query(scopeSql.agentsOutsideTeams, [agentIds, caller.teamIds]);
    if (outside.length) throw new ForbiddenError(`You can only see agents of the teams you supervise (not agent ${outside.map((r) => r.id).join(', ')}).`);
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
    if (!(await this.everInTeams(manager, agentId, caller.teamIds))) throw new ForbiddenError('You can only see agents of the teams you supervise.');
  }

  /** Any change at all: everyone but HR (what else a role may change is decided by the methods below). */
  assertCanWrite(caller: Caller): void {
    if (caller.role === 'hr') throw new ForbiddenError(HR_READ_ONLY);
  }

  // --- KPIs -----------------------------------------------------------------------------------

  /**
   * What a KPI request may aggregate: admin/hr anything; a supervisor the records attributed to
   * their teams; an agent their own records, or with groupBy=team their own team's aggregate.
   * An explicit site/team/agent filter outside the scope is a 403.
   */
  async kpiRestriction(
    caller: Caller,
    q: { from: string; to: string; groupBy: string; siteId?: number; teamId?: number; agentId?: number },
    manager: EntityManager = this.db.manager,
  ): Promise<KpiRestriction> {
    if (caller.role === 'admin' || caller.role === 'hr') return {};
    if (caller.role === 'supervisor') {
      const teamIds = caller.teamIds;
      if (q.teamId !== undefined && !teamIds.includes(q.teamId)) throw new ForbiddenError('You can only see the figures of the teams you supervise.');
      if (q.agentId !== undefined && !(await this.everInTeams(manager, q.agentId, teamIds))) throw new ForbiddenError('You can only see the agents of the teams you supervise.');
      if (q.siteId !== undefined) await this.assertSiteRequestAllowed(caller, q.siteId, manager);
      return { teamIds };
    }
    const own = caller.agentId;
    if (own === null) throw new ForbiddenError('Your login is not linked to an agent record.');
    if (q.agentId !== undefined && q.agentId !== own) throw new ForbiddenError('Agents can only see their own figures.');
    const spans = await this.agentSpansInRange(manager, own, q.from, q.to);
    const ownTeams = [...new Set(spans.map((sp) => sp.teamId))];
    if (q.teamId !== undefined && !ownTeams.includes(q.teamId)) throw new ForbiddenError('Agents can only see their own team.');
    if (q.siteId !== undefined) await this.assertSiteRequestAllowed(caller, q.siteId, manager, ownTeams);
    // A team's aggregate only for the days the agent was in it (docs/decisions.md, "An agent's team figures after a move").
    return q.groupBy === 'team' ? { teamIds: ownTeams, teamSpans: spans } : { agentId: own };
  }

  // --- QA: evaluations ------------------------------------------------------------------------

  /** Whether users of this role may score calls (and so be invited to a calibration): admins and supervisors. */
  roleCanScoreCalls(role: Role): boolean {
    return role === 'admin' || role === 'supervisor';
  }

  /** Scoring calls at all: admins and supervisors. */
  assertCanScoreCalls(caller: Caller): void {
    if (!this.roleCanScoreCalls(caller.role)) throw new ForbiddenError('Only supervisors and admins can score calls.');
  }

  /** Creating or changing an evaluation of this agent: an admin, or a supervisor of the agent's current team (404 for no such agent). */
  async assertCanEvaluate(caller: Caller, agentId: number, manager: EntityManager = this.db.manager): Promise<void> {
    this.assertCanWrite(caller);
    this.assertCanScoreCalls(caller);
    await this.assertSupervisesCurrentTeam(caller, agentId, 'You can only evaluate agents of the teams you supervise.', manager);
  }

  /** Scoring inside a calibration session: only an invited evaluator. */
  async assertIsCalibrationEvaluator(caller: Caller, calibrationId: number, manager: EntityManager = this.db.manager): Promise<void> {
    const [invited] = await manager.query(scopeSql.calibrationEvaluator, [calibrationId, caller.userId]);
    if (!invited) throw new ForbiddenError('You are not an evaluator of this calibration session.');
  }

  /** Changing a calibration score: only the evaluator who gave it. */
  assertCanEditCalibrationScore(caller: Caller, evaluatorId: number | null): void {
    if (evaluatorId !== caller.userId) throw new ForbiddenError('Only the evaluator can change their calibration score.');
  }

  /** Whether the caller may delete an evaluation that is no longer a draft: admins only. */
  canDeleteSubmittedEvaluation(caller: Caller): boolean {
    return caller.role === 'admin';
  }

  /**
   * Reading one evaluation. Outside the caller's scope it does not exist for them: the same 404 as
   * an id that was never used, so ids cannot be probed (issue 15). An agent sees their own
   * non-draft, non-calibration evaluations; a supervisor those they wrote or of agents ever in
   * their teams. Inside the scope, calibration scores stay blind to others while the session is
   * open (403: the caller knows the session).
   */
  async assertCanSeeEvaluation(caller: Caller, e: EvaluationAccessFacts, manager: EntityManager = this.db.manager): Promise<void> {
    const othersCalibrationScore = !!e.calibrationId && e.evaluatorId !== caller.userId;
    if (caller.role === 'agent' && (e.agentId !== caller.agentId || e.status === 'draft' || othersCalibrationScore)) throw new NotFoundError(`Evaluation ${e.id}`);
    if (caller.role === 'supervisor' && e.evaluatorId !== caller.userId && !(await this.everInTeams(manager, e.agentId, caller.teamIds))) {
      throw new NotFoundError(`Evaluation ${e.id}`);
    }
    if (othersCalibrationScore && e.calibrationStatus === 'open') throw new ForbiddenError('Calibration scores are blind until the session closes.');
  }

  /** Acknowledging or disputing: only the evaluated agent, on their own submitted (non-calibration) evaluation; what the caller may not see is a 404. */
  async assertCanActOnOwnEvaluation(caller: Caller, e: EvaluationAccessFacts, what: string, manager: EntityManager = this.db.manager): Promise<void> {
    await this.assertCanSeeEvaluation(caller, e, manager);
    if (caller.role !== 'agent' || e.calibrationId) throw new ForbiddenError(`Only the evaluated agent can ${what} an evaluation.`);
  }

  // --- QA: forms, sampling, calibration, coaching ---------------------------------------------

  /** Creating, changing or deleting QA forms: admins and supervisors. */
  assertCanEditQaForms(caller: Caller): void {
    if (!this.roleCanScoreCalls(caller.role)) throw new ForbiddenError('Only admins and supervisors can change QA forms.');
  }

  /** Drawing a QA call sample: admins and supervisors. */
  assertCanSampleCalls(caller: Caller): void {
    if (!this.roleCanScoreCalls(caller.role)) throw new ForbiddenError('Only supervisors and admins can sample calls for QA.');
  }

  /** Reading sampled calls: everyone but agents. */
  assertCanSeeCallSamples(caller: Caller): void {
    if (caller.role === 'agent') throw new ForbiddenError('Call samples are for supervisors and QA staff.');
  }

  /** Opening calibration sessions: admins and supervisors. */
  assertCanRunCalibrations(caller: Caller): void {
    if (!this.roleCanScoreCalls(caller.role)) throw new ForbiddenError('Only supervisors and admins can run calibration sessions.');
  }

  /** Calibrating on a call of this agent: an admin, or a supervisor of a team the agent is or was in. */
  async assertCanCalibrateAgent(caller: Caller, agentId: number, manager: EntityManager = this.db.manager): Promise<void> {
    if (caller.role === 'supervisor' && !(await this.everInTeams(manager, agentId, caller.teamIds))) {
      throw new ForbiddenError('You can only calibrate on calls of agents in the teams you supervise.');
    }
  }

  /** Closing a calibration session: whoever opened it, or an admin. */
  assertCanCloseCalibration(caller: Caller, openedBy: number | null): void {
    if (caller.role !== 'admin' && openedBy !== caller.userId) throw new ForbiddenError('Only whoever opened the calibration session (or an admin) can close it.');
  }

  /** Seeing a calibration session: admin/hr, whoever opened it, an invited evaluator, or a supervisor of a team the agent is or was in. */
  async assertCanSeeCalibration(
    caller: Caller,
    c: { openedBy: number | null; agentId: number; invited: boolean },
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    if (caller.role === 'admin' || caller.role === 'hr' || c.openedBy === caller.userId || c.invited) return;
    if (caller.role === 'supervisor' && (await this.everInTeams(manager, c.agentId, caller.teamIds))) return;
    throw new ForbiddenError('You are not part of this calibration session.');
  }

  /** Writing coaching notes for this agent: an admin, or a supervisor of the agent's current team (404 for no such agent). */
  async assertCanCoach(caller: Caller, agentId: number, manager: EntityManager = this.db.manager): Promise<void> {
    this.assertCanWrite(caller);
    if (caller.role === 'agent') throw new ForbiddenError('Coaching notes are written by supervisors.');
    await this.assertSupervisesCurrentTeam(caller, agentId, 'You can only coach agents of the teams you supervise.', manager);
  }

  /** Whether the caller may coach agents currently in this team (the same rule as assertCanCoach, as a yes/no). */
  canCoachInTeam(caller: Caller, teamId: number): boolean {
    return caller.role === 'admin' || (caller.role === 'supervisor' && caller.teamIds.includes(teamId));
  }

  // --- weekly review and exports --------------------------------------------------------------

  /** The weekly review (screen): supervisors, HR and admins. */
  assertCanReview(caller: Caller): void {
    if (caller.role === 'agent') throw new ForbiddenError('The weekly review is for supervisors, HR and admins.');
  }

  /**
   * Imports a caller may see: a supervisor only the ones they started (a file may hold other
   * teams' rows, and errors.csv repeats them verbatim); admin and HR all. Null means all.
   */
  importOwnerFilter(caller: Caller): number | null {
    return caller.role === 'supervisor' ? caller.userId : null;
  }

  /** Pushing records (POST /api/ingest/:kind): an admin, or an `ingest` API key. */
  assertCanPush(caller: Caller): void {
    if (caller.apiKey ? caller.apiKey.scope === 'ingest' : caller.role === 'admin') return;
    throw new ForbiddenError('Pushing records needs an ingest API key or an admin.');
  }

  /** API keys and schedules: admins only (a key acting as an admin is confined by the guard and never gets here). */
  assertIsAdmin(caller: Caller, what: string): void {
    if (caller.role !== 'admin' || caller.apiKey) throw new ForbiddenError(`${what} are kept by admins.`);
  }

  /**
   * The rows an import may write, the same as the equivalent API calls: an admin everything; a
   * supervisor only rows of agents of their teams at the record's time (checked per row by
   * ingest/import-scope.repository.ts); nobody else imports. `null` is the command line.
   */
  importWriteScope(caller: Pick<Caller, 'role' | 'teamIds'> | null): ImportWriteScope {
    if (caller === null || caller.role === 'admin') return { kind: 'all' };
    if (caller.role === 'supervisor') return { kind: 'teams', teamIds: caller.teamIds };
    throw new ForbiddenError(caller.role === 'hr' ? HR_READ_ONLY : 'Only admins and supervisors can import data.', 'forbidden_role');
  }

  /** One import job: see importOwnerFilter. */
  assertCanSeeImport(caller: Caller, startedBy: number | null): void {
    const owner = this.importOwnerFilter(caller);
    if (owner !== null && owner !== startedBy) throw new ForbiddenError('You can only see the imports you started.');
  }

  /** The monthly and weekly team workbooks: HR, admins and supervisors (never agents). */
  assertCanExportTeamWorkbooks(caller: Caller, kind: 'monthly' | 'weekly'): void {
    if (caller.role !== 'agent') return;
    throw new ForbiddenError(
      kind === 'monthly' ? 'The monthly KPI workbook is for HR, admins and supervisors.' : 'The weekly review workbook is for supervisors, HR and admins.',
    );
  }

  /** Exporting one team's workbook: a supervisor only their own teams. */
  assertCanExportTeam(caller: Caller, teamId: number, kind: 'monthly' | 'weekly'): void {
    if (caller.role !== 'supervisor' || caller.teamIds.includes(teamId)) return;
    throw new ForbiddenError(kind === 'monthly' ? 'You can only export the teams you supervise.' : 'You can only export the weekly review of the teams you supervise.');
  }

  /** Exporting one site's workbook: a supervisor only a site with one of their teams. */
  async assertCanExportSite(caller: Caller, siteId: number, manager: EntityManager = this.db.manager): Promise<void> {
    if (caller.role !== 'supervisor') return;
    if (!(await this.siteTeamIds(manager, siteId)).some((id) => caller.teamIds.includes(id))) {
      throw new ForbiddenError('You can only export the sites of the teams you supervise.');
    }
  }

  /** Exporting an agent's scorecard: the agent themself; a supervisor if the agent was in one of their teams during the period. */
  assertCanExportAgent(caller: Caller, agentId: number, teamsInPeriod: number[]): void {
    if (caller.role === 'agent' && caller.agentId !== agentId) throw new ForbiddenError('Agents can only export their own scorecard.');
    if (caller.role === 'supervisor' && !teamsInPeriod.some((t) => caller.teamIds.includes(t))) {
      throw new ForbiddenError('You can only export the scorecards of agents in the teams you supervise.');
    }
  }

  // --- calls and AutoQA -----------------------------------------------------------------------

  /**
   * One call's page (facts, transcript, findings), scoped like the KPIs: admin/hr every call; an
   * agent their own calls; a supervisor the calls attributed to their teams (the agent's team at
   * the call's local date). `call` null = no such call: a restricted caller gets the same 403 as
   * for another's call, so the answer never tells whether an id exists.
   */
  assertCanSeeCall(caller: Caller, call: { agentId: number | null; teamId: number | null } | null, externalId: string): void {
    if (caller.role === 'admin' || caller.role === 'hr') {
      if (!call) throw new NotFoundError(`Call ${externalId}`);
      return;
    }
    if (caller.role === 'agent') {
      if (!call || call.agentId === null || call.agentId !== caller.agentId) throw new ForbiddenError('You can only see your own calls.');
      return;
    }
    if (!call || call.teamId === null || !caller.teamIds.includes(call.teamId)) throw new ForbiddenError('You can only see calls of the teams you supervise.');
  }

  /** Overruling an AutoQA finding: an admin, or the supervisor of the call's team at the call's time. */
  canOverrule(caller: Caller, call: { teamId: number | null }): boolean {
    return caller.role === 'admin' || (caller.role === 'supervisor' && call.teamId !== null && caller.teamIds.includes(call.teamId));
  }

  assertCanOverrule(caller: Caller, call: { teamId: number | null }): void {
    this.assertCanWrite(caller);
    if (!this.canOverrule(caller, call)) throw new ForbiddenError('Only the supervisor of the call\'s team (at the time of the call) or an admin can overrule a finding.');
  }

  /** Changing the AutoQA rules: admins. */
  assertCanEditAutoqaRules(caller: Caller): void {
    if (caller.role !== 'admin') throw new ForbiddenError('Only admins can change the AutoQA rules.');
  }

  /** Trying rules on a pasted transcript (nothing stored): admins and supervisors. */
  assertCanTryAutoqaRules(caller: Caller): void {
    if (!this.roleCanScoreCalls(caller.role)) throw new ForbiddenError('Trying AutoQA rules is for admins and supervisors.');
  }

  /**
   * The agreement report: admin/hr over every call, a supervisor over their teams' calls (a
   * teamId must be theirs), never agents. Returns the teams to restrict to, or null for all.
   */
  agreementTeams(caller: Caller, teamId: number | undefined): number[] | null {
    if (caller.role === 'agent') throw new ForbiddenError('The AutoQA agreement report is for supervisors, HR and admins.');
    if (caller.role === 'supervisor') {
      if (teamId !== undefined && !caller.teamIds.includes(teamId)) throw new ForbiddenError('You can only see the teams you supervise.');
      return teamId !== undefined ? [teamId] : caller.teamIds;
    }
    return teamId !== undefined ? [teamId] : null;
  }

  // --- look-ups ---------------------------------------------------------------------------------

  private async assertSupervisesCurrentTeam(caller: Caller, agentId: number, message: string, manager: EntityManager): Promise<void> {
    const [agent] = await manager.query(scopeSql.currentTeam, [agentId]);
    if (!agent) throw new NotFoundError(`Agent ${agentId}`);
    if (caller.role === 'supervisor' && !caller.teamIds.includes(agent.team_id)) throw new ForbiddenError(message);
  }

  private async everInTeams(manager: EntityManager, agentId: number, teamIds: number[]): Promise<boolean> {
    const [hit] = await manager.query(scopeSql.everInTeams, [agentId, teamIds]);
    return !!hit;
  }

  private async siteTeamIds(manager: EntityManager, siteId: number): Promise<number[]> {
    const rows: { id: number }[] = await manager.query(scopeSql.siteTeams, [siteId]);
    return rows.map((r) => r.id);
  }

  private async agentSpansInRange(manager: EntityManager, agentId: number, from: string, to: string): Promise<TeamSpan[]> {
    const rows: { team_id: number; valid_from: string | null; valid_to: string | null }[] = await manager.query(scopeSql.spansInRange, [agentId, from, to]);
    return rows.map((r) => ({ teamId: r.team_id, from: r.valid_from, to: r.valid_to }));
  }
}
