import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { reviewKeys, type ReviewParams } from '../../../lib/query-keys';
import type { WeeklyReview } from './review-types';

export const getWeeklyReview = (params: ReviewParams) => api<WeeklyReview>('/reviews/weekly', { params: { week: params.week, teamId: params.teamId, lang: params.lang } });

export const weeklyReviewQueryOptions = (params: ReviewParams) => queryOptions({ queryKey: reviewKeys.week(params), queryFn: () => getWeeklyReview(params) });
export const useWeeklyReview = (params: ReviewParams | null) => useQuery({ ...weeklyReviewQueryOptions(params ?? { week: '', teamId: 0, lang: 'en' }), enabled: params !== null });
