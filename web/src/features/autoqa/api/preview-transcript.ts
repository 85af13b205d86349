import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { PreviewInput, PreviewResult } from './autoqa-types';

/** Scores a pasted transcript with the given (or current) rules; nothing is stored. */
export const previewTranscript = (input: PreviewInput) => api<PreviewResult>('/autoqa/preview', { method: 'POST', body: input });

export const usePreviewTranscript = () => useMutation({ mutationFn: previewTranscript });
