import { useTranslation } from 'react-i18next';
import { useDownloadExport, type ExportRequest } from '../features/exports/api/download-export';

/** A workbook download with its own pending and error state. */
export function ExportButton({ request, label }: { request: ExportRequest | null; label: string }) {
  const { t } = useTranslation();
  const dl = useDownloadExport();
  return (
    <span className="export-button">
      <button type="button" className="btn" disabled={!request || dl.isPending} onClick={() => request && dl.mutate(request)}>
        <span aria-hidden="true">↓ </span>
        {dl.isPending ? t('exports.preparing') : label}
      </button>
      {dl.isError && (
        <span role="alert" className="error-text small">
          {dl.error.message}
        </span>
      )}
      {dl.isSuccess && <span className="muted small">{t('exports.saved', { name: dl.data })}</span>}
    </span>
  );
}
