import type { Outcome, Speaker } from './domain/autoqa.types';

/** transcript_turns.speaker: the index in this list. */
export const SPEAKERS: readonly Speaker[] = ['agent', 'customer', 'system'];

/** autoqa_findings.outcome / autoqa_results.forbidden: one byte per outcome. */
export const OUTCOME_CODE: Record<Outcome, string> = { pass: 'p', fail: 'f', na: 'n' };

export function outcomeOf(code: string): Outcome {
  return code === 'p' ? 'pass' : code === 'f' ? 'fail' : 'na';
}
