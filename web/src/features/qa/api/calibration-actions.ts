import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import type { Calibration } from './get-calibrations';
import type { AnswerValue, EvaluationDetail } from './qa-types';

export interface CreateCalibrationInput {
  callExternalId: string;
  formVersionId: number;
  evaluatorIds: number[];
}

export const createCalibration = (input: CreateCalibrationInput) => api<Calibration>('/qa/calibrations', { method: 'POST', body: input });
export const closeCalibration = (id: number) => api<Calibration>(`/qa/calibrations/${id}/close`, { method: 'POST', body: {} });
export const scoreCalibration = ({ id, ...body }: { id: number; answers: Array<{ itemId: number; value: AnswerValue; comment?: string }>; comment?: string }) =>
  api<EvaluationDetail>(`/qa/calibrations/${id}/evaluations`, { method: 'POST', body });

/** Start, score and close a calibration session; each refreshes the sessions and their reports. */
export function useCalibrationAction<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void invalidateAfter(qc, 'calibration') });
}
export const useCreateCalibration = () => useCalibrationAction(createCalibration);
export const useCloseCalibration = () => useCalibrationAction(closeCalibration);
export const useScoreCalibration = () => useCalibrationAction(scoreCalibration);
