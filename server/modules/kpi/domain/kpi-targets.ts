import { channels, type Channel, type Settings } from '../../org/settings.types';
import type { MetricKey } from '../kpi.types';
import { kpiDefinitions } from './kpi-definitions';

/**
 * Default channel targets from the service standards (docs/kpi.md "Targets and status"): online chat and
 * WeChat answer within 60 s, email within 24 h. A channel target beats the org's.
 */
export const DEFAULT_CHANNEL_TARGETS: Readonly<Partial<Record<Channel, Partial<Record<MetricKey, number>>>>> = {
  chat: { asa: 60 },
  wechat: { asa: 60 },
  email: { asa: 24 * 3600 },
};

/** Default service-level thresholds per channel (seconds), from the same standards; other channels use the org's `serviceLevelSeconds`. */
export const DEFAULT_SERVICE_LEVEL_SECONDS: Readonly<Partial<Record<Channel, number>>> = {
  chat: 60,
  wechat: 60,
  email: 24 * 3600,
};

type TargetSettings = Pick<Settings, 'targets'>;

/**
 * The target and amber tolerance that judge a metric (docs/kpi.md "Targets and status"): the most specific
 * applies — the team's override, then the channel's (the setting, else the default channel
 * target), then the org setting, then the registry default — target and tolerance each on their
 * own, so a team that overrides only the target keeps the tolerance it would otherwise have.
 * `channel` is the one channel the figure covers (filtered, or every contact of one channel),
 * null when mixed or unknown. Null when the metric has no absolute target.
 */
export function targetFor(s: TargetSettings, key: MetricKey, teamId: number | null, channel: Channel | null = null): { target: number; tolerance: number } | null {
  const def = kpiDefinitions[key];
  if (def.targetMode !== 'absolute') return null;
  const team = teamId !== null ? s.targets?.teams?.[String(teamId)]?.[key] : undefined;
  const ch = channel !== null ? s.targets?.channels?.[channel]?.[key] : undefined;
  const chDefault = channel !== null ? DEFAULT_CHANNEL_TARGETS[channel]?.[key] : undefined;
  const org = s.targets?.org?.[key];
  const target = team?.target ?? ch?.target ?? chDefault ?? org?.target ?? def.defaultTarget;
  if (target === null || target === undefined) return null;
  return { target, tolerance: team?.tolerance ?? ch?.tolerance ?? org?.tolerance ?? def.defaultTolerance ?? (def.kind === 'proportion' ? 0.02 : 0) };
}

/** True when some channel may judge `key` differently from the org (a default or a setting): figures then need their channel. */
export function hasChannelTargets(s: TargetSettings, key: MetricKey): boolean {
  return channels.some((c) => DEFAULT_CHANNEL_TARGETS[c]?.[key] !== undefined || s.targets?.channels?.[c]?.[key] !== undefined);
}

/** The service-level threshold of every channel: the setting, else the channel default, else the org's seconds. */
export function serviceLevelSecondsByChannel(s: Pick<Settings, 'serviceLevelSeconds' | 'serviceLevelByChannel'>): Record<Channel, number> {
  return Object.fromEntries(channels.map((c) => [c, s.serviceLevelByChannel?.[c] ?? DEFAULT_SERVICE_LEVEL_SECONDS[c] ?? s.serviceLevelSeconds])) as Record<Channel, number>;
}
