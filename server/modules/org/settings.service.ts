import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import type { UpdateSettingsDto } from './settings.dto';
import type { Settings } from './settings.types';
import { completeDeadlines, DEFAULT_COMPLAINT_MIN_SAMPLE } from '../complaints/domain/complaint-clock';

/** Called after settings change, inside the same transaction (e.g. to rebuild rollups). */
export type SettingsChangeListener = (change: { before: Settings; after: Settings; manager: EntityManager }) => Promise<void>;

const SETTINGS_CACHE_MS = 2_000;

@Injectable()
export class SettingsService {
  private cached: { value: Settings; until: number } | null = null;
  private readonly listeners: SettingsChangeListener[] = [];
  /** current(): the read not yet sent (callers join it), and the one in flight (the next waits for it). */
  private nextRead: Promise<Settings> | null = null;
  private inFlight: Promise<unknown> = Promise.resolve();
  /** The settings current() last read, kept while the data version stays. */
  private latest: Settings | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
  ) {}

  onChange(listener: SettingsChangeListener): void {
    this.listeners.push(listener);
  }

  async get(manager?: EntityManager): Promise<Settings> {
    if (!manager && this.cached && this.cached.until > Date.now()) return this.cached.value;
    const [row] = await (manager ?? this.db.manager).query(`SELECT * FROM settings WHERE id = 1`);
    const value = toSettings(row);
    if (!manager) this.cached = { value, until: Date.now() + SETTINGS_CACHE_MS };
    return value;
  }

  /**
   * The settings as stored now, for reads keyed on the data version (the KPI answer cache): a
   * read of the primary sent after this call, so whatever any server committed before it is
   * seen, exactly as a read of its own would. Callers that ask while a read is in flight share
   * the next one: under load one query answers a batch of requests instead of one each (one
   * read in flight at a time, at most two round trips of waiting). The read is of the data
   * version alone; the whole row only when the version moved (every settings change bumps it).
   */
  current(): Promise<Settings> {
    if (this.nextRead) return this.nextRead;
    const read = this.inFlight.then(async () => {
      // Sent from here on: later callers start the next read.
      this.nextRead = null;
      // Every change of the settings bumps the data version: the row is read again only when it moved.
      const [row] = await this.db.manager.query(`SELECT data_version FROM settings WHERE id = 1`);
      if (this.latest?.dataVersion !== Number(row.data_version)) this.latest = await this.get(this.db.manager);
      return this.latest;
    });
    this.nextRead = read;
    this.inFlight = read.catch(() => undefined);
    return read;
  }

  /** `GET /api/settings`: the org's settings with the team targets the caller may read (agent: their team; supervisor: their teams). */
  async read(caller: Caller): Promise<Settings> {
    const settings = await this.get();
    const teamIds = await this.scope.settingsTeamIds(caller);
    if (teamIds === null) return settings;
    const teams = Object.fromEntries(Object.entries(settings.targets.teams).filter(([id]) => teamIds.includes(Number(id))));
    return { ...settings, targets: { ...settings.targets, teams } };
  }

  async update(caller: Caller, patch: UpdateSettingsDto): Promise<Settings> {
    const after = await this.db.transaction(async (manager) => {
      const [row] = await manager.query(`SELECT * FROM settings WHERE id = 1 FOR UPDATE`);
      const before = toSettings(row);
      const next: Settings = {
        ...before,
        ...stripUndefined(patch),
        minSample: { ...before.minSample, ...stripUndefined(patch.minSample ?? {}) },
        targets: {
          org: patch.targets?.org ?? before.targets.org,
          teams: patch.targets?.teams ?? before.targets.teams,
          channels: patch.targets?.channels ?? before.targets.channels ?? {},
        },
        reviewRules: { ...before.reviewRules, ...(patch.reviewRules ?? {}) },
        complaintDeadlines: {
          response: { ...before.complaintDeadlines.response, ...(patch.complaintDeadlines?.response ?? {}) },
          resolution: { ...before.complaintDeadlines.resolution, ...(patch.complaintDeadlines?.resolution ?? {}) },
        },
      } as Settings;
      await manager.query(
        `UPDATE settings SET timezone = $1, service_level_seconds = $2, service_level_by_channel = $3,
                short_abandon_seconds = $4, fcr_method = $5, fcr_window_days = $6, min_sample = $7,
                dispute_window_days = $8, targets = $9, review_rules = $10, data_version = data_version + 1,
                updated_at = now(), updated_by = $11, complaint_deadlines = $12
          WHERE id = 1`,
        [
          next.timezone,
          next.serviceLevelSeconds,
          JSON.stringify(next.serviceLevelByChannel),
          next.shortAbandonSeconds,
          next.fcrMethod,
          next.fcrWindowDays,
          JSON.stringify(next.minSample),
          next.disputeWindowDays,
          JSON.stringify(next.targets),
          JSON.stringify(next.reviewRules),
          caller.userId,
          JSON.stringify(next.complaintDeadlines),
        ],
      );
      const [saved] = await manager.query(`SELECT * FROM settings WHERE id = 1`);
      const after = toSettings(saved);
      for (const listener of this.listeners) await listener({ before, after, manager });
      await this.audit.record({ action: 'settings.update', caller, target: 'settings', detail: { changed: Object.keys(patch) } }, manager);
      return after;
    });
    this.cached = null;
    return after;
  }

  /** Marks stored data as changed so answer caches keyed on the version miss. */
  async bumpDataVersion(manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`UPDATE settings SET data_version = data_version + 1 WHERE id = 1`);
    this.cached = null;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function toSettings(row: Record<string, any>): Settings {
  return {
    timezone: row.timezone,
    serviceLevelSeconds: row.service_level_seconds,
    serviceLevelByChannel: row.service_level_by_channel,
    shortAbandonSeconds: row.short_abandon_seconds,
    fcrMethod: row.fcr_method,
    fcrWindowDays: row.fcr_window_days,
    minSample: { complaints: DEFAULT_COMPLAINT_MIN_SAMPLE, ...row.min_sample },
    disputeWindowDays: row.dispute_window_days,
    targets: { org: {}, teams: {}, channels: {}, ...row.targets },
    reviewRules: row.review_rules,
    complaintDeadlines: completeDeadlines(row.complaint_deadlines),
    dataVersion: Number(row.data_version),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
