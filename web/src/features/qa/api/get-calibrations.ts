import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { CalibrationReportView as CalibrationReportAnswer, CalibrationView as Calibration } from '../../../../../server/modules/qa/qa.types';
import { qaKeys } from '../../../lib/query-keys';

export type { CalibrationReportView as CalibrationReportAnswer, CalibrationView as Calibration } from '../../../../../server/modules/qa/qa.types';

export const getCalibrations = () => api<Calibration[] | { items: Calibration[] }>('/qa/calibrations').then((r) => (Array.isArray(r) ? r : r.items));
export const calibrationsQueryOptions = () => queryOptions({ queryKey: qaKeys.calibrations(), queryFn: getCalibrations });
export const useCalibrations = () => useQuery(calibrationsQueryOptions());

export const getCalibrationReport = (id: number) => api<CalibrationReportAnswer>(`/qa/calibrations/${id}/report`);
export const calibrationReportQueryOptions = (id: number) => queryOptions({ queryKey: qaKeys.calibrationReport(id), queryFn: () => getCalibrationReport(id) });
export const useCalibrationReport = (id: number | undefined) => useQuery({ ...calibrationReportQueryOptions(id ?? 0), enabled: id !== undefined });
