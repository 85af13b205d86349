import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { DomainError } from '../../common/domain-error';
import { loadEnv } from '../../config/env';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { XLSX_TYPE } from '../export/export.controller';
import { isoWeekRange, monthRange } from '../export/domain/export-period';
import { ExportService, WorkbookFile } from '../export/export.service';
import { returnedRows } from '../ingest/import.repository';
import { PushService } from '../ingest/push.service';
import { MailerService, MailFailedError } from '../mail/mailer.service';
import { NotificationService } from '../notification/notification.service';
import { deliveryMailText } from './domain/delivery-mail';
import { RecipientResult, statusAfterAttempt } from './domain/delivery-retry';
import { deliveryPeriod, nextRunAt, ScheduleKind, ScheduleTiming } from './domain/schedule-timing';
import { pendingResults } from './schedule.service';

/** How long a claimed delivery stays with the server that took it before another may take it over. */
const LEASE_MINUTES = 10;
const MAX_PER_TICK = 20;

interface ScheduleRow {
  id: number;
  kind: ScheduleKind;
  team_id: number | null;
  agent_id: number | null;
  recipients: string[];
  language: string;
  timezone: string;
  day_of_month: number | null;
  day_of_week: number | null;
  time: string;
}

interface DeliveryRow {
  id: string;
  schedule_id: number;
  period: string;
  attempts: number;
  results: RecipientResult[];
}

const SCHEDULER_ACTOR = { userId: 0, email: 'scheduler' };

