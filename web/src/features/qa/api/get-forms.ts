import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { qaKeys } from '../../../lib/query-keys';
import type { QaForm } from './qa-types';

export const getForms = () => api<QaForm[] | { items: QaForm[] }>('/qa/forms').then((r) => (Array.isArray(r) ? r : r.items));
export const formsQueryOptions = () => queryOptions({ queryKey: qaKeys.forms(), queryFn: getForms });
export const useForms = () => useQuery(formsQueryOptions());
