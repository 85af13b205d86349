import { QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useCoachingNotes } from '../../web/src/features/coaching/api/get-coaching-notes';
import { useKpis } from '../../web/src/features/kpi-dashboard/api/get-kpis';
import { useKpiSummary } from '../../web/src/features/kpi-dashboard/api/get-kpi-summary';
import { useAgents } from '../../web/src/features/org/api/get-agents';
import { useEvaluationAction } from '../../web/src/features/qa/api/evaluation-actions';
import { useEvaluations } from '../../web/src/features/qa/api/get-evaluations';
import { useSettings } from '../../web/src/features/settings/api/get-settings';
import { useWeeklyReview } from '../../web/src/features/weekly-review/api/get-weekly-review';
import { invalidateAfter } from '../../web/src/lib/invalidation';
import { mockApi, Reply, settings } from './support/mock-api';
import { testQueryClient } from './support/render';

// What these screens show does not matter here, only whether each is asked for again.
const anything = new Reply(200, []);
const routes = {
  'GET /api/reviews/weekly': anything,
  'GET /api/qa/evaluations': new Reply(200, { items: [], total: 0 }),
  'GET /api/agents': anything,
  'GET /api/kpis/summary': new Reply(200, { metrics: {} }),
  'GET /api/settings': settings,
  'GET /api/coaching-notes': anything,
  'POST /api/qa/evaluations/31/acknowledge': new Reply(201, { id: 31, status: 'acknowledged' }),
};
const screens = {
  review: '/api/reviews/weekly',
  evaluations: '/api/qa/evaluations',
  agents: '/api/agents',
  kpis: '/api/kpis/summary',
  settings: '/api/settings',
  coaching: '/api/coaching-notes',
};

/** Every screen's query mounted and answered once; then `asked` says which were asked again. */
async function mountScreens() {
  const api = mockApi(routes);
  const client = testQueryClient();
  const Wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  const { result } = renderHook(
    () => [
      useWeeklyReview({ week: '2026-W47', teamId: 1, lang: 'en' }),
      useEvaluations({ agentId: 11 }),
      useAgents(),
      useKpiSummary({ from: '2026-11-16', to: '2026-11-22' }),
      useSettings(),
      useCoachingNotes({ agentId: 11 }),
    ],
    { wrapper: Wrapper },
  );
  await waitFor(() => expect(result.current.every((q) => q.isSuccess)).toBe(true));
  const askedAgain = async () => {
    await waitFor(() => expect(result.current.every((q) => !q.isFetching)).toBe(true));
    return Object.entries(screens)
      .filter(([, path]) => api.find('GET', path).length > 1)
      .map(([name]) => name)
      .sort();
  };
  return { client, Wrapper, askedAgain };
}

describe('what a change makes stale', () => {
  it('a finished import refreshes agents, figures, the weekly review and evaluations, not settings or coaching notes', async () => {
    const { client, askedAgain } = await mountScreens();
    await act(() => invalidateAfter(client, 'import'));
    expect(await askedAgain()).toEqual(['agents', 'evaluations', 'kpis', 'review']);
  });

  it('an evaluation action (acknowledge) refreshes evaluations, figures and the weekly review', async () => {
    const { Wrapper, askedAgain } = await mountScreens();
    const { result } = renderHook(() => useEvaluationAction(), { wrapper: Wrapper });
    await act(() => result.current.mutateAsync({ id: 31, action: 'acknowledge' }));
    expect(await askedAgain()).toEqual(['evaluations', 'kpis', 'review']);
  });

  it('a coaching note refreshes the notes and the weekly review only', async () => {
    const { client, askedAgain } = await mountScreens();
    await act(() => invalidateAfter(client, 'coachingNote'));
    expect(await askedAgain()).toEqual(['coaching', 'review']);
  });
});

describe('GET /api/kpis', () => {
  it('sends the queue and channel filters it is given', async () => {
    const api = mockApi({ 'GET /api/kpis': new Reply(200, { rows: [] }) });
    const client = testQueryClient();
    const Wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const { result } = renderHook(() => useKpis({ from: '2026-11-16', to: '2026-11-22', queue: 'Billing', channel: 'chat', metrics: ['aht'] }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(Object.fromEntries(api.find('GET', '/api/kpis')[0].query)).toEqual({ from: '2026-11-16', to: '2026-11-22', queue: 'Billing', channel: 'chat', metrics: 'aht' });
  });
});
