export const roles = ['admin', 'supervisor', 'agent', 'hr'] as const;
export type Role = (typeof roles)[number];

/** The signed-in person a request acts for; every service takes it first and checks scope with it. */
export interface Caller {
  userId: number;
  email: string;
  name: string;
  role: Role;
  /** The agent record an `agent` user is linked to. */
  agentId: number | null;
  /** The teams a `supervisor` supervises. */
  teamIds: number[];
  sessionId: string;
  locale: string | null;
  /**
   * Set when a machine's API key signed the request: `userId` is then `-id` (never a user row),
   * `role` the role the key acts as (read: hr, or supervisor of `teamIds`; ingest: admin, or
   * supervisor of `teamIds`), and the guard confines the key to the routes of its scope.
   */
  apiKey?: { id: number; scope: ApiKeyScope };
}

export const apiKeyScopes = ['ingest', 'read'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];
