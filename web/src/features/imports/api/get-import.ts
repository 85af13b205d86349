import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { importKeys } from '../../../lib/query-keys';
import type { ImportJob } from './import-types';

export const getImport = (id: number | string) => api<ImportJob>(`/imports/${id}`);

const finished = (job: ImportJob | undefined) => job?.status === 'succeeded' || job?.status === 'failed';

/** Polls the job twice a second until it has finished: the server side of the progress bar. */
export const importQueryOptions = (id: number | string) =>
  queryOptions({ queryKey: importKeys.job(id), queryFn: () => getImport(id), refetchInterval: (q) => (finished(q.state.data) ? false : 500), staleTime: 0 });

export const useImport = (id: number | string | undefined) => useQuery({ ...importQueryOptions(id ?? ''), enabled: id !== undefined });
