import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { settingsKeys } from '../../../lib/query-keys';
import type { Settings } from './settings-types';

export const getSettings = () => api<Settings>('/settings');
export const settingsQueryOptions = () => queryOptions({ queryKey: settingsKeys.current(), queryFn: getSettings, staleTime: 5 * 60_000 });
export const useSettings = () => useQuery(settingsQueryOptions());

/** Times are shown in the org's time zone, where its days and weeks are cut. */
export const useOrgTimeZone = (): string | undefined => useSettings().data?.timezone;
