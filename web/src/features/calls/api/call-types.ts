import type { Outcome } from '../../../../../server/modules/autoqa/domain/autoqa.types';

export type { ContactChannel, Outcome, Speaker, Turn } from '../../../../../server/modules/autoqa/domain/autoqa.types';
/** The answer of `GET /api/calls/:externalId` (docs/api.md "Calls, transcripts and AutoQA"): the server's own view types. */
export type { CallAutoqa, CallDetail, EvidenceView as Evidence, FindingView as CallFinding } from '../../../../../server/modules/autoqa/autoqa-api.types';

export interface OverruleInput {
  externalId: string;
  rule: string;
  outcome: Outcome;
  reason: string;
}

/** One finding of an agent's call, with the lines that decided it (`GET /api/autoqa/findings`). */
export type { AgentFindingView as AgentFinding } from '../../../../../server/modules/autoqa/autoqa-api.types';
