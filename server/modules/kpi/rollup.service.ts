import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SettingsService } from '../org/settings.service';
import type { Settings } from '../org/settings.types';
import { monthStart, weekStart } from './domain/periods';
import { serviceLevelSecondsByChannel } from './domain/kpi-targets';
import {
  applyCallGrainDeltaSql,
  CALL_DAILY_GRAIN,
  CALL_GRAINS,
  callIdRangeSql,
  createCallDailyDeltaSql,
  deleteCallDailySql,
  deleteSourcelessGrainRowsSql,
  insertCallDailyRecordedSql,
  insertCallDailySql,
  insertCallGrainSql,
  insertEvalDailySql,
  insertEvalPeriodSql,
  rebuildRepeatFlagsSql,
  refreshRepeatFlagsSql,
} from './kpi.queries';
import { insertComplaintDailySql } from '../complaints/complaint.queries';

/** Which stored calls changed: the local dates (org time zone) they sit on, before and after the change, and their customers. */
export interface CallChanges {
  /** Local dates YYYY-MM-DD of every changed call's old and new started_at. */
  localDates: string[];
  /** customer_id of every changed call (old and new values): their repeat-contact flags are recomputed. */
  customerIds: string[];
}

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Serialises rollup writers (an import and a settings rebuild must not interleave delete/insert). */
const CALL_ROLLUP_LOCK = 4_004_004;
const EVAL_ROLLUP_LOCK = 4_004_005;
const COMPLAINT_ROLLUP_LOCK = 4_004_006;
/** A run's calls hold at least 1 id in DENSE_ID_RANGE of their id range: read that range whole. */
const DENSE_ID_RANGE = 4;

/**
 * Keeps the KPI rollups in step with the raw tables. Writers do not call it directly: they
 * report what changed to DataChangeService, which decides what to refresh; each method also
 * bumps the data version that answer caches are keyed on. rebuildAll is also the CLI's
 * `rollup rebuild` and the seeds' last step.
 */
