export type { ImportKind } from '../../../../../server/modules/ingest/domain/import-fields';
export type { ImportMapping } from '../../../../../server/modules/ingest/domain/row.parser';
export type { ImportJob, ImportPreview } from '../../../../../server/modules/ingest/import.types';

export const importKeys = {
  all: ['imports'] as const,
  list: () => [...importKeys.all, 'list'] as const,
  job: (id: number | string) => [...importKeys.all, 'job', String(id)] as const,
  preview: (file: string, kind: string, mapping: unknown) => [...importKeys.all, 'preview', file, kind, mapping] as const,
};
