import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { importKeys } from '../../../lib/query-keys';
import type { ImportJob } from './import-types';

export const listImports = () => api<ImportJob[] | { items: ImportJob[] }>('/imports').then((r) => (Array.isArray(r) ? r : r.items));
export const importsQueryOptions = () => queryOptions({ queryKey: importKeys.list(), queryFn: listImports });
export const useImports = () => useQuery(importsQueryOptions());
