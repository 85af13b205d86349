import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { qaKeys } from '../../../lib/query-keys';
import type { QaForm } from './qa-types';

export const getForm = (id: number) => api<QaForm>(`/qa/forms/${id}`);
export const formQueryOptions = (id: number) => queryOptions({ queryKey: qaKeys.form(id), queryFn: () => getForm(id) });
export const useForm = (id: number | undefined) => useQuery({ ...formQueryOptions(id ?? 0), enabled: id !== undefined && id > 0 });
