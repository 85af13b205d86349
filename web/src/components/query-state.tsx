import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isNotAvailable } from '../lib/api-client';

/** Loading, error and "not available yet" states of a query, worded for a supervisor. */
export function QueryState<T>({ query, children, empty, emptyText }: { query: UseQueryResult<T>; children: (data: T) => ReactNode; empty?: (data: T) => boolean; emptyText?: string }) {
  const { t } = useTranslation();
  if (query.isPending) return <p className="page-state" aria-busy="true">{t('common.loading')}</p>;
  if (query.isError) return <ErrorNote error={query.error} />;
  if (empty?.(query.data)) return <p className="page-state muted">{emptyText ?? t('common.noData')}</p>;
  return <>{children(query.data)}</>;
}

export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (isNotAvailable(error)) return <p className="page-state notice">{t('common.notAvailable')}</p>;
  if (error instanceof ApiError && error.status === 403) return <p className="page-state error-text" role="alert">{t('common.forbidden')}</p>;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p className="page-state error-text" role="alert">
      {t('common.error')}: {message}
    </p>
  );
}
