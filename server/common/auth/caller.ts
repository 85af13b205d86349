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
}
