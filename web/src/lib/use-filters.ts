import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useSettings } from '../features/settings/api/get-settings';
import { localDateOf, PRESETS, presetRange, type Preset } from './date-range';

export type Granularity = 'day' | 'week' | 'month';
export const GRANULARITIES: Granularity[] = ['day', 'week', 'month'];

export interface Filters {
  preset: Preset | 'custom';
  from: string;
  to: string;
  granularity: Granularity;
  siteId?: number;
  teamId?: number;
  agentId?: number;
}

export type FilterPatch = Partial<Omit<Filters, 'from' | 'to'>> & { from?: string; to?: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const id = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

/** Reads the filters from URL search params; pure so the URL format is testable. */
export function readFilters(params: URLSearchParams, today: string): Filters {
  const granularity = (GRANULARITIES as string[]).includes(params.get('g') ?? '') ? (params.get('g') as Granularity) : 'week';
  const from = params.get('from');
  const to = params.get('to');
  const base = { granularity, siteId: id(params.get('site')), teamId: id(params.get('team')), agentId: id(params.get('agent')) };
  if (from && to && DATE.test(from) && DATE.test(to) && from <= to) return { ...base, preset: 'custom', from, to };
  const raw = params.get('range');
  const preset = (PRESETS as readonly string[]).includes(raw ?? '') ? (raw as Preset) : 'last_4_weeks';
  return { ...base, preset, ...presetRange(preset, today) };
}

/** Writes a patch into search params: a preset drops custom dates; a new site/team narrows what follows. */
export function writeFilters(params: URLSearchParams, patch: FilterPatch): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (k: string, v: string | number | undefined) => (v === undefined || v === '' ? next.delete(k) : next.set(k, String(v)));
  if (patch.preset && patch.preset !== 'custom') {
    set('range', patch.preset);
    next.delete('from');
    next.delete('to');
  }
  if (patch.from !== undefined || patch.to !== undefined) {
    next.delete('range');
    if (patch.from !== undefined) set('from', patch.from);
    if (patch.to !== undefined) set('to', patch.to);
  }
  if (patch.granularity) set('g', patch.granularity);
  if ('siteId' in patch) {
    set('site', patch.siteId);
    next.delete('team');
    next.delete('agent');
  }
  if ('teamId' in patch) {
    set('team', patch.teamId);
    next.delete('agent');
  }
  if ('agentId' in patch) set('agent', patch.agentId);
  return next;
}

/** The global filters, kept in the URL so a view can be shared and reloaded. */
export function useFilters(): Filters & { today: string; timezone?: string; setFilters: (patch: FilterPatch) => void; search: string } {
  const [params, setParams] = useSearchParams();
  const settings = useSettings();
  const timezone = settings.data?.timezone;
  const today = localDateOf(new Date(), timezone);
  const filters = useMemo(() => readFilters(params, today), [params, today]);
  const setFilters = useCallback((patch: FilterPatch) => setParams((p) => writeFilters(p, patch), { replace: false }), [setParams]);
  return { ...filters, today, timezone, setFilters, search: params.toString() };
}

/** The date part of the filters, to carry into links between pages. */
export function carrySearch(search: string, keep = ['range', 'from', 'to', 'g']): string {
  const p = new URLSearchParams(search);
  const out = new URLSearchParams();
  for (const k of keep) {
    const v = p.get(k);
    if (v) out.set(k, v);
  }
  const s = out.toString();
  return s ? `?${s}` : '';
}
