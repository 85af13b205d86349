import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller, Role } from '../../common/auth/caller';
import { BadInputError, ConflictError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { AuthService } from './auth.service';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';
import type { UpdateUserDto } from './users.dto';
import type { NewUser, UserView } from './users.types';

export type { NewUser, UserView } from './users.types';

const userSelect = `
  SELECT u.id, u.email, u.name, u.role, u.agent_id, u.active, u.last_login_at, u.created_at,
         coalesce(array_agg(ut.team_id ORDER BY ut.team_id) FILTER (WHERE ut.team_id IS NOT NULL), '{}') AS team_ids
    FROM users u LEFT JOIN user_teams ut ON ut.user_id = u.id`;

/** User accounts: who may sign in, with which role, linked to which agent record or teams. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  /** Every account, never with its password hash. */
  async list(): Promise<UserView[]> {
    const rows = await this.db.query(`${userSelect} GROUP BY u.id ORDER BY lower(u.email)`);
    return rows.map(toView);
  }

  async get(id: number, manager: EntityManager = this.db.manager): Promise<UserView> {
    const [row] = await manager.query(`${userSelect} WHERE u.id = $1 GROUP BY u.id`, [id]);
    if (!row) throw new NotFoundError(`User ${id}`);
    return toView(row);
  }

  /** `POST /api/users` (admin): creates the account and records it in the audit log. */
  async createByRequest(caller: Caller, input: NewUser): Promise<UserView> {
    return this.db.transaction(async (m) => {
      const user = await this.create(input, m);
      await this.audit.record({ action: 'user.create', caller, target: `user:${user.id}`, detail: { email: user.email, role: user.role, agentId: user.agentId, teamIds: user.teamIds } }, m);
      return this.get(user.id, m);
    });
  }

  async create(input: NewUser, manager: EntityManager = this.db.manager): Promise<UserView> {
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new BadInputError(`password: must be at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    const email = input.email.trim();
    await this.assertEmailFree(manager, email, null);
    const agentId = input.agentId ?? null;
    const teamIds = input.role === 'supervisor' ? unique(input.teamIds ?? []) : [];
    await this.assertLinks(manager, input.role, agentId, teamIds, null);
    const passwordHash = await hashPassword(input.password);
    const [row] = await manager.query(
      `INSERT INTO users (email, name, role, password_hash, agent_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [email, input.name, input.role, passwordHash, agentId],
    );
    if (teamIds.length) {
      await manager.query(`INSERT INTO user_teams (user_id, team_id) SELECT $1, unnest($2::int[])`, [row.id, teamIds]);
    }
    return { id: row.id, email, name: input.name, role: input.role, agentId, teamIds, active: true };
  }

  /**
   * `PATCH /api/users/:id` (admin). Disabling a user or changing their password ends their
   * sessions at once; any change drops their cached sessions so the new role and teams apply
   * to the very next request.
   */
  async update(caller: Caller, id: number, patch: UpdateUserDto): Promise<UserView> {
    const after = await this.db.transaction(async (m) => {
      const [current] = await m.query(`SELECT id, role, agent_id, active FROM users WHERE id = $1 FOR UPDATE`, [id]);
      if (!current) throw new NotFoundError(`User ${id}`);
      const role: Role = patch.role ?? current.role;
      const agentId: number | null = patch.agentId !== undefined ? patch.agentId : current.agent_id;
      const active: boolean = patch.active ?? current.active;
      if (patch.email) await this.assertEmailFree(m, patch.email, id);
      if (patch.teamIds && role !== 'supervisor') throw new BadInputError('teamIds: only a supervisor has teams.');
      const teamIds = role === 'supervisor' ? unique(patch.teamIds ?? (await this.teamIdsOf(m, id))) : [];
      await this.assertLinks(m, role, agentId, teamIds, id);
      if (current.role === 'admin' && current.active && (role !== 'admin' || !active)) await this.assertAnotherAdmin(m, id);

      await m.query(
        `UPDATE users SET email = coalesce($2, email), name = coalesce($3, name), role = $4, agent_id = $5, active = $6,
                password_hash = coalesce($7, password_hash), updated_at = now()
          WHERE id = $1`,
        [id, patch.email ?? null, patch.name ?? null, role, agentId, active, patch.password ? await hashPassword(patch.password) : null],
      );
      await m.query(`DELETE FROM user_teams WHERE user_id = $1`, [id]);
      if (teamIds.length) await m.query(`INSERT INTO user_teams (user_id, team_id) SELECT $1, unnest($2::int[])`, [id, teamIds]);
      if (!active || patch.password) await m.query(`UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);

      const { password, ...visible } = patch;
      const detail = { changed: Object.keys(patch), ...visible, ...(password ? { password: 'changed' } : {}) };
      await this.audit.record({ action: 'user.update', caller, target: `user:${id}`, detail }, m);
      return this.get(id, m);
    });
    this.auth.forgetUser(id);
    return after;
  }

  /** Creates the first admin from CALLSCOPE_ADMIN_EMAIL/PASSWORD when there is no admin yet. */
  async ensureBootstrapAdmin(email: string | undefined, password: string | undefined): Promise<boolean> {
    if (!email || !password) return false;
    const [admin] = await this.db.query(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
    if (admin) return false;
    await this.create({ email, password, name: 'Administrator', role: 'admin' });
    this.logger.log(`Created the admin user ${email}`);
    return true;
  }

  private async assertEmailFree(m: EntityManager, email: string, exceptId: number | null): Promise<void> {
    const [taken] = await m.query(`SELECT 1 FROM users WHERE lower(email) = lower($1) AND id IS DISTINCT FROM $2`, [email.trim(), exceptId]);
    if (taken) throw new ConflictError(`email: a user with ${email.trim()} already exists.`);
  }

  /** An agent login needs an existing agent record no other login has; a supervisor's teams must exist. */
  private async assertLinks(m: EntityManager, role: Role, agentId: number | null, teamIds: number[], exceptId: number | null): Promise<void> {
    if (role === 'agent' && !agentId) throw new BadInputError('agentId: an agent login must be linked to an agent record.');
    if (agentId) {
      const [agent] = await m.query(`SELECT id FROM agents WHERE id = $1`, [agentId]);
      if (!agent) throw new BadInputError(`agentId: there is no agent with id ${agentId}.`);
      if (role === 'agent') {
        const [other] = await m.query(`SELECT email FROM users WHERE agent_id = $1 AND role = 'agent' AND id IS DISTINCT FROM $2`, [agentId, exceptId]);
        if (other) throw new ConflictError(`agentId: agent ${agentId} already has the login ${other.email}.`);
      }
    }
    if (teamIds.length) {
      const found: { id: number }[] = await m.query(`SELECT id FROM teams WHERE id = ANY($1::int[])`, [teamIds]);
      const missing = teamIds.filter((t) => !found.some((f) => f.id === t));
      if (missing.length) throw new BadInputError(`teamIds: there is no team with id ${missing.join(', ')}.`);
    }
  }

  private async assertAnotherAdmin(m: EntityManager, id: number): Promise<void> {
    const [other] = await m.query(`SELECT 1 FROM users WHERE role = 'admin' AND active AND id <> $1 LIMIT 1`, [id]);
    if (!other) throw new ConflictError('This is the last active admin: make another user admin first.');
  }

  private async teamIdsOf(m: EntityManager, id: number): Promise<number[]> {
    const rows: { team_id: number }[] = await m.query(`SELECT team_id FROM user_teams WHERE user_id = $1`, [id]);
    return rows.map((r) => r.team_id);
  }
}

const unique = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

function toView(row: Record<string, any>): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    agentId: row.agent_id,
    teamIds: (row.team_ids as unknown[]).map(Number),
    active: row.active,
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
