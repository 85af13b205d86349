import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import { settingsKeys } from '../../../lib/query-keys';
import type { Settings, SettingsPatch } from './settings-types';

export const updateSettings = (patch: SettingsPatch) => api<Settings>('/settings', { method: 'PATCH', body: patch });

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateSettings,
    onSuccess: (settings) => {
      qc.setQueryData(settingsKeys.current(), settings);
      void invalidateAfter(qc, 'settings');
    },
  });
}
