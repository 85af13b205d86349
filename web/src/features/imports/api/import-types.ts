export type { ImportKind } from '../../../../../server/modules/ingest/domain/import-fields';
export type { ImportMapping } from '../../../../../server/modules/ingest/domain/row.parser';
export type { ImportJob, ImportPreview } from '../../../../../server/modules/ingest/import.types';
