import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { qaKeys } from './qa-keys';

export interface Calibration {
  id: number;
  status: 'open' | 'closed';
  call: { id: number; externalId: string; startedAt: string };
  agent: { id: number; code: string; name: string };
  formVersionId: number;
  createdAt: string;
  closedAt: string | null;
  evaluators: Array<{ id: number; name: string; scored: boolean; evaluationId: number | null }>;
}

export interface CalibrationReportAnswer {
  meanScore: number | null;
  calibration: Calibration;
  evaluators: Array<{ evaluatorId: number; name: string; evaluationId: number; score: number; autoFail: boolean; deviation: number | null; meanItemDeviation: number | null }>;
  items: Array<{ itemId: number; text: string; sectionTitle: string; mean: number | null; spread: number | null }>;
}

export const getCalibrations = () => api<Calibration[] | { items: Calibration[] }>('/qa/calibrations').then((r) => (Array.isArray(r) ? r : r.items));
export const calibrationsQueryOptions = () => queryOptions({ queryKey: qaKeys.calibrations(), queryFn: getCalibrations });
export const useCalibrations = () => useQuery(calibrationsQueryOptions());

export const getCalibrationReport = (id: number) => api<CalibrationReportAnswer>(`/qa/calibrations/${id}/report`);
export const calibrationReportQueryOptions = (id: number) => queryOptions({ queryKey: qaKeys.calibrationReport(id), queryFn: () => getCalibrationReport(id) });
export const useCalibrationReport = (id: number | undefined) => useQuery({ ...calibrationReportQueryOptions(id ?? 0), enabled: id !== undefined });
