import type { Settings } from '../../org/settings.types';
import type { MetricKey } from '../kpi.types';
import { kpiDefinitions } from './kpi-definitions';

/**
 * The target and amber tolerance that judge a metric (kpi-spec section 5): the team's override,
 * else the org setting, else the registry default — target and tolerance each on their own, so
 * a team that overrides only the target keeps the org's tolerance. Null when the metric has no
 * absolute target.
 */
export function targetFor(s: Pick<Settings, 'targets'>, key: MetricKey, teamId: number | null): { target: number; tolerance: number } | null {
  const def = kpiDefinitions[key];
  if (def.targetMode !== 'absolute') return null;
  const team = teamId !== null ? s.targets?.teams?.[String(teamId)]?.[key] : undefined;
  const org = s.targets?.org?.[key];
  const target = team?.target ?? org?.target ?? def.defaultTarget;
  if (target === null || target === undefined) return null;
  return { target, tolerance: team?.tolerance ?? org?.tolerance ?? def.defaultTolerance ?? (def.kind === 'proportion' ? 0.02 : 0) };
}
