import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { SampledCall } from '../../../../../server/modules/qa/qa.types';
import { qaKeys, type SampleListParams } from '../../../lib/query-keys';

export type { SampledCall } from '../../../../../server/modules/qa/qa.types';

/** Sampled calls assigned for scoring; `open` = not scored yet. */
export const getSamples = (params: SampleListParams) => api<SampledCall[]>('/qa/samples', { params: { ...params } });
export const samplesQueryOptions = (params: SampleListParams) => queryOptions({ queryKey: qaKeys.sampleList(params), queryFn: () => getSamples(params) });
export const useSamples = (params: SampleListParams) => useQuery(samplesQueryOptions(params));
