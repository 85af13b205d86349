import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SettingsService } from '../org/settings.service';
import type { Settings } from '../org/settings.types';
import { CallChanges, RollupService, rollupSettingsChanged } from './rollup.service';

/** An agent's team changed from a local date on (YYYY-MM-DD): their records from then on are counted elsewhere. */
export interface AgentMove {
  agentId: number;
  since: string;
}

/**
 * The one place that keeps figures fresh (issue 17): every write that changes what a figure
 * counts — imports, evaluation changes, agent moves and edits, org and settings changes — tells
 * this service, inside its own transaction, what changed. It refreshes the affected rollups
 * (RollupService) and bumps the data version that answer caches are keyed on, so no caller
 * decides on its own which rollups a change touches.
 */
@Injectable()
export class DataChangeService implements OnModuleInit {
  constructor(
    private readonly rollups: RollupService,
    private readonly settings: SettingsService,
  ) {}

  onModuleInit(): void {
    // SettingsService calls its listeners inside the settings transaction.
    this.settings.onChange(({ before, after, manager }) => this.settingsChanged(manager, before, after));
  }

  /** Calls or their survey responses were inserted, updated or deleted. */
  async callsChanged(m: EntityManager, changes: CallChanges): Promise<void> {
    await this.rollups.applyCallChanges(m, changes);
  }

  /** Evaluations were created, submitted, re-scored, imported or deleted: the local dates of their old and new submission times. */
  async evaluationsChanged(m: EntityManager, localDates: string[]): Promise<void> {
    await this.rollups.applyEvaluationChanges(m, localDates);
  }

  /**
   * Agents changed team (memberships already written): every call and evaluation of theirs on
   * or after the move's date belongs to another team now, however far back the move is dated.
   */
  async agentsMoved(m: EntityManager, moves: AgentMove[]): Promise<void> {
    if (moves.length === 0) return;
    const { timezone } = await this.settings.get(m);
    const [d]: { calls: string[]; evaluations: string[] }[] = await m.query(
      `SELECT ARRAY(SELECT DISTINCT to_char(started_at AT TIME ZONE $2, 'YYYY-MM-DD') FROM calls c
                     JOIN unnest($1::int[], $3::date[]) AS mv(agent_id, since) ON mv.agent_id = c.agent_id
                    WHERE (c.started_at AT TIME ZONE $2)::date >= mv.since ORDER BY 1) AS calls,
              ARRAY(SELECT DISTINCT to_char(submitted_at AT TIME ZONE $2, 'YYYY-MM-DD') FROM qa_evaluations e
                     JOIN unnest($1::int[], $3::date[]) AS mv(agent_id, since) ON mv.agent_id = e.agent_id
                    WHERE e.submitted_at IS NOT NULL AND (e.submitted_at AT TIME ZONE $2)::date >= mv.since ORDER BY 1) AS evaluations`,
      [moves.map((mv) => mv.agentId), timezone, moves.map((mv) => mv.since)],
    );
    await this.rollups.applyCallChanges(m, { localDates: d.calls, customerIds: [] });
    if (d.evaluations.length) await this.rollups.applyEvaluationChanges(m, d.evaluations);
    // Complaint cases are charged to the agent's team at opened_at: theirs move with them.
    await this.rollups.rebuildComplaints(m);
  }

  /** Complaint cases were inserted or updated (their clocks, agent or grade may have changed). */
  async complaintsChanged(m: EntityManager): Promise<void> {
    await this.rollups.rebuildComplaints(m);
  }

  /**
   * Names, sites, active flags: nothing a rollup sums, but answers name their groups and a
   * team's site places its figures, so cached answers must go.
   */
  async orgChanged(m: EntityManager): Promise<void> {
    await this.settings.bumpDataVersion(m);
  }

  /** Settings that change how calls are counted or dated rebuild every rollup; any other change still invalidates cached answers. */
  async settingsChanged(m: EntityManager, before: Settings, after: Settings): Promise<void> {
    if (rollupSettingsChanged(before, after)) await this.rollups.rebuildAll(m);
    // New deadlines re-judge every stored complaint case (rebuildAll above includes it).
    else if (JSON.stringify(before.complaintDeadlines) !== JSON.stringify(after.complaintDeadlines)) await this.rollups.rebuildComplaints(m);
    else await this.settings.bumpDataVersion(m);
  }
}
