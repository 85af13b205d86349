import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { BrowserRouter } from 'react-router-dom';
import { SessionGate } from '../features/auth/session';
import { createI18n } from '../lib/i18n';
import { createQueryClient } from '../lib/query-client';
import { AppRoutes } from './routes';
import './app.css';

/** Query cache and language; tests pass their own (fresh client, retry off). */
export function AppProviders({ client, i18n, children }: { client?: QueryClient; i18n?: I18n; children: ReactNode }) {
  const [qc] = useState(() => client ?? createQueryClient());
  const [lang] = useState(() => i18n ?? createI18n());
  return (
    <QueryClientProvider client={qc}>
      <I18nextProvider i18n={lang}>{children}</I18nextProvider>
    </QueryClientProvider>
  );
}

export function App() {
  return (
    <AppProviders>
      <BrowserRouter>
        <SessionGate>
          <AppRoutes />
        </SessionGate>
      </BrowserRouter>
    </AppProviders>
  );
}
