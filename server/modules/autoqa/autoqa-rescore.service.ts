import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { DataChangeService } from '../kpi/data-change.service';
import { SettingsService } from '../org/settings.service';
import type { RescoringView } from './autoqa-api.types';
import { AUTOQA_WRITE_LOCK, AutoqaScoringService, STORED_TURNS_SQL } from './autoqa-scoring.service';

/** Session lock held by the one process (of however many) that runs the re-score. */
const RESCORE_JOB_LOCK = 4_004_017;
/** Calls per re-score transaction: short, so imports and overrules wait little for the AutoQA lock. */
const BATCH_CALLS = 2_000;
const POLL_MS = 5_000;

/**
 * Re-scores every stored transcript under a new rule-set version in the background. The job's
 * state lives in `autoqa_state` (target vs current version, counts), so any server process can
 * report progress and take over: the process holding the session advisory lock works; the others
 * poll and pick the job up if that process dies (its lock goes with its connection). Each batch
 * of calls is one transaction; the figures keep using the current version until every transcript
 * has a result of the new one, and then switch over in one transaction with the rollups.
 */
@Injectable()
export class AutoqaRescoreService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AutoQA');
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Test hook: waits this long between batches. */
  batchPauseMs = 0;

  constructor(
    private readonly db: DataSource,
    private readonly scoring: AutoqaScoringService,
    private readonly dataChanges: DataChangeService,
    private readonly settings: SettingsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Starts the job in this process unless it already runs here. */
  kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.run()
      .catch((e) => this.logger.warn(`Re-scoring stopped: ${(e as Error).stack ?? e}`))
      .finally(() => {
        this.running = null;
      });
  }

  /** Resolves when no re-score is left to do in this process (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      this.kick();
      await this.running;
      const [s] = await this.db.query(`SELECT current_rule_set_id = target_rule_set_id AS done FROM autoqa_state WHERE id = 1`);
      if (!s || s.done || this.stopped) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async progress(): Promise<RescoringView> {
    const [s] = await this.db.query(
      `SELECT s.*, t.version AS target_version, c.version AS current_version
         FROM autoqa_state s JOIN autoqa_rule_sets t ON t.id = s.target_rule_set_id JOIN autoqa_rule_sets c ON c.id = s.current_rule_set_id`,
    );
    const running = s.current_rule_set_id !== s.target_rule_set_id;
    const total = s.rescore_total;
    const done = running ? Math.min(s.rescore_done, total) : total;
    const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
    return {
      running,
      ruleSetVersion: s.target_version,
      figuresVersion: s.current_version,
      total,
      done,
      progress: running ? (total > 0 ? Math.min(0.99, done / total) : 0) : 1,
      startedAt: iso(s.rescore_started_at),
      finishedAt: iso(s.rescore_finished_at),
      error: s.rescore_error,
    };
  }

  private async run(): Promise<void> {
    const [s] = await this.db.query(`SELECT current_rule_set_id = target_rule_set_id AS done FROM autoqa_state WHERE id = 1`);
    if (!s || s.done) return;
    const qr = this.db.createQueryRunner();
    // The query runner's own pg client (connect() resolves to it): the scoring cursor needs the driver's client.
    const client: PoolClient = await qr.connect();
    try {
      const [{ mine }] = await qr.query(`SELECT pg_try_advisory_lock($1) AS mine`, [RESCORE_JOB_LOCK]);
      if (!mine) return;
      try {
        while (!this.stopped && (await this.batch(qr, client))) {
          if (this.batchPauseMs) await new Promise((r) => setTimeout(r, this.batchPauseMs));
        }
      } catch (e) {
        await this.db.query(`UPDATE autoqa_state SET rescore_error = $1 WHERE id = 1`, [(e as Error).message]).catch(() => undefined);
        throw e;
      } finally {
        await qr.query(`SELECT pg_advisory_unlock($1)`, [RESCORE_JOB_LOCK]).catch(() => undefined);
      }
    } finally {
      await qr.release();
    }
  }

  /** One transaction: the next calls scored under the target version, or the switch when none is left. False when finished. */
  private async batch(qr: ReturnType<DataSource['createQueryRunner']>, client: PoolClient): Promise<boolean> {
    await qr.startTransaction();
    try {
      const m = qr.manager;
      const versions = await this.scoring.lockVersions(m);
      if (versions.current.id === versions.target.id) {
        await qr.commitTransaction();
        return false;
      }
      const rows: { call_id: string }[] = await m.query(
        `SELECT t.call_id::text AS call_id FROM transcripts t
          WHERE NOT EXISTS (SELECT 1 FROM autoqa_results r WHERE r.call_id = t.call_id AND r.rule_set_id = $1)
          ORDER BY t.call_id LIMIT $2`,
        [versions.target.id, BATCH_CALLS],
      );
      if (rows.length === 0) {
        await this.switchOver(m, versions.target.id);
        await qr.commitTransaction();
        this.logger.log(`Every transcript is scored by rule set version ${versions.target.version}; the figures use it now.`);
        await this.dropSuperseded();
        return false;
      }
      const ids = rows.map((r) => r.call_id);
      await this.scoring.deleteResults(m, 'SELECT unnest($1::bigint[])', [versions.target.id], [ids]);
      await this.scoring.scoreFromCursor(
        client,
        STORED_TURNS_SQL,
        [ids],
        [versions.target],
      );
      await m.query(`UPDATE autoqa_state SET rescore_done = rescore_done + $1 WHERE id = 1`, [ids.length]);
      await qr.commitTransaction();
      return true;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    }
  }

  /** The target version becomes the one the figures use; every day with a scored call is summed again, in this transaction. */
  private async switchOver(m: ReturnType<DataSource['createQueryRunner']>['manager'], targetId: number): Promise<void> {
    const s = await this.settings.get(m);
    await m.query(`UPDATE autoqa_state SET current_rule_set_id = $1, rescore_finished_at = now(), rescore_done = rescore_total WHERE id = 1`, [targetId]);
    const [{ dates }] = await m.query(
      `SELECT ARRAY(SELECT DISTINCT to_char(c.started_at AT TIME ZONE $1, 'YYYY-MM-DD') FROM autoqa_results r JOIN calls c ON c.id = r.call_id ORDER BY 1) AS dates`,
      [s.timezone],
    );
    await this.dataChanges.callsChanged(m, { localDates: dates, customerIds: [] });
  }

  /** Results of versions no longer current or newest are dropped (storage stays one version deep, two while re-scoring). */
  private async dropSuperseded(): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [AUTOQA_WRITE_LOCK]);
      for (const table of ['autoqa_finding_sets', 'autoqa_results']) {
        await m.query(`DELETE FROM ${table} WHERE rule_set_id NOT IN (SELECT current_rule_set_id FROM autoqa_state UNION SELECT target_rule_set_id FROM autoqa_state)`);
      }
    });
  }
}
