import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import type { AuditQuery } from './audit.dto';

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
  'call.view',
  'autoqa.overrule',
  'autoqa.rule_set',
  'api_key.create',
  'api_key.revoke',
  'api_key.use',
  'schedule.create',
  'schedule.update',
  'schedule.delete',
  'schedule.delivery',
  'notification.settings',
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

export interface AuditItem {
  id: number;
  at: string;
  action: string;
  user: { id: number; email: string } | null;
  target: string | null;
  detail: Record<string, unknown>;
}

/** $1 action, $2 user id, $3 from, $4 to, both inclusive (a bare date is a whole local day in the org time zone). */
const auditFilter = `
  WHERE ($1::text IS NULL OR a.action = $1)
    AND ($2::int IS NULL OR a.user_id = $2)
    AND ($3::text IS NULL OR a.at >= CASE WHEN length($3) = 10 THEN $3::date::timestamp AT TIME ZONE tz.timezone ELSE $3::timestamptz END)
    AND ($4::text IS NULL OR CASE WHEN length($4) = 10 THEN a.at < ($4::date + 1)::timestamp AT TIME ZONE tz.timezone ELSE a.at <= $4::timestamptz END)`;

/** Append-only record of who did what when. Writes join the caller's transaction when given one. */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async record(entry: AuditEntry, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (action, user_id, user_email, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6)`,
      // An API key or the CLI acts with a userId that is no user row (<= 0): the label stays, the link is null.
      [entry.action, entry.caller && entry.caller.userId > 0 ? entry.caller.userId : null, entry.caller?.email ?? null, entry.target ?? null, JSON.stringify(entry.detail ?? {}), entry.ip ?? null],
    );
  }

  /** `GET /api/audit`: newest first. Bare dates are local dates in the org time zone, `to` inclusive. */
  async list(query: AuditQuery): Promise<{ items: AuditItem[]; total: number }> {
    const rows = await this.db.query(
      `WITH tz AS (SELECT timezone FROM settings WHERE id = 1)
       SELECT a.id, a.at, a.action, a.user_id, coalesce(u.email, a.user_email) AS email, a.target, a.detail,
              count(*) OVER () AS total
         FROM audit_log a LEFT JOIN users u ON u.id = a.user_id, tz
        ${auditFilter}
        ORDER BY a.at DESC, a.id DESC
        LIMIT $5 OFFSET $6`,
      [query.action ?? null, query.userId ?? null, query.from ?? null, query.to ?? null, query.limit, query.offset],
    );
    let total = rows[0] ? Number(rows[0].total) : 0;
    if (!rows.length && query.offset > 0) {
      // Past the last page: count separately so the client still learns the total.
      const [c] = await this.db.query(
        `WITH tz AS (SELECT timezone FROM settings WHERE id = 1)
         SELECT count(*)::int AS n FROM audit_log a, tz
          ${auditFilter}`,
        [query.action ?? null, query.userId ?? null, query.from ?? null, query.to ?? null],
      );
      total = c.n;
    }
    return {
      items: rows.map((r: Record<string, any>) => ({
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        action: r.action,
        user: r.user_id || r.email ? { id: r.user_id, email: r.email } : null,
        target: r.target,
        detail: r.detail,
      })),
      total,
    };
  }

  /** A supervisor or HR opening another person's scorecard (personal data: every read is traced). */
  async recordScorecardView(caller: Caller, agentId: number, detail: Record<string, unknown> = {}): Promise<void> {
    if (caller.role === 'agent' && caller.agentId === agentId) return;
    await this.record({ action: 'scorecard.view', caller, target: `agent:${agentId}`, detail });
  }
}
