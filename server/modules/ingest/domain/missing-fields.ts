/**
 * The canonical fields an import file did not provide, with what that means for the figures
 * (issue 17: unknown is not zero, and the user is told so). Pure.
 */
import type { ColumnRef, ImportKind } from './import-fields';

export interface MissingField {
  field: string;
  message: string;
}

/** Per kind, the optional fields whose absence leaves a figure without data (or defaulted), in field order. */
const CONSEQUENCES: Partial<Record<ImportKind, Array<[field: string, message: string]>>> = {
  calls: [
    ['channel', 'no channel column: every call is stored as phone'],
    ['customer_id', 'no customer id column: FCR by repeat contact will show no data for these calls'],
    ['queue_wait_s', 'no queue wait column: ASA will show no data and service level counts these calls as not answered in time'],
    ['talk_s', 'no talk time column: AHT and talk time will show no data for these calls'],
    ['hold_s', 'no hold column: hold time counts as 0 in AHT'],
    ['acw_s', 'no wrap-up column: after-call work counts as 0 in AHT'],
    ['resolved', 'no resolved column: FCR (agent disposition) will show no data for these calls'],
    ['escalated', 'no escalation column: escalation rate will show no data for these calls'],
    ['transferred', 'no transfer column: transfer rate will show no data for these calls'],
  ],
  surveys: [
    ['csat', 'no CSAT column: CSAT will show no data for these responses'],
    ['nps', 'no NPS column: NPS will show no data for these responses'],
  ],
  evaluations: [['auto_fail', 'no auto-fail column: every evaluation counts as not auto-failed']],
};

/** The fields of `kind` with a consequence that the resolved columns (field -> source column) do not cover. */
export function missingFields(kind: ImportKind, resolved: Record<string, ColumnRef> | null | undefined): MissingField[] {
  const have = resolved ?? {};
  return (CONSEQUENCES[kind] ?? []).filter(([field]) => have[field] === undefined).map(([field, message]) => ({ field, message }));
}
