import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createI18n, LANGUAGE_STORAGE_KEY } from '../../web/src/lib/i18n';
import { apiError, mockApi, Reply, settings, users } from './support/mock-api';
import { renderApp } from './support/render';

const agent11 = { id: 11, code: 'A011', name: 'Li Na', team: { id: 1, name: 'Cantonese Hotline' }, site: null, active: true };

beforeEach(() => localStorage.clear());

describe('session', () => {
  it('shows the login page without a session and signs in with the CSRF header', async () => {
    let signedIn = false;
    const api = mockApi({
      'GET /api/auth/me': () => (signedIn ? users.supervisor : apiError(401, 'not_authenticated', 'Not signed in')),
      'POST /api/auth/login': (c) => {
        signedIn = (c.body as { password: string }).password === 'right-password';
        return signedIn ? new Reply(200, { token: 't', user: users.supervisor }) : apiError(401, 'not_authenticated', 'Wrong email or password');
      },
      'GET /api/settings': settings,
      'GET /api/teams': [],
      'GET /api/sites': [],
    });
    renderApp('/');
    const email = await screen.findByLabelText('Email');
    await userEvent.type(email, 'sup@x.test');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password.');

    await userEvent.clear(screen.getByLabelText('Password'));
    await userEvent.type(screen.getByLabelText('Password'), 'right-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('navigation', { name: 'Main navigation' })).toBeInTheDocument();
    const login = api.find('POST', '/api/auth/login').at(-1)!;
    expect(login.headers['X-Requested-With']).toBe('callscope');
    expect(login.body).toEqual({ email: 'sup@x.test', password: 'right-password' });
  });

  it('sends the user back to the login page when a call answers 401', async () => {
    let expired = false;
    mockApi({
      'GET /api/auth/me': () => (expired ? apiError(401, 'not_authenticated', 'Session expired') : users.hr),
      'GET /api/settings': settings,
      'GET /api/teams': [],
      'GET /api/sites': [],
      'GET /api/kpis/summary': () => {
        expired = true;
        return apiError(401, 'not_authenticated', 'Session expired');
      },
    });
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });
});

describe('navigation by role', () => {
  const base = { 'GET /api/settings': settings, 'GET /api/teams': [{ id: 1, name: 'Cantonese Hotline', site: null }], 'GET /api/sites': [] };

  it('puts the weekly review first for a supervisor', async () => {
    mockApi({ ...base, 'GET /api/auth/me': users.supervisor });
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Weekly review', 'Overview', 'Team', 'Agents', 'Complaints', 'QA', 'AutoQA rules', 'AutoQA trust', 'Imports', 'Exports']);
  });

  it('gives hr the overview, team, all agents, complaints and HR monthly only', async () => {
    mockApi({ ...base, 'GET /api/auth/me': users.hr });
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Overview', 'Team', 'Agents', 'Complaints', 'HR monthly']);
  });

  it('gives an agent only their scorecard and their complaints, and another agent\'s URL leads back to the scorecard', async () => {
    const api = mockApi({
      ...base,
      'GET /api/auth/me': users.agent,
      'GET /api/agents/11': agent11,
      'GET /api/qa/evaluations': { items: [], total: 0 },
      'GET /api/coaching-notes': [],
    });
    renderApp('/agents/12');
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['My scorecard', 'Complaints']);
    expect(await screen.findByRole('heading', { name: 'My scorecard' })).toBeInTheDocument();
    await waitFor(() => expect(api.find('GET', '/api/agents/11')).toHaveLength(1));
    expect(api.calls.some((c) => c.path === '/api/agents/12')).toBe(false);
    expect(api.calls.some((c) => c.path === '/api/agents')).toBe(false);
  });
});

describe('language', () => {
  it('switches to Chinese, remembers it, and defaults to it next time', async () => {
    mockApi({ 'GET /api/auth/me': apiError(401, 'not_authenticated', 'no') });
    const first = renderApp('/');
    await screen.findByRole('heading', { name: 'Sign in' });
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh-CN' } });
    expect(await screen.findByRole('heading', { name: '登录' })).toBeInTheDocument();
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('zh-CN');
    first.unmount();
    expect(createI18n().language).toBe('zh-CN');
  });
});
