import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { qaKeys, type QaForm } from './qa-keys';

export const getForms = () => api<QaForm[] | { items: QaForm[] }>('/qa/forms').then((r) => (Array.isArray(r) ? r : r.items));
export const formsQueryOptions = () => queryOptions({ queryKey: qaKeys.forms(), queryFn: getForms });
export const useForms = () => useQuery(formsQueryOptions());
