import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Which stored calls changed: the local dates (org time zone) they sit on, before and after the change, and their customers. */
export interface CallChanges {
  /** Local dates YYYY-MM-DD of every changed call's old and new started_at. */
  localDates: string[];
  /** customer_id of every changed call (old and new values): their repeat-contact flags are recomputed. */
  customerIds: string[];
}

/**
 * Keeps the KPI rollups in step with the raw tables. Writers (ingest, QA, seeds, settings)
 * call it inside their own transaction after changing data; each method also bumps the data
 * version that answer caches are keyed on.
 */
@Injectable()
export class RollupService {
  constructor(private readonly db: DataSource) {}

  /** After calls or their survey responses were inserted, updated or deleted. */
  async applyCallChanges(manager: EntityManager, changes: CallChanges): Promise<void> {
    void manager;
    void changes; // implemented by the KPI engine work
  }

  /** After evaluations were created, submitted, re-scored, imported or deleted: the local dates of their old and new submission times. */
  async applyEvaluationChanges(manager: EntityManager, localDates: string[]): Promise<void> {
    void manager;
    void localDates; // implemented by the KPI engine work
  }

  /** Recomputes everything derived (repeat-contact flags, every rollup) from the raw tables. */
  async rebuildAll(manager: EntityManager = this.db.manager): Promise<void> {
    void manager; // implemented by the KPI engine work
  }
}
