import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { kpiKeys } from '../../kpi-dashboard/api/kpi-keys';
import { reviewKeys } from '../../weekly-review/api/review-keys';
import { complaintKeys } from '../../complaints/api/complaint-keys';
import { settingsKeys, type Settings, type SettingsPatch } from './settings-keys';

export const updateSettings = (patch: SettingsPatch) => api<Settings>('/settings', { method: 'PATCH', body: patch });

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateSettings,
    onSuccess: (settings) => {
      qc.setQueryData(settingsKeys.current(), settings);
      // Targets, time zone and FCR method change every figure.
      void qc.invalidateQueries({ queryKey: kpiKeys.all });
      void qc.invalidateQueries({ queryKey: reviewKeys.all });
      // Complaint deadlines re-judge every case.
      void qc.invalidateQueries({ queryKey: complaintKeys.all });
    },
  });
}
