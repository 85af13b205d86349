import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { importKeys, type ImportJob } from './import-keys';

export const listImports = () => api<ImportJob[] | { items: ImportJob[] }>('/imports').then((r) => (Array.isArray(r) ? r : r.items));
export const importsQueryOptions = () => queryOptions({ queryKey: importKeys.list(), queryFn: listImports });
export const useImports = () => useQuery(importsQueryOptions());
