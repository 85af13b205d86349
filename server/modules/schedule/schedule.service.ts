import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { isValidTimeZone } from '../ingest/domain/value.parser';
import { SettingsService } from '../org/settings.service';
import type { RecipientResult } from './domain/delivery-retry';
import { deliveryPeriod, nextRunAt, ScheduleTiming } from './domain/schedule-timing';
import type { CreateScheduleDto, UpdateScheduleDto } from './schedule.dto';
import type { DeliveryView, ScheduleView } from './schedule.types';

export type { DeliveryView, ScheduleView } from './schedule.types';



type Fields = Required<Omit<CreateScheduleDto, 'active' | 'language' | 'timezone'>> & { active: boolean; language: string; timezone: string };

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** Scheduled deliveries: admins keep the schedules; the DeliveryWorker sends them. */
@Injectable()
export class ScheduleService {
  constructor(
    private readonly db: DataSource,
    private readonly scope: ScopeService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  async list(caller: Caller): Promise<ScheduleView[]> {
    this.scope.assertIsAdmin(caller, 'Schedules');
    const rows = await this.db.query(`${SELECT_SCHEDULES} ORDER BY s.id`);
    return rows.map(toView);
  }

  async create(caller: Caller, dto: CreateScheduleDto): Promise<ScheduleView> {
    this.scope.assertIsAdmin(caller, 'Schedules');
    const fields = await this.checked({
      kind: dto.kind,
      teamId: dto.teamId ?? null,
      agentId: dto.agentId ?? null,
      recipients: dto.recipients,
      language: dto.language ?? 'en',
      timezone: dto.timezone ?? (await this.settings.get()).timezone,
      dayOfMonth: dto.dayOfMonth ?? null,
      dayOfWeek: dto.dayOfWeek ?? null,
      time: dto.time,
      active: dto.active ?? true,
    });
    const [row] = await this.db.query(
      `INSERT INTO schedules (kind, team_id, agent_id, recipients, language, timezone, day_of_month, day_of_week, time, active, next_run_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [fields.kind, fields.teamId, fields.agentId, fields.recipients, fields.language, fields.timezone, fields.dayOfMonth, fields.dayOfWeek, fields.time, fields.active, nextRunAt(fields, new Date()), caller.userId],
    );
    await this.audit.record({ action: 'schedule.create', caller, target: `schedule:${row.id}`, detail: { ...fields } });
    return this.get(row.id);
  }

  async update(caller: Caller, id: number, dto: UpdateScheduleDto): Promise<ScheduleView> {
    this.scope.assertIsAdmin(caller, 'Schedules');
    const current = await this.get(id);
    const merged: Fields = { ...current, ...stripUndefined(dto) } as Fields;
    const fields = await this.checked(merged);
    await this.db.query(
      `UPDATE schedules SET kind = $2, team_id = $3, agent_id = $4, recipients = $5, language = $6, timezone = $7, day_of_month = $8,
              day_of_week = $9, time = $10, active = $11, next_run_at = $12, updated_at = now() WHERE id = $1`,
      [id, fields.kind, fields.teamId, fields.agentId, fields.recipients, fields.language, fields.timezone, fields.dayOfMonth, fields.dayOfWeek, fields.time, fields.active, nextRunAt(fields, new Date())],
    );
    await this.audit.record({ action: 'schedule.update', caller, target: `schedule:${id}`, detail: { changed: Object.keys(stripUndefined(dto)) } });
    return this.get(id);
  }

  async remove(caller: Caller, id: number): Promise<void> {
    this.scope.assertIsAdmin(caller, 'Schedules');
    await this.get(id);
    await this.db.query(`DELETE FROM schedules WHERE id = $1`, [id]);
    await this.audit.record({ action: 'schedule.delete', caller, target: `schedule:${id}` });
  }

  /** "Send now": a delivery of the last complete period, queued for the next worker to take (the caller's server kicks its worker). */
  async runNow(caller: Caller, id: number): Promise<DeliveryView> {
    this.scope.assertIsAdmin(caller, 'Schedules');
    const s = await this.get(id);
    const { period } = deliveryPeriod(s, new Date());
    const [row] = await this.db.query(
      `INSERT INTO schedule_deliveries (schedule_id, period, trigger, results, requested_by) VALUES ($1, $2, 'manual', $3, $4) RETURNING *`,
      [id, period, JSON.stringify(pendingResults(s.recipients)), caller.userId],
    );
    return toDeliveryView(row);
  }

  async deliveries(caller: Caller, id: number, limit = 50): Promise<DeliveryView[]> {
    this.scope.assertIsAdmin(caller, 'Schedules');
    await this.get(id);
    const rows = await this.db.query(`SELECT * FROM schedule_deliveries WHERE schedule_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [id, limit]);
    return rows.map(toDeliveryView);
  }

  private async get(id: number): Promise<ScheduleView> {
    const [row] = await this.db.query(`${SELECT_SCHEDULES} WHERE s.id = $1`, [id]);
    if (!row) throw new NotFoundError(`Schedule ${id}`);
    return toView(row);
  }

  /** The fields each kind needs, named when missing; the team and agent must exist. */
  private async checked(f: Fields): Promise<Fields & ScheduleTiming> {
    if (!isValidTimeZone(f.timezone)) throw new BadInputError(`timezone: "${f.timezone}" is not a time zone (use an IANA name such as Asia/Shanghai).`);
    if (f.kind === 'monthly' && f.dayOfMonth === null) throw new BadInputError('dayOfMonth: a monthly schedule needs the day of the month it is sent on (1 to 28).');
    if (f.kind === 'weekly' && f.dayOfWeek === null) throw new BadInputError('dayOfWeek: a weekly schedule needs the weekday it is sent on (1 = Monday to 7 = Sunday).');
    if (f.kind === 'weekly' && f.teamId === null) throw new BadInputError('teamId: a weekly review workbook is for one team; name it.');
    if (f.kind === 'scorecard' && f.agentId === null) throw new BadInputError('agentId: a scorecard is for one agent; name them.');
    if (f.kind === 'scorecard' && f.dayOfMonth === null && f.dayOfWeek === null) throw new BadInputError('dayOfMonth: a scorecard schedule needs dayOfMonth (monthly) or dayOfWeek (weekly).');
    if (f.kind === 'scorecard' && f.dayOfMonth !== null && f.dayOfWeek !== null) throw new BadInputError('dayOfWeek: give dayOfMonth (monthly) or dayOfWeek (weekly), not both.');
    if (f.teamId !== null && !(await this.db.query(`SELECT 1 FROM teams WHERE id = $1`, [f.teamId])).length) throw new BadInputError(`teamId: there is no team ${f.teamId}.`);
    if (f.agentId !== null && !(await this.db.query(`SELECT 1 FROM agents WHERE id = $1`, [f.agentId])).length) throw new BadInputError(`agentId: there is no agent ${f.agentId}.`);
    const recipients = [...new Set(f.recipients.map((r) => r.trim().toLowerCase()))];
    return { ...f, recipients, dayOfMonth: f.kind === 'weekly' ? null : f.dayOfMonth, dayOfWeek: f.kind === 'monthly' ? null : f.dayOfWeek };
  }
}

const SELECT_SCHEDULES = `
  SELECT s.*, d.id AS last_id, d.created_at AS last_at, d.status AS last_status
    FROM schedules s
    LEFT JOIN LATERAL (SELECT id, created_at, status FROM schedule_deliveries WHERE schedule_id = s.id ORDER BY created_at DESC, id DESC LIMIT 1) d ON true`;

export function pendingResults(recipients: string[]): RecipientResult[] {
  return recipients.map((email) => ({ email, status: 'pending', detail: null }));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function toView(r: Record<string, any>): ScheduleView {
  return {
    id: r.id,
    kind: r.kind,
    teamId: r.team_id,
    agentId: r.agent_id,
    recipients: r.recipients,
    language: r.language,
    timezone: r.timezone,
    dayOfMonth: r.day_of_month,
    dayOfWeek: r.day_of_week,
    time: r.time,
    active: r.active,
    nextRunAt: iso(r.next_run_at)!,
    lastDelivery: r.last_id ? { id: Number(r.last_id), at: iso(r.last_at)!, status: r.last_status } : null,
  };
}

export function toDeliveryView(r: Record<string, any>): DeliveryView {
  const inFlight = r.status === 'queued' || r.status === 'retrying';
  return {
    id: Number(r.id),
    at: iso(r.finished_at ?? r.created_at)!,
    status: r.status,
    period: r.period,
    trigger: r.trigger,
    attempts: r.attempts,
    nextAttemptAt: inFlight ? iso(r.next_attempt_at) : null,
    recipients: r.results ?? [],
    detail: r.detail,
  };
}
