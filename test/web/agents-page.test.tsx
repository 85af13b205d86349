import { kpiAnswer, agentRow } from './support/fixtures';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { SessionGate } from '../../web/src/features/auth/session';
import { AgentsPage } from '../../web/src/features/kpi-dashboard/agents-page';
import { mockApi, settings, users } from './support/mock-api';
import { renderWithProviders } from './support/render';

jest.setTimeout(30_000);

const rows = [agentRow(1, 'Li Na', { aht: { value: 300 }, fcr: { value: 0.9 } }), agentRow(2, 'Wang Fang', { aht: { value: 250 }, fcr: { value: 0.7 } }), agentRow(3, 'Chen Jie', { aht: { value: 400 }, fcr: { value: 0.8 } })];

function renderAgents() {
  const api = mockApi({
    'GET /api/auth/me': users.hr,
    'GET /api/settings': settings,
    'GET /api/teams': [{ id: 1, name: 'Mandarin Hotline', site: { id: 1, name: 'Guangzhou' } }],
    'GET /api/sites': [{ id: 1, name: 'Guangzhou' }],
    'GET /api/kpis': kpiAnswer(rows),
  });
  renderWithProviders(
    <SessionGate>
      <Routes>
        <Route path="/agents" element={<AgentsPage />} />
      </Routes>
    </SessionGate>,
    { route: '/agents?team=1' },
  );
  return api;
}

const names = () => within(screen.getByRole('table')).getAllByRole('rowheader').map((h) => within(h).getByRole('link').textContent);

describe('all agents page', () => {
  it('asks /api/kpis for every agent of the filters, then searches by code or name and sorts by a figure', async () => {
    const api = renderAgents();
    await screen.findByRole('table', undefined, { timeout: 10_000 });
    const call = api.find('GET', '/api/kpis')[0];
    expect([call.query.get('groupBy'), call.query.get('granularity'), call.query.get('teamId')]).toEqual(['agent', 'total', '1']);
    expect(names()).toEqual(['Chen Jie', 'Li Na', 'Wang Fang']);
    // AHT: lower is better, best first.
    await userEvent.selectOptions(screen.getByLabelText('Sort by'), 'aht');
    expect(names()).toEqual(['Wang Fang', 'Li Na', 'Chen Jie']);
    await userEvent.selectOptions(screen.getByLabelText('Sort by'), 'fcr');
    expect(names()).toEqual(['Li Na', 'Chen Jie', 'Wang Fang']);
    await userEvent.type(screen.getByLabelText('Search'), 'a2');
    expect(names()).toEqual(['Wang Fang']);
    expect(screen.getByTestId('agents-count')).toHaveTextContent('1 of 3 agents');
    await userEvent.clear(screen.getByLabelText('Search'));
    await userEvent.type(screen.getByLabelText('Search'), 'li');
    expect(names()).toEqual(['Li Na']);
  });
});
