import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { AppProviders } from '../../../web/src/app/App';
import { AppRoutes } from '../../../web/src/app/routes';
import { SessionGate } from '../../../web/src/features/auth/session';
import { createI18n, type Language } from '../../../web/src/lib/i18n';

/** A fresh cache per test, never retrying, so a failure shows at once. */
export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } } });
}

export function renderWithProviders(ui: ReactNode, { route = '/', lang = 'en' as Language } = {}) {
  const client = testQueryClient();
  const i18n = createI18n(lang);
  const result = render(
    <AppProviders client={client} i18n={i18n}>
      <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
    </AppProviders>,
  );
  return { ...result, client, i18n };
}

/** The whole app (session gate + routes) at a URL. */
export function renderApp(route = '/', lang: Language = 'en') {
  return renderWithProviders(
    <SessionGate>
      <AppRoutes />
    </SessionGate>,
    { route, lang },
  );
}
