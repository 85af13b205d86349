import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, ConflictError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { DataChangeService } from '../kpi/data-change.service';
import type { CreateAgentDto, CreateSiteDto, CreateTeamDto, ListQuery, MoveAgentDto, UpdateAgentDto, UpdateSiteDto, UpdateTeamDto } from './org.dto';

export interface NamedRef {
  id: number;
  name: string;
}
export interface TeamView extends NamedRef {
  site: NamedRef | null;
}
export interface AgentView {
  id: number;
  code: string;
  name: string;
  email: string | null;
  team: NamedRef;
  site: NamedRef | null;
  active: boolean;
}
export interface Page<T> {
  items: T[];
  total: number;
}

export const UNASSIGNED_TEAM = 'Unassigned';

const agentSelect = `
  SELECT a.id, a.code, a.name, a.email, a.active,
         t.id AS team_id, t.name AS team_name, s.id AS site_id, s.name AS site_name,
         count(*) OVER () AS total
    FROM agents a
    JOIN agent_team_memberships m ON m.agent_id = a.id AND m.valid_to IS NULL
    JOIN teams t ON t.id = m.team_id
    LEFT JOIN sites s ON s.id = t.site_id`;

@Injectable()
export class OrgService {
  constructor(
    private readonly db: DataSource,
    private readonly scope: ScopeService,
    private readonly audit: AuditService,
    private readonly dataChanges: DataChangeService,
  ) {}

  async listSites(caller: Caller): Promise<NamedRef[]> {
    const scope = this.scope.teamScope(caller);
    if (scope.kind === 'agent') {
      return this.db.query(
        `SELECT s.id, s.name FROM agent_team_memberships m JOIN teams t ON t.id = m.team_id JOIN sites s ON s.id = t.site_id
          WHERE m.agent_id = $1 AND m.valid_to IS NULL`,
        [caller.agentId],
      );
    }
    const teamIds = this.scope.visibleTeamIds(caller);
    return this.db.query(
      `SELECT s.id, s.name FROM sites s
        WHERE $1::int[] IS NULL OR EXISTS (SELECT 1 FROM teams t WHERE t.site_id = s.id AND t.id = ANY($1))
        ORDER BY s.name`,
      [teamIds],
    );
  }

  async listTeams(caller: Caller): Promise<TeamView[]> {
    const scope = this.scope.teamScope(caller);
    const rows = await this.db.query(
      `SELECT t.id, t.name, s.id AS site_id, s.name AS site_name FROM teams t LEFT JOIN sites s ON s.id = t.site_id
        WHERE ($1::int[] IS NULL OR t.id = ANY($1))
          AND ($2::int IS NULL OR t.id IN (SELECT team_id FROM agent_team_memberships WHERE agent_id = $2 AND valid_to IS NULL))
        ORDER BY t.name`,
      scope.kind === 'agent' ? [null, caller.agentId] : [this.scope.visibleTeamIds(caller), null],
    );
    return rows.map(toTeam);
  }

