import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { setUnauthorizedHandler } from '../../lib/api-client';
import { authKeys, resetSession, type SessionUser } from './api/auth-keys';
import { useMe } from './api/get-me';
import { LoginPage } from './login-page';
import { useTranslation } from 'react-i18next';

const SessionContext = createContext<SessionUser | null>(null);

/** The signed-in user; only rendered below <SessionGate>, so never null there. */
export function useSession(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSession outside <SessionGate>');
  return user;
}

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
