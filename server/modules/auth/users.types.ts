import type { Role } from '../../common/auth/caller';

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
  agentId?: number | null;
  teamIds?: number[];
}

/** A user account as `GET /api/users` shows it (never the password hash). */
export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  agentId: number | null;
  teamIds: number[];
  active: boolean;
  lastLoginAt?: string | null;
  createdAt?: string;
}

/** The signed-in user as `GET /api/auth/me` and login answer it. */
export interface SessionUser extends Pick<UserView, 'id' | 'email' | 'name' | 'role' | 'agentId' | 'teamIds'> {
  locale: string | null;
}