  async listAgents(caller: Caller, query: ListQuery = {}): Promise<Page<AgentView>> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    const scope = this.scope.teamScope(caller);
    if (scope.kind === 'agent') add('a.id = ?', scope.agentId);
    if (query.teamId) await this.scope.assertTeamRequestAllowed(caller, query.teamId);
    if (query.siteId) await this.scope.assertSiteRequestAllowed(caller, query.siteId);
    if (scope.kind === 'teams') add('t.id = ANY(?)', scope.teamIds);
    if (query.teamId) add('t.id = ?', query.teamId);
    if (query.siteId) add('s.id = ?', query.siteId);
    if (query.q) add(`(a.code || ' ' || a.name) ILIKE ?`, `%${query.q}%`);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    params.push(query.limit ?? null, query.offset ?? 0);
    const rows = await this.db.query(
      `${agentSelect} ${where} ORDER BY a.code LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { items: rows.map(toAgent), total: rows[0] ? Number(rows[0].total) : 0 };
  }

  async getAgent(caller: Caller, agentId: number): Promise<AgentView> {
    const [row] = await this.db.query(`${agentSelect} WHERE a.id = $1`, [agentId]);
    if (!row) throw new NotFoundError(`Agent ${agentId}`);
    await this.scope.assertAgentVisible(caller, agentId);
    return toAgent(row);
  }

  /** A supervisor may see an agent who is, or at any time was, in one of their teams. */
  async assertAgentInSupervisedTeams(caller: Caller, agentId: number): Promise<void> {
    await this.scope.assertAgentVisible(caller, agentId);
  }

  async createSite(caller: Caller, dto: CreateSiteDto): Promise<NamedRef> {
    const [row] = await this.db.query(`INSERT INTO sites (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id, name`, [dto.name]);
    if (!row) throw new ConflictError(`name: a site named ${dto.name} already exists.`);
    await this.audit.record({ action: 'org.update', caller, target: `site:${row.id}`, detail: { created: dto } });
    return row;
  }

  async updateSite(caller: Caller, id: number, dto: UpdateSiteDto): Promise<NamedRef> {
    await this.requireRow('sites', id, 'Site');
    if (dto.name !== undefined) {
      const [taken] = await this.db.query(`SELECT 1 FROM sites WHERE name = $1 AND id <> $2`, [dto.name, id]);
      if (taken) throw new ConflictError(`name: a site named ${dto.name} already exists.`);
      await this.db.query(`UPDATE sites SET name = $2 WHERE id = $1`, [id, dto.name]);
    }
    await this.audit.record({ action: 'org.update', caller, target: `site:${id}`, detail: { changed: dto } });
    const [row] = await this.db.query(`SELECT id, name FROM sites WHERE id = $1`, [id]);
    return row;
  }

  async createTeam(caller: Caller, dto: CreateTeamDto): Promise<TeamView> {
    if (dto.siteId) await this.requireRow('sites', dto.siteId, 'Site');
    const [row] = await this.db.query(`INSERT INTO teams (name, site_id) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING id`, [dto.name, dto.siteId ?? null]);
    if (!row) throw new ConflictError(`name: a team named ${dto.name} already exists.`);
    await this.audit.record({ action: 'org.update', caller, target: `team:${row.id}`, detail: { created: dto } });
    return this.team(row.id);
  }

  async updateTeam(caller: Caller, id: number, dto: UpdateTeamDto): Promise<TeamView> {
    await this.requireRow('teams', id, 'Team');
    if (dto.siteId) await this.requireRow('sites', dto.siteId, 'Site');
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE teams SET name = coalesce($2, name), site_id = CASE WHEN $3 THEN $4::int ELSE site_id END WHERE id = $1`,
        [id, dto.name ?? null, dto.siteId !== undefined, dto.siteId ?? null],
      );
      // A team's site places its figures under that site; its name labels them.
      await this.dataChanges.orgChanged(m);
      await this.audit.record({ action: 'org.update', caller, target: `team:${id}`, detail: { changed: dto } }, m);
    });
    return this.team(id);
  }

  async createAgent(caller: Caller, dto: CreateAgentDto): Promise<AgentView> {
    await this.requireRow('teams', dto.teamId, 'Team');
    const id = await this.db.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO agents (code, name, email, active) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING RETURNING id`,
        [dto.code, dto.name, dto.email ?? null, dto.active ?? true],
      );
      if (!row) throw new ConflictError(`code: an agent with code ${dto.code} already exists.`);
      await m.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $2, NULL)`, [row.id, dto.teamId]);
      await this.dataChanges.orgChanged(m);
      await this.audit.record({ action: 'org.update', caller, target: `agent:${row.id}`, detail: { created: dto } }, m);
      return row.id as number;
    });
    return this.getAgent(caller, id);
  }

  async updateAgent(caller: Caller, id: number, dto: UpdateAgentDto): Promise<AgentView> {
    await this.requireRow('agents', id, 'Agent');
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE agents SET name = coalesce($2, name), email = CASE WHEN $3 THEN $4 ELSE email END,
                active = coalesce($5, active), updated_at = now() WHERE id = $1`,
        [id, dto.name ?? null, dto.email !== undefined, dto.email ?? null, dto.active ?? null],
      );
      await this.dataChanges.orgChanged(m);
      await this.audit.record({ action: 'org.update', caller, target: `agent:${id}`, detail: { changed: dto } }, m);
    });
    return this.getAgent(caller, id);
  }

  async moveAgentByRequest(caller: Caller, agentId: number, dto: MoveAgentDto): Promise<AgentView> {
    await this.requireRow('agents', agentId, 'Agent');
    await this.requireRow('teams', dto.teamId, 'Team');
    await this.db.transaction(async (m) => {
      if ((await this.moveAgent(m, agentId, dto.teamId, dto.effectiveFrom)) === 'moved') await this.dataChanges.agentsMoved(m, [{ agentId, since: dto.effectiveFrom }]);
      await this.audit.record({ action: 'org.update', caller, target: `agent:${agentId}`, detail: { move: dto } }, m);
    });
    return this.getAgent(caller, agentId);
  }

  /**
   * Moves an agent to a team from a local date on: the current membership ends that day and a
   * new one starts. Calls before the date keep their old team. A move to the team they are in is
   * a no-op; a move dated on or before the start of the current membership is refused, because
   * it would rewrite history that later moves already describe. Runs in the caller's
   * transaction `m` (an agents import moves many agents in its own).
   */
  async moveAgent(m: EntityManager, agentId: number, teamId: number, effectiveFrom: string): Promise<'moved' | 'unchanged'> {
    const [current] = await m.query(
      `SELECT id, team_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from FROM agent_team_memberships WHERE agent_id = $1 AND valid_to IS NULL FOR UPDATE`,
      [agentId],
    );
    if (!current) {
      await m.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $2, NULL)`, [agentId, teamId]);
      return 'moved';
    }
    if (current.team_id === teamId) return 'unchanged';
    if (current.valid_from && effectiveFrom <= current.valid_from) {
      throw new BadInputError(`effectiveFrom: the agent's current team started on ${current.valid_from}; a move must be dated after that.`);
    }
    await m.query(`UPDATE agent_team_memberships SET valid_to = $2 WHERE id = $1`, [current.id, effectiveFrom]);
    await m.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $2, $3)`, [agentId, teamId, effectiveFrom]);
    return 'moved';
  }

  private async team(id: number): Promise<TeamView> {
    const [row] = await this.db.query(`SELECT t.id, t.name, s.id AS site_id, s.name AS site_name FROM teams t LEFT JOIN sites s ON s.id = t.site_id WHERE t.id = $1`, [id]);
    return toTeam(row);
  }

  private async requireRow(table: 'sites' | 'teams' | 'agents', id: number, what: string): Promise<void> {
    const [row] = await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError(`${what} ${id}`);
  }
}

function toTeam(row: Record<string, any>): TeamView {
  return { id: row.id, name: row.name, site: row.site_id ? { id: row.site_id, name: row.site_name } : null };
}

function toAgent(row: Record<string, any>): AgentView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    email: row.email,
    active: row.active,
    team: { id: row.team_id, name: row.team_name },
    site: row.site_id ? { id: row.site_id, name: row.site_name } : null,
  };
}