@Injectable()
export class RollupService {
  constructor(
    private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  /** After calls or their survey responses were inserted, updated or deleted. */
  async applyCallChanges(manager: EntityManager, changes: CallChanges): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [CALL_ROLLUP_LOCK]);
    const s = await this.settings.get(manager);
    const dates = new Set(changes.localDates.filter((d) => LOCAL_DATE.test(d)));
    const customers = [...new Set(changes.customerIds.filter((c) => typeof c === 'string' && c !== ''))];
    if (dates.size > 0) {
      // The daily rows of the dates are summed again; every change to the daily rollup also goes
      // into call_daily_delta, which is then added to the coarser grains (a touched week or month
      // is not summed again from scratch).
      await manager.query(createCallDailyDeltaSql);
      if (customers.length > 0) {
        // A later call can turn an earlier call (on another day) into a repeat: its day's row gets the difference.
        const [first, last] = firstAndLast(dates);
        const [{ delta_rows }]: { delta_rows: number }[] = await manager.query(refreshRepeatFlagsSql, [s.fcrWindowDays * 24, s.timezone, first, last, customers, [...dates]]);
        if (delta_rows > 0) await manager.query(applyCallGrainDeltaSql(CALL_DAILY_GRAIN));
      }
      for (const [first, last] of consecutiveRuns(dates)) {
        const [ids]: { first_id: string | null; last_id: string | null; calls: number }[] = await manager.query(callIdRangeSql, [s.timezone, first, last]);
        await manager.query(deleteCallDailySql, [first, last]);
        const params = [s.timezone, s.serviceLevelSeconds, JSON.stringify(serviceLevelSecondsByChannel(s)), s.shortAbandonSeconds, first, last, ids.first_id, ids.last_id];
        // Just-written calls are not in the planner's statistics yet (it guessed 3 rows for a
        // day of 31k and probed surveys and flags one call at a time); when the id range is
        // dense, hash joins over it are the right plan whatever the estimate.
        const dense = ids.calls > 0 && Number(ids.last_id) - Number(ids.first_id) < DENSE_ID_RANGE * ids.calls;
        await withoutNestedLoops(manager, dense, () => manager.query(insertCallDailyRecordedSql, params));
      }
      for (const grain of CALL_GRAINS) {
        const [{ zero_periods }]: { zero_periods: string[] }[] = await manager.query(applyCallGrainDeltaSql(grain));
        if (zero_periods.length > 0) await manager.query(deleteSourcelessGrainRowsSql(grain), [zero_periods]);
      }
      await manager.query(`DROP TABLE call_daily_delta`);
    }
    await this.settings.bumpDataVersion(manager);
  }

  /** After evaluations were created, submitted, re-scored, imported or deleted: the local dates of their old and new submission times. */
  async applyEvaluationChanges(manager: EntityManager, localDates: string[]): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [EVAL_ROLLUP_LOCK]);
    const s = await this.settings.get(manager);
    const list = [...new Set(localDates.filter((d) => LOCAL_DATE.test(d)))];
    if (list.length > 0) {
      await manager.query(`DELETE FROM kpi_eval_daily WHERE local_date = ANY($1::date[])`, [list]);
      await manager.query(insertEvalDailySql(false), [s.timezone, list]);
      for (const unit of ['week', 'month'] as const) {
        const periods = [...new Set(list.map(unit === 'week' ? weekStart : monthStart))];
        await manager.query(`DELETE FROM ${unit === 'week' ? 'kpi_eval_weekly' : 'kpi_eval_monthly'} WHERE local_date = ANY($1::date[])`, [periods]);
        await manager.query(insertEvalPeriodSql(unit, false), [periods]);
      }
    }
    await this.settings.bumpDataVersion(manager);
  }

  /**
   * kpi_complaint_daily from the cases, whole: complaints are few (a per-mille of calls), so a
   * full pass is cheaper than tracking which days a change touched, and exact after any change
   * to cases, deadlines, the time zone or team memberships.
   */
  async rebuildComplaints(manager?: EntityManager): Promise<void> {
    if (!manager) return this.db.transaction((m) => this.rebuildComplaints(m));
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [COMPLAINT_ROLLUP_LOCK]);
    const s = await this.settings.get(manager);
    await manager.query(`DELETE FROM kpi_complaint_daily`);
    await manager.query(insertComplaintDailySql, [s.timezone, JSON.stringify(s.complaintDeadlines)]);
    await this.settings.bumpDataVersion(manager);
  }

  /** Recomputes everything derived (repeat-contact flags, every rollup) from the raw tables. */
  async rebuildAll(manager?: EntityManager): Promise<void> {
    // On its own, one transaction: readers never see half-built rollups.
    if (!manager) return this.db.transaction((m) => this.rebuildAll(m));
    await manager.query(`SELECT pg_advisory_xact_lock($1), pg_advisory_xact_lock($2)`, [CALL_ROLLUP_LOCK, EVAL_ROLLUP_LOCK]);
    const s = await this.settings.get(manager);
    await manager.query(`TRUNCATE call_repeat_flags`);
    await manager.query(rebuildRepeatFlagsSql, [s.fcrWindowDays * 24]);
    await manager.query(`DELETE FROM kpi_call_daily`);
    await manager.query(insertCallDailySql(true), [s.timezone, s.serviceLevelSeconds, JSON.stringify(serviceLevelSecondsByChannel(s)), s.shortAbandonSeconds]);
    for (const grain of CALL_GRAINS) {
      await manager.query(`DELETE FROM ${grain.table}`);
      await manager.query(insertCallGrainSql(grain));
    }
    await manager.query(`DELETE FROM kpi_eval_daily`);
    await manager.query(insertEvalDailySql(true), [s.timezone]);
    await manager.query(`DELETE FROM kpi_eval_weekly`);
    await manager.query(insertEvalPeriodSql('week', true));
    await manager.query(`DELETE FROM kpi_eval_monthly`);
    await manager.query(insertEvalPeriodSql('month', true));
    await this.rebuildComplaints(manager);
  }
}

/** True when a settings change alters what the rollups hold. */
export function rollupSettingsChanged(before: Settings, after: Settings): boolean {
  return (
    before.timezone !== after.timezone ||
    before.serviceLevelSeconds !== after.serviceLevelSeconds ||
    JSON.stringify(serviceLevelSecondsByChannel(before)) !== JSON.stringify(serviceLevelSecondsByChannel(after)) ||
    before.shortAbandonSeconds !== after.shortAbandonSeconds ||
    before.fcrWindowDays !== after.fcrWindowDays
  );
}

/**
 * Runs `fn` with nested-loop joins disabled when `disable`, then restores the setting (SET
 * LOCAL semantics: if `fn` fails, the caller's transaction rolls back and the setting with it).
 */
async function withoutNestedLoops<T>(manager: EntityManager, disable: boolean, fn: () => Promise<T>): Promise<T> {
  if (!disable) return fn();
  const [{ before }]: { before: string }[] = await manager.query(`SELECT current_setting('enable_nestloop') AS before`);
  await manager.query(`SELECT set_config('enable_nestloop', 'off', true)`);
  const result = await fn();
  await manager.query(`SELECT set_config('enable_nestloop', $1, true)`, [before]);
  return result;
}

/** YYYY-MM-DD dates as runs of consecutive days, [first, last] each, in order. */
export function consecutiveRuns(dates: Iterable<string>): [string, string][] {
  const runs: [string, string][] = [];
  for (const d of [...new Set(dates)].sort()) {
    const run = runs[runs.length - 1];
    if (run && dayAfter(run[1]) === d) run[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The first and last of a set of YYYY-MM-DD dates. */
function firstAndLast(dates: Set<string>): [string, string] {
  const sorted = [...dates].sort();
  return [sorted[0], sorted[sorted.length - 1]];
}
