import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../common/auth/caller';
import { BadInputError, ConflictError } from '../../common/domain-error';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
  agentId?: number | null;
  teamIds?: number[];
}

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  agentId: number | null;
  teamIds: number[];
  active: boolean;
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(private readonly db: DataSource) {}

  async create(input: NewUser, manager: EntityManager = this.db.manager): Promise<UserView> {
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw new BadInputError(`password: must be at least ${MIN_PASSWORD_LENGTH} characters.`);
    }
    if (input.role === 'agent' && !input.agentId) throw new BadInputError('agentId: an agent login must be linked to an agent record.');
    const [taken] = await manager.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [input.email]);
    if (taken) throw new ConflictError(`email: a user with ${input.email} already exists.`);
    const passwordHash = await hashPassword(input.password);
    const [row] = await manager.query(
      `INSERT INTO users (email, name, role, password_hash, agent_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [input.email.trim(), input.name, input.role, passwordHash, input.role === 'agent' ? input.agentId : (input.agentId ?? null)],
    );
    const teamIds = input.role === 'supervisor' ? (input.teamIds ?? []) : [];
    if (teamIds.length) {
      await manager.query(`INSERT INTO user_teams (user_id, team_id) SELECT $1, unnest($2::int[])`, [row.id, teamIds]);
    }
    return { id: row.id, email: input.email.trim(), name: input.name, role: input.role, agentId: input.agentId ?? null, teamIds, active: true };
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
}
