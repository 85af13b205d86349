import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { returnedRows } from '../ingest/import.repository';
import { MailerService } from '../mail/mailer.service';
import { retryDelayMinutes, MAX_DELIVERY_ATTEMPTS } from '../schedule/domain/delivery-retry';
import type { NotificationView } from './notification.types';
import { NotificationKind, notificationKinds, notificationText } from './notification-kinds';


export type { NotificationView } from './notification.types';

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/**
 * The dashboard inbox and its e-mails. Events write their notifications in the transaction of
 * the change (so a rolled-back change tells no one); e-mails go out from the scheduler's worker
 * to users who turned them on.
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly db: DataSource,
    private readonly mailer: MailerService,
    private readonly audit: AuditService,
  ) {}

  /** Tells the users linked to an agent record, or the supervisors of the agent's current team, depending on the kind. */
  async notifyAboutAgent(m: EntityManager, kind: NotificationKind, agentId: number, params: Record<string, unknown>, link: string | null): Promise<void> {
    const audience = notificationKinds[kind].audience;
    const users: { id: number }[] =
      audience === 'agent'
        ? await m.query(`SELECT id FROM users WHERE agent_id = $1 AND role = 'agent' AND active`, [agentId])
        : await m.query(
            `SELECT DISTINCT u.id FROM users u JOIN user_teams ut ON ut.user_id = u.id
               JOIN agent_team_memberships atm ON atm.team_id = ut.team_id AND atm.agent_id = $1 AND atm.valid_to IS NULL
              WHERE u.role = 'supervisor' AND u.active`,
            [agentId],
          );
    await this.notifyUsers(m, kind, users.map((u) => u.id), params, link);
  }

  /** Tells these users (a kind whose audience is decided by its module, e.g. supervisors of a complaint's team). */
  async notifyUsers(m: EntityManager, kind: NotificationKind, userIds: number[], params: Record<string, unknown>, link: string | null): Promise<void> {
    if (!userIds.length) return;
    await m.query(
      `INSERT INTO notifications (user_id, kind, params, link, email_status, email_next_at)
       SELECT u.id, $2, $3, $4, CASE WHEN u.notify_by_email THEN 'pending' END, CASE WHEN u.notify_by_email THEN now() END
         FROM users u WHERE u.id = ANY($1::int[])`,
      [userIds, kind, JSON.stringify(params), link],
    );
  }

  async list(caller: Caller, limit = 50): Promise<{ items: NotificationView[]; unread: number }> {
    const rows = await this.db.query(`SELECT * FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [caller.userId, limit]);
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [caller.userId]);
    return {
      items: rows.map((r: Record<string, any>) => ({
        id: Number(r.id),
        kind: r.kind,
        text: notificationText(r.kind, r.params, caller.locale),
        params: r.params,
        link: r.link,
        at: iso(r.created_at)!,
        read: r.read_at !== null,
      })),
      unread: n,
    };
  }

  /** Marks one of the caller's notifications read (someone else's is a 404: it is not theirs to know of). */
  async markRead(caller: Caller, id: number): Promise<void> {
    const [found] = await this.db.query(`SELECT id FROM notifications WHERE id = $1 AND user_id = $2`, [id, caller.userId]);
    if (!found) throw new NotFoundError(`Notification ${id}`);
    await this.db.query(`UPDATE notifications SET read_at = now() WHERE id = $1 AND read_at IS NULL`, [id]);
  }

  async markAllRead(caller: Caller): Promise<void> {
    await this.db.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [caller.userId]);
  }

  async settings(caller: Caller): Promise<{ email: boolean }> {
    const [row] = await this.db.query(`SELECT notify_by_email FROM users WHERE id = $1`, [caller.userId]);
    return { email: !!row?.notify_by_email };
  }

  async updateSettings(caller: Caller, dto: { email: boolean }): Promise<{ email: boolean }> {
    await this.db.query(`UPDATE users SET notify_by_email = $2 WHERE id = $1`, [caller.userId, dto.email]);
    await this.audit.record({ action: 'notification.settings', caller, target: `user:${caller.userId}`, detail: { email: dto.email } });
    return this.settings(caller);
  }

  /** Sends waiting notification e-mails (claimed with SKIP LOCKED, so two servers never both send one). */
  async sendPendingEmails(max = 50): Promise<number> {
    if (!this.mailer.configured) return 0;
    let sent = 0;
    for (let i = 0; i < max; i++) {
      const [n] = returnedRows<Record<string, any>>(await this.db.query(
        `UPDATE notifications SET email_attempts = email_attempts + 1, email_next_at = now() + interval '10 minutes'
          WHERE id = (SELECT id FROM notifications WHERE email_status = 'pending' AND email_next_at <= now() ORDER BY email_next_at LIMIT 1 FOR UPDATE SKIP LOCKED)
          RETURNING id, kind, params, link, email_attempts, (SELECT email FROM users WHERE id = user_id) AS email, (SELECT locale FROM users WHERE id = user_id) AS locale`,
      ));
      if (!n) break;
      const text = notificationText(n.kind, n.params, n.locale);
      try {
        const answer = await this.mailer.send({ to: n.email, subject: `Callscope: ${text.slice(0, 120)}`, text: `${text}\n\n${n.link ? `Open: ${n.link}\n\n` : ''}— Callscope` });
        await this.db.query(`UPDATE notifications SET email_status = 'sent', email_detail = $2 WHERE id = $1`, [n.id, answer]);
        sent++;
      } catch (e) {
        const last = n.email_attempts >= MAX_DELIVERY_ATTEMPTS;
        await this.db.query(
          `UPDATE notifications SET email_status = $2, email_detail = $3, email_next_at = now() + make_interval(mins => $4) WHERE id = $1`,
          [n.id, last ? 'failed' : 'pending', (e as Error).message, retryDelayMinutes(n.email_attempts)],
        );
        this.logger.warn(`Notification e-mail ${n.id} failed: ${(e as Error).message}`);
      }
    }
    return sent;
  }
}