/**
 * Sends scheduled deliveries and notification e-mails. Every server runs one; the work lives in
 * PostgreSQL and is claimed with `FOR UPDATE SKIP LOCKED`, so two servers never take the same
 * schedule run or delivery (a run is also unique per schedule and period).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Scheduler');
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly exports: ExportService,
    private readonly mailer: MailerService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationService,
    private readonly pushes: PushService,
  ) {}

  onApplicationBootstrap(): void {
    const every = loadEnv().CALLSCOPE_SCHEDULER_POLL_MS;
    if (every <= 0) return;
    this.timer = setInterval(() => this.kick(), every);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.current?.catch(() => undefined);
  }

  /** Starts a tick unless one is running in this process (send now, the poller). */
  kick(): void {
    if (this.current || this.stopped) return;
    this.current = this.tick()
      .catch((e) => this.logger.warn(`Scheduler tick failed: ${(e as Error).message}`))
      .finally(() => (this.current = null));
  }

  /** One round: queue the schedules that are due, send what is waiting, then pending notification e-mails. */
  async tick(now = new Date()): Promise<{ queued: number; processed: number }> {
    const queued = await this.queueDue(now);
    let processed = 0;
    while (processed < MAX_PER_TICK && !this.stopped) {
      const delivery = await this.claim();
      if (!delivery) break;
      await this.process(delivery);
      processed++;
    }
    await this.notifications.sendPendingEmails();
    await this.pushes.pruneIdempotency();
    return { queued, processed };
  }

  /** Each due schedule gets one delivery for its period and moves on to its next run, in one transaction per schedule. */
  private async queueDue(now: Date): Promise<number> {
    let queued = 0;
    for (;;) {
      const done = await this.db.transaction(async (m) => {
        const [s]: (ScheduleRow & { next_run_at: Date })[] = await m.query(
          `SELECT * FROM schedules WHERE active AND next_run_at <= $1 ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [now],
        );
        if (!s) return true;
        const timing = timingOf(s);
        const { period } = deliveryPeriod(timing, s.next_run_at);
        const inserted = await m.query(
          `INSERT INTO schedule_deliveries (schedule_id, period, trigger, results) VALUES ($1, $2, 'schedule', $3) ON CONFLICT DO NOTHING RETURNING id`,
          [s.id, period, JSON.stringify(pendingResults(s.recipients))],
        );
        queued += inserted.length;
        await m.query(`UPDATE schedules SET next_run_at = $2 WHERE id = $1`, [s.id, nextRunAt(timing, now)]);
        return false;
      });
      if (done) return queued;
    }
  }

  private async claim(): Promise<DeliveryRow | null> {
    const [row] = returnedRows<DeliveryRow>(await this.db.query(
      `UPDATE schedule_deliveries d SET status = 'sending', attempts = d.attempts + 1, locked_until = now() + make_interval(mins => $1)
        WHERE d.id = (SELECT id FROM schedule_deliveries
                       WHERE (status IN ('queued', 'retrying') AND next_attempt_at <= now()) OR (status = 'sending' AND locked_until < now())
                       ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.schedule_id, d.period, d.attempts, d.results`,
      [LEASE_MINUTES],
    ));
    return row ?? null;
  }

  private async process(d: DeliveryRow): Promise<void> {
    const [s]: ScheduleRow[] = await this.db.query(`SELECT * FROM schedules WHERE id = $1`, [d.schedule_id]);
    if (!s) return;
    const results = d.results.length ? d.results : pendingResults(s.recipients);
    for (const r of results) {
      if (r.status !== 'pending' && r.status !== 'failed') continue;
      Object.assign(r, await this.sendTo(r.email, s, d));
      await this.db.query(`UPDATE schedule_deliveries SET results = $2 WHERE id = $1`, [d.id, JSON.stringify(results)]);
    }
    const outcome = statusAfterAttempt(results, d.attempts);
    const detail = summary(results);
    await this.db.query(
      `UPDATE schedule_deliveries SET status = $2, results = $3, detail = $4, locked_until = NULL,
              next_attempt_at = CASE WHEN $5::int IS NULL THEN next_attempt_at ELSE now() + make_interval(mins => $5::int) END,
              finished_at = CASE WHEN $5::int IS NULL THEN now() ELSE NULL END
        WHERE id = $1`,
      [d.id, outcome.status, JSON.stringify(results), detail, outcome.retryInMinutes],
    );
    await this.audit.record({
      action: 'schedule.delivery',
      caller: SCHEDULER_ACTOR,
      target: `schedule:${s.id}`,
      detail: { deliveryId: Number(d.id), kind: s.kind, period: d.period, attempt: d.attempts, status: outcome.status, recipients: results },
    });
  }

  /**
   * One recipient's message. The address must be an active user; the workbook is built by the
   * export service as that user, so they get exactly what the export endpoint gives them, and
   * nothing when their role may not see it.
   */
  private async sendTo(email: string, s: ScheduleRow, d: DeliveryRow): Promise<Omit<RecipientResult, 'email'>> {
    const [user] = await this.db.query(`SELECT id FROM users WHERE lower(email) = lower($1) AND active`, [email]);
    const caller = user ? await this.auth.callerForUser(user.id, `schedule:${s.id}`) : null;
    if (!caller) return { status: 'skipped', detail: 'Not an active Callscope user: scheduled workbooks go only to users, with what their role may see.' };
    let file: WorkbookFile;
    try {
      file = await this.workbook(caller, s, d.period);
    } catch (e) {
      if (e instanceof DomainError && e.status < 500) return { status: 'skipped', detail: `Not sent: ${e.message}` };
      return { status: 'failed', detail: `The workbook could not be built: ${(e as Error).message}` };
    }
    const content = await toBuffer(file);
    const text = deliveryMailText(s.kind, s.language, d.period, file.fileNameUtf8.replace(/\.xlsx$/, ''));
    try {
      const answer = await this.mailer.send({ to: email, ...text, attachments: [{ filename: file.fileNameUtf8, content, contentType: XLSX_TYPE }] });
      return { status: 'sent', detail: answer };
    } catch (e) {
      return { status: 'failed', detail: e instanceof MailFailedError ? e.message : (e as Error).message };
    }
  }

  private async workbook(caller: Caller, s: ScheduleRow, period: string): Promise<WorkbookFile> {
    const { from, to } = /^\d{4}-\d{2}$/.test(period) ? monthRange(period) : isoWeekRange(period);
    switch (s.kind) {
      case 'monthly':
        return this.exports.monthly(caller, { month: period, ...(s.team_id ? { teamId: s.team_id } : {}) });
      case 'weekly':
        return this.exports.weekly(caller, { week: period, teamId: s.team_id! });
      case 'scorecard':
        return this.exports.agent(caller, s.agent_id!, { from, to });
    }
  }
}

function timingOf(s: ScheduleRow): ScheduleTiming {
  return { kind: s.kind, dayOfMonth: s.day_of_month, dayOfWeek: s.day_of_week, time: s.time, timezone: s.timezone };
}

async function toBuffer(file: WorkbookFile): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = finished(out);
  await file.write(out);
  if (!out.writableEnded) out.end();
  await ended;
  return Buffer.concat(chunks);
}

function summary(results: RecipientResult[]): string {
  const count = (st: RecipientResult['status']) => results.filter((r) => r.status === st).length;
  const failed = results.find((r) => r.status === 'failed');
  return `${count('sent')} sent, ${count('failed')} failed, ${count('skipped')} not sent${failed ? `; last answer: ${failed.detail}` : ''}`;
}
