import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../lib/api-client';

/** Loading, empty and error states of a query, worded for a supervisor. */
export function QueryState<T>({ query, children, empty, emptyText }: { query: UseQueryResult<T>; children: (data: T) => ReactNode; empty?: (data: T) => boolean; emptyText?: string }) {
  const { t } = useTranslation();
  if (query.isPending) return <p className="page-state" aria-busy="true">{t('common.loading')}</p>;
  if (query.isError) return <ErrorNote error={query.error} />;
  if (empty?.(query.data)) return <p className="page-state muted">{emptyText ?? t('common.noData')}</p>;
  return <>{children(query.data)}</>;
}

export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const code = errorCode(error);
  if (code === 'forbidden_scope' || code === 'forbidden_role') return <p className="page-state error-text" role="alert">{t('common.forbidden')}</p>;
  if (code === 'not_found') return <p className="page-state notice" role="alert">{t('common.notFound')}</p>;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p className="page-state error-text" role="alert">
      {t('common.error')}: {message}
    </p>
  );
}
