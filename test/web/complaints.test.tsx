import type { ComplaintCase } from '../../web/src/features/complaints/api/complaint-types';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { SessionGate } from '../../web/src/features/auth/session';
import { ComplaintsPage } from '../../web/src/features/complaints/complaints-page';
import { callHref, clockNow, formatSpan } from '../../web/src/features/complaints/complaint-view';
import { mockApi, settings, users } from './support/mock-api';
import { renderWithProviders } from './support/render';

beforeEach(() => localStorage.clear());

const base: Pick<ComplaintCase, 'firstResponseAt' | 'resolvedAt' | 'agent' | 'team' | 'response' | 'resolution'> = { firstResponseAt: null, resolvedAt: null, agent: { id: 11, code: 'A011', name: 'Li Na' }, team: { id: 1, name: 'Mandarin' }, response: 'met', resolution: 'pending' };
const cases: ComplaintCase[] = [
  { ...base, externalId: 'K-OVER', level: 'urgent', openedAt: '2026-11-03T01:00:00Z', category: '物流', callExternalId: 'C 1/2', responseDueAt: '2026-11-03T01:05:00Z', resolutionDueAt: '2026-11-04T01:00:00Z', status: 'overdue', response: 'overdue', resolution: 'overdue', overdueBy: 3 * 3600 + 20 * 60, remaining: null },
  { ...base, externalId: 'K-OPEN', level: '2', openedAt: '2026-11-03T02:00:00Z', category: '服务态度', callExternalId: null, responseDueAt: '2026-11-03T02:30:00Z', resolutionDueAt: '2026-11-05T02:00:00Z', status: 'open', overdueBy: null, remaining: 25 * 60 },
  { ...base, externalId: 'K-DONE', level: '1', openedAt: '2026-11-02T02:00:00Z', category: '服务态度', callExternalId: 'C9', responseDueAt: '2026-11-02T02:01:00Z', resolutionDueAt: '2026-11-03T02:00:00Z', status: 'closed', resolution: 'late', overdueBy: null, remaining: null },
];

function renderPage(lang = 'en') {
  localStorage.setItem('callscope.lang', lang);
  const api = mockApi({ 'GET /api/auth/me': users.supervisor, 'GET /api/settings': settings, 'GET /api/complaints': cases, 'GET /api/teams': [], 'GET /api/sites': [], 'GET /api/agents': [] });
  renderWithProviders(
    <SessionGate>
      <Routes>
        <Route path="/complaints" element={<ComplaintsPage />} />
      </Routes>
    </SessionGate>,
    { route: '/complaints' },
  );
  return api;
}

describe('complaints page', () => {
  it('shows the overdue queue first with the time over, open cases with the time left, and links each case to its call', async () => {
    const api = renderPage();
    const overdue = await screen.findByTestId('complaints-overdue');
    const sections = screen.getAllByTestId(/^complaints-/).map((s) => s.dataset.testid);
    expect(sections).toEqual(['complaints-overdue', 'complaints-open', 'complaints-closed']);
    const row = within(overdue).getByText('K-OVER').closest('tr')!;
    expect(within(row).getByText(/^over by 3 h 20 min$/)).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: 'C 1/2' })).toHaveAttribute('href', '/calls/C%201%2F2');
    expect(within(screen.getByTestId('complaints-open')).getByText(/^25 min left$/)).toBeInTheDocument();
    const query = api.find('GET', '/api/complaints')[0].query;
    expect(query.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('filters by grade and category on the page', async () => {
    renderPage();
    await screen.findByTestId('complaints-overdue');
    await userEvent.selectOptions(screen.getByLabelText('Grade'), 'urgent');
    expect(screen.getByText('K-OVER')).toBeInTheDocument();
    expect(screen.queryByText('K-OPEN')).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText('Grade'), '');
    await userEvent.selectOptions(screen.getByLabelText('Category'), '服务态度');
    expect(screen.queryByText('K-OVER')).toBeNull();
    expect(screen.getByText('K-DONE')).toBeInTheDocument();
  });
});

describe('complaint clock on screen', () => {
  it.each([
    [40, '40 s'],
    [60, '1 min'],
    [3600, '1 h'],
    [3 * 3600 + 20 * 60 + 59, '3 h 20 min'],
    [2 * 86_400 + 3 * 3600, '2 d 3 h'],
    [86_400 + 59, '1 d'],
  ])('%i s reads %s', (s, text) => expect(formatSpan(s, 'en')).toBe(text));

  it('moves on from the fetched figures, and a pending clock that runs out turns overdue', () => {
    expect(clockNow({ status: 'overdue', overdueBy: 100, remaining: null }, 60_000, 0)).toEqual({ kind: 'over', seconds: 160 });
    expect(clockNow({ status: 'open', overdueBy: null, remaining: 100 }, 60_000, 0)).toEqual({ kind: 'left', seconds: 40 });
    expect(clockNow({ status: 'open', overdueBy: null, remaining: 100 }, 130_000, 0)).toEqual({ kind: 'over', seconds: 30 });
    expect(clockNow({ status: 'closed', overdueBy: null, remaining: null }, 1, 0)).toEqual({ kind: 'done', seconds: 0 });
  });

  it('links to the call page with the id URL-encoded', () => {
    expect(callHref('AA0101-34536')).toBe('/calls/AA0101-34536');
    expect(callHref('呼入/1 #2')).toBe('/calls/%E5%91%BC%E5%85%A5%2F1%20%232');
  });
});
