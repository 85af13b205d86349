import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setUnauthorizedHandler } from '../../lib/api-client';
import { authKeys } from '../../lib/query-keys';
import { resetSession, SessionContext } from '../../lib/session';
import { useMe } from './api/get-me';
import { LoginPage } from './login-page';

/** Shows the login page until there is a session; a 401 from any call ends the session. */
export function SessionGate({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const { t } = useTranslation();
  const me = useMe();

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (qc.getQueryData(authKeys.me())) resetSession(qc, null);
    });
  }, [qc]);

  if (me.isPending) return <p className="page-state">{t('common.loading')}</p>;
  if (me.isError) return <p className="page-state error-text">{me.error.message}</p>;
  if (!me.data) return <LoginPage />;
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}
