import type { AgreementRow } from './api/autoqa-types';

/**
 * When a rule's agreement with people is not yet enough to act on (docs/autoqa.md, "Agreement"):
 * fewer than 30 calls scored by both, or Cohen's kappa below 0.6 (or not computable).
 */
export const TRUST_MIN_N = 30;
export const TRUST_MIN_KAPPA = 0.6;

export type TrustVerdict = 'trust' | 'too_few' | 'low_kappa';

export function trustVerdict(row: Pick<AgreementRow, 'n' | 'kappa'>): TrustVerdict {
  if (row.n < TRUST_MIN_N) return 'too_few';
  if (row.kappa === null || row.kappa === undefined || !Number.isFinite(row.kappa) || row.kappa < TRUST_MIN_KAPPA) return 'low_kappa';
  return 'trust';
}
