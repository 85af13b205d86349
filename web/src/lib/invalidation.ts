import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { autoqaKeys, automationKeys, callKeys, coachingKeys, complaintKeys, importKeys, kpiKeys, notificationKeys, orgKeys, qaKeys, reviewKeys, settingsKeys } from './query-keys';

/**
 * What each kind of change makes stale: the one place that decides how far a mutation reaches.
 * Every mutation invalidates through `invalidateAfter`; a key here is a prefix, so `kpiKeys.all`
 * covers every KPI query whatever its parameters. (A mutation may also put the answer it got
 * straight into the cache; that is its own business.)
 */
export const staleAfter = {
  /**
   * A finished import: calls bring new agents, figures, complaints and (with transcripts) AutoQA
   * findings; an evaluations import brings evaluations; the weekly review reads all of these.
   */
  import: [importKeys.list(), orgKeys.all, kpiKeys.all, reviewKeys.all, qaKeys.evaluations(), qaKeys.samples(), complaintKeys.all, callKeys.all, autoqaKeys.all],
  /** An upload accepted (the job runs on): only the list of jobs changes yet. */
  importStarted: [importKeys.list()],
  /**
   * An evaluation created, changed, submitted, acknowledged, disputed or resolved: QA figures, the
   * weekly review's QA reasons, a sampled call now scored, and the inbox (what awaits
   * acknowledgement, resolved disputes).
   */
  evaluation: [qaKeys.evaluations(), qaKeys.samples(), kpiKeys.all, reviewKeys.all, notificationKeys.all],
  /** A coaching note, plain or from a review entry: the review shows which entries have one. */
  coachingNote: [coachingKeys.all, reviewKeys.all],
  /** Targets, time zone and FCR method change every figure; complaint deadlines re-judge every case (the answer itself replaces the cached settings). */
  settings: [kpiKeys.all, reviewKeys.all, complaintKeys.all],
  /** A supervisor's overrule changes the call's findings, the AutoQA figures, the review and the agreement report. */
  overrule: [callKeys.all, kpiKeys.all, reviewKeys.all, autoqaKeys.all],
  /** A new rule-set version: findings, figures and agreement move to it as the background re-score runs. */
  ruleSet: [autoqaKeys.all],
  qaForm: [qaKeys.forms()],
  sample: [qaKeys.samples()],
  calibration: [qaKeys.calibrations()],
  notificationRead: [notificationKeys.inbox()],
  user: [settingsKeys.users()],
  schedule: [automationKeys.schedules()],
  scheduleRun: [automationKeys.schedules(), automationKeys.allDeliveries()],
  apiKey: [automationKeys.apiKeys()],
} satisfies Record<string, readonly QueryKey[]>;

export type Change = keyof typeof staleAfter;

/** Marks every query `change` makes stale; the ones on screen refetch. */
export async function invalidateAfter(qc: QueryClient, change: Change): Promise<void> {
  await Promise.all(staleAfter[change].map((queryKey) => qc.invalidateQueries({ queryKey })));
}
