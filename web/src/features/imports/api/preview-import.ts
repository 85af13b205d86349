import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { importKeys } from '../../../lib/query-keys';
import type { ImportKind, ImportMapping, ImportPreview } from './import-types';

export interface PreviewImportInput {
  file: File;
  kind: ImportKind;
  mapping?: ImportMapping;
}

/** What the server would do with the file: its own reader and parser, nothing written. */
export function previewImport(input: PreviewImportInput): Promise<ImportPreview> {
  const form = new FormData();
  form.append('kind', input.kind);
  if (input.mapping) form.append('mapping', JSON.stringify(input.mapping));
  form.append('file', input.file, input.file.name);
  return api<ImportPreview>('/imports/preview', { method: 'POST', body: form });
}

/** The file's identity (name, size, modification time) stands for its bytes in the key. */
export const fileKey = (file: File) => `${file.name}:${file.size}:${file.lastModified}`;

export const previewImportQuery = (input: PreviewImportInput) =>
  queryOptions({
    queryKey: importKeys.preview(fileKey(input.file), input.kind, input.mapping ?? null),
    queryFn: () => previewImport(input),
    staleTime: Infinity,
  });

export function usePreviewImport(input: PreviewImportInput | null) {
  return useQuery({ ...(input ? previewImportQuery(input) : previewImportQuery({ file: new File([], ''), kind: 'calls' })), enabled: input !== null });
}
