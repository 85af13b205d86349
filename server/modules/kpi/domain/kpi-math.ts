import type { Status } from '../kpi.types';
import { AHT_RELATIVE, type MetricDirection } from './kpi-definitions';

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** num / den in full precision; null (never NaN or 0) when there is nothing to divide by. */
export function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

/** 95% Wilson score interval for `successes` out of `n`; null when n = 0. */
export function wilsonInterval(successes: number, n: number, z: number = Z95): [number, number] | null {
  if (n <= 0) return null;
  return [wilsonBound(successes, n, -1, z), wilsonBound(successes, n, 1, z)];
}

/** One end of the Wilson interval (side -1 lower, +1 upper) for n > 0, without allocating: the columnar answer's ci columns. */
export function wilsonBound(successes: number, n: number, side: -1 | 1, z: number = Z95): number {
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  return side < 0 ? Math.max(0, (centre - margin) / denom) : Math.min(1, (centre + margin) / denom);
}

/**
 * Green when the target is met, amber when missed by no more than `tolerance`, red beyond;
 * null for a missing value, a missing target or a low-sample figure.
 */
export function ragStatus(value: number | null, target: number | null, direction: MetricDirection | null, tolerance: number, lowSample = false): Status | null {
  if (value === null || target === null || direction === null || lowSample) return null;
  const shortfall = direction === 'higher' ? target - value : value - target;
  // A tiny epsilon so that e.g. 0.83 vs 0.85 - 0.02 (binary fractions) still counts as "within".
  const eps = 1e-9;
  if (shortfall <= eps) return 'green';
  if (shortfall <= tolerance + eps) return 'amber';
  return 'red';
}

export interface AhtComparison {
  status: Status | null;
  flags: string[];
}

/**
 * AHT against the agent's team for the same period: green up to 110% of the team's AHT, amber
 * up to 120%, red beyond; under 50% is flagged 'unusually_short'. No team figure, no status.
 */
export function ahtStatus(agentAht: number | null, teamAht: number | null, lowSample = false): AhtComparison {
  if (agentAht === null || teamAht === null || teamAht <= 0 || lowSample) return { status: null, flags: [] };
  const rel = agentAht / teamAht;
  const flags = rel < AHT_RELATIVE.unusuallyShort ? ['unusually_short'] : [];
  const eps = 1e-12;
  const status: Status = rel <= AHT_RELATIVE.green + eps ? 'green' : rel <= AHT_RELATIVE.amber + eps ? 'amber' : 'red';
  return { status, flags };
}

/** value − previous, null when either side is missing. */
export function delta(value: number | null, previous: number | null): number | null {
  return value === null || previous === null ? null : value - previous;
}
