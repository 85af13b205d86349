import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';

export const auditActions = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'import',
  'export',
  'evaluation.create',
  'evaluation.update',
  'evaluation.submit',
  'evaluation.acknowledge',
  'evaluation.dispute',
  'evaluation.resolve',
  'settings.update',
  'user.create',
  'user.update',
  'scorecard.view',
  'org.update',
  'qa.form',
  'coaching.note',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditEntry {
  action: AuditAction;
  /** Who did it; null for an anonymous attempt (a failed login names the email in `detail`). */
  caller: Pick<Caller, 'userId' | 'email'> | null;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/** Append-only record of who did what when. Writes join the caller's transaction when given one. */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(entry: AuditEntry, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (action, user_id, user_email, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.action, entry.caller?.userId ?? null, entry.caller?.email ?? null, entry.target ?? null, JSON.stringify(entry.detail ?? {}), entry.ip ?? null],
    );
  }

  /** A supervisor or HR opening another person's scorecard (personal data: every read is traced). */
  async recordScorecardView(caller: Caller, agentId: number, detail: Record<string, unknown> = {}): Promise<void> {
    if (caller.role === 'agent' && caller.agentId === agentId) return;
    await this.record({ action: 'scorecard.view', caller, target: `agent:${agentId}`, detail });
  }
}
