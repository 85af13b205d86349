import type { EvaluationDetail } from '../../web/src/features/qa/api/qa-types';
import { type Routes as MockRoutes, apiError, mockApi, Reply, settings, users } from './support/mock-api';
import { qaForm, evaluationDetail } from './support/fixtures';
import type { Calibration } from '../../web/src/features/qa/api/get-calibrations';
import type { User } from '../../web/src/features/settings/api/settings-types';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, Route, Routes } from 'react-router-dom';
import { SessionGate } from '../../web/src/features/auth/session';
import { EvaluationDetailPage } from '../../web/src/features/qa/evaluation-detail-page';
import { FormEditorPage } from '../../web/src/features/qa/form-editor-page';
import { QaPage } from '../../web/src/features/qa/qa-page';
import { fromDrafts, SettingsPage } from '../../web/src/features/settings/settings-page';
import { UsersPage } from '../../web/src/features/settings/users-page';
import { renderWithProviders } from './support/render';

beforeEach(() => localStorage.clear());

const detail = evaluationDetail({
  id: 31,
  source: 'app',
  status: 'submitted',
  score: 0,
  autoFail: true,
  agent: { id: 11, code: 'A011', name: 'Li Na' },
  evaluator: { id: 3, name: 'Wang Fang' },
  evaluatorLabel: null,
  form: { id: 1, name: 'Call QA', versionId: 4, version: 1 },
  formLabel: null,
  callExternalId: 'C-100',
  comment: 'Identity not checked',
  submittedAt: '2026-11-20T02:00:00Z',
  disputeReason: null,
  disputeItems: [],
  unansweredItemIds: [],
  disputeDeadline: '2099-12-31T00:00:00Z',
  createdAt: '2026-11-20T01:00:00Z',
  earned: 10,
  possible: 30,
  sections: [
    {
      id: 1,
      title: 'Opening',
      earned: 10,
      possible: 30,
      score: 33.3,
      items: [
        { id: 1, text: 'Greeting', kind: 'yes_no', max: null, weight: 10, critical: false, naAllowed: false, guidance: null, value: true, comment: 'friendly', earned: 10, possible: 10, na: false, failedCritical: false },
        { id: 2, text: 'Verified identity', kind: 'yes_no', max: null, weight: 20, critical: true, naAllowed: false, guidance: null, value: false, comment: null, earned: 0, possible: 20, na: false, failedCritical: true },
      ],
    },
  ],
  history: [],
});

function renderDetail(user: (typeof users)[keyof typeof users], routes: MockRoutes) {
  const api = mockApi({ 'GET /api/auth/me': user, 'GET /api/settings': settings, 'GET /api/qa/evaluations/31': detail, ...routes });
  renderWithProviders(
    <SessionGate>
      <Routes>
        <Route path="/evaluations/:evaluationId" element={<EvaluationDetailPage />} />
      </Routes>
    </SessionGate>,
    { route: '/evaluations/31' },
  );
  return api;
}

describe('evaluation detail', () => {
  it('shows every item with answer, points and comment, the failed critical item marked', async () => {
    renderDetail(users.agent, {});
    const row = (await screen.findByText('Verified identity')).closest('tr')!;
    expect(row).toHaveClass('failed-critical');
    expect(within(row).getByText('Critical')).toBeInTheDocument();
    expect(within(row).getByText('No')).toBeInTheDocument();
    expect(within(row).getByText('0.0 / 20.0')).toBeInTheDocument();
    const greeting = screen.getByText('Greeting').closest('tr')!;
    expect(within(greeting).getByText('friendly')).toBeInTheDocument();
    expect(screen.getByLabelText('Score')).toHaveTextContent('0.0Auto-fail');
  });

  it('lets the agent dispute their own evaluation with a reason', async () => {
    let current: EvaluationDetail = detail;
    const api = renderDetail(users.agent, {
      'GET /api/qa/evaluations/31': () => current,
      'POST /api/qa/evaluations/31/dispute': () => (current = { ...detail, status: 'disputed', disputeReason: 'Verified in the previous call' }),
    });
    expect(await screen.findByRole('button', { name: '✓ Acknowledge…' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Dispute' }));
    await userEvent.type(screen.getByLabelText('Reason for the dispute'), 'Verified in the previous call');
    await userEvent.click(screen.getByRole('button', { name: 'Send dispute (items: 0)' }));
    expect(await screen.findByText('Disputed')).toBeInTheDocument();
    expect(api.find('POST', '/api/qa/evaluations/31/dispute')[0].body).toEqual({ reason: 'Verified in the previous call' });
    expect(screen.queryByRole('button', { name: 'Dispute' })).not.toBeInTheDocument();
  });

  it('asks before acknowledging, showing the score and the auto-fail; cancel sends nothing', async () => {
    let current: EvaluationDetail = detail;
    const api = renderDetail(users.agent, {
      'GET /api/qa/evaluations/31': () => current,
      'POST /api/qa/evaluations/31/acknowledge': () => (current = { ...detail, status: 'acknowledged' }),
    });
    await userEvent.click(await screen.findByRole('button', { name: '✓ Acknowledge…' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('You accept a score of 0.0.');
    expect(dialog).toHaveTextContent('A critical item failed');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(api.find('POST', '/api/qa/evaluations/31/acknowledge')).toHaveLength(0);
    // Dispute is still there after cancelling.
    expect(screen.getByRole('button', { name: 'Dispute' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '✓ Acknowledge…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, acknowledge' }));
    expect(await screen.findByText('Acknowledged')).toBeInTheDocument();
    expect(api.find('POST', '/api/qa/evaluations/31/acknowledge')).toHaveLength(1);
  });

  it('disputes picked items with a reason each; sending waits for every reason', async () => {
    let current: EvaluationDetail = detail;
    const api = renderDetail(users.agent, { 'GET /api/qa/evaluations/31': () => current, 'POST /api/qa/evaluations/31/dispute': () => (current = { ...detail, status: 'disputed' }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Dispute' }));
    await userEvent.type(screen.getByLabelText('Reason for the dispute'), 'Two answers are wrong');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Greeting' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Verified identity' }));
    const send = screen.getByRole('button', { name: 'Send dispute (items: 2)' });
    expect(send).toBeDisabled();
    await userEvent.type(screen.getByLabelText('Why Greeting is wrong'), 'I greeted the caller');
    await userEvent.type(screen.getByLabelText('Why Verified identity is wrong'), 'Checked in the first minute');
    await userEvent.click(send);
    await screen.findByText('Disputed');
    expect(api.find('POST', '/api/qa/evaluations/31/dispute')[0].body).toEqual({
      reason: 'Two answers are wrong',
      items: [
        { itemId: 1, reason: 'I greeted the caller' },
        { itemId: 2, reason: 'Checked in the first minute' },
      ],
    });
  });

  it('gives a supervisor no acknowledge or dispute buttons', async () => {
    renderDetail(users.supervisor, {});
    await screen.findByText('Verified identity');
    expect(screen.queryByRole('button', { name: /Acknowledge/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Dispute' })).not.toBeInTheDocument();
  });
});

describe('resolving a dispute', () => {
  const disputed: EvaluationDetail = { ...detail, status: 'disputed', disputeReason: 'I verified the caller in the previous call' };

  it('accepts with re-scored answers: the live score follows the edits and only changed answers are sent', async () => {
    let current: EvaluationDetail = disputed;
    const api = renderDetail(users.supervisor, {
      'GET /api/qa/evaluations/31': () => current,
      'POST /api/qa/evaluations/31/resolve': () => (current = { ...disputed, status: 'resolved', score: 100, autoFail: false }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Resolve dispute' }));
    const live = screen.getByTestId('live-score');
    // as scored: identity (critical) failed -> auto-fail, 0
    expect(live).toHaveTextContent('0.0');
    expect(live).toHaveTextContent('Auto-fail');
    expect(screen.getByRole('button', { name: 'Accept with these answers' })).toBeDisabled();
    await userEvent.click(within(screen.getByRole('radiogroup', { name: 'Verified identity' })).getByLabelText('Yes'));
    // greeting 10 of 10 + identity 20 of 20 -> 100
    expect(live).toHaveTextContent('100.0');
    expect(live).not.toHaveTextContent('Auto-fail');
    await userEvent.type(screen.getByLabelText('Resolution note'), 'Identity was checked earlier in the call');
    await userEvent.click(screen.getByRole('button', { name: 'Accept with these answers' }));
    expect(await screen.findByText('Resolved')).toBeInTheDocument();
    expect(api.find('POST', '/api/qa/evaluations/31/resolve')[0].body).toEqual({ note: 'Identity was checked earlier in the call', answers: [{ itemId: 2, value: true }] });
  });

  it('rejects with a note and no answers, even after trying an edit', async () => {
    let current: EvaluationDetail = disputed;
    const api = renderDetail(users.supervisor, {
      'GET /api/qa/evaluations/31': () => current,
      'POST /api/qa/evaluations/31/resolve': () => (current = { ...disputed, status: 'resolved' }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Resolve dispute' }));
    await userEvent.click(within(screen.getByRole('radiogroup', { name: 'Greeting' })).getByLabelText('No'));
    expect(screen.getByRole('button', { name: 'Reject, keep the score' })).toBeDisabled();
    await userEvent.type(screen.getByLabelText('Resolution note'), 'The recording shows no check');
    await userEvent.click(screen.getByRole('button', { name: 'Reject, keep the score' }));
    expect(await screen.findByText('Resolved')).toBeInTheDocument();
    expect(api.find('POST', '/api/qa/evaluations/31/resolve')[0].body).toEqual({ note: 'The recording shows no check' });
  });

  it('puts the agent\'s reason and the disputed items, with their reasons, above the rest', async () => {
    renderDetail(users.supervisor, {
      'GET /api/qa/evaluations/31': { ...disputed, disputeReason: 'Identity was checked', disputeItems: [{ itemId: 2, reason: 'Checked in the first minute' }] },
    });
    const summary = await screen.findByTestId('dispute-summary');
    expect(summary).toHaveTextContent('Identity was checked');
    expect(summary).toHaveTextContent('Verified identity: Checked in the first minute');
    await userEvent.click(screen.getByRole('button', { name: 'Resolve dispute' }));
    const first = screen.getByTestId('disputed-items');
    expect(within(first).getByRole('radiogroup', { name: 'Verified identity' })).toBeInTheDocument();
    expect(within(first).queryByRole('radiogroup', { name: 'Greeting' })).not.toBeInTheDocument();
    expect(within(first).getByText('Agent: Checked in the first minute')).toBeInTheDocument();
    // The other items follow, folded.
    expect(screen.getByText('Other items (1)')).toBeInTheDocument();
  });

  it('an imported evaluation (no answers) can only be rejected', async () => {
    renderDetail(users.supervisor, { 'GET /api/qa/evaluations/31': { ...disputed, source: 'import', form: null, formLabel: 'Legacy QA', sections: [] } });
    await userEvent.click(await screen.findByRole('button', { name: 'Resolve dispute' }));
    expect(screen.getByText(/no answers to change/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Accept with these answers' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reject, keep the score' })).toBeInTheDocument();
  });
});

describe('settings', () => {
  it('edits proportions as percentages and sends fractions', async () => {
    const api = mockApi({
      'GET /api/auth/me': users.admin,
      'GET /api/settings': settings,
      'GET /api/teams': [{ id: 1, name: 'Mandarin Hotline', site: null }],
      'PATCH /api/settings': (c) => ({ ...settings, ...(c.body as object), updatedAt: '2026-11-23T00:00:00Z' }),
    });
    renderWithProviders(
      <SessionGate>
        <SettingsPage />
      </SessionGate>,
      { route: '/settings' },
    );
    const fcr = await screen.findByLabelText('First contact resolution Target');
    expect(fcr).toHaveValue(85);
    await userEvent.clear(fcr);
    await userEvent.type(fcr, '87.5');
    // the registry's default is the placeholder where nothing is stored
    expect(screen.getByLabelText('QA score Target')).toHaveAttribute('placeholder', '90');
    await userEvent.type(screen.getByLabelText('QA score Target'), '92');
    fireEvent.change(screen.getByLabelText('FCR method'), { target: { value: 'repeat' } });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Saved/)).toBeInTheDocument();
    const body = api.find('PATCH', '/api/settings')[0].body as { targets: { org: Record<string, { target: number; tolerance?: number }> }; fcrMethod: string };
    expect(body.fcrMethod).toBe('repeat');
    expect(body.targets.org.fcr).toEqual({ target: 0.875, tolerance: 0.02 });
    expect(body.targets.org.qa_score).toEqual({ target: 92 });
    expect(api.find('PATCH', '/api/settings')[0].headers['X-Requested-With']).toBe('callscope');
  });
});

describe('settings: unsaved changes', () => {
  jest.setTimeout(30_000);
  function renderSettingsWithNav() {
    mockApi({ 'GET /api/auth/me': users.admin, 'GET /api/settings': settings, 'GET /api/teams': [] });
    renderWithProviders(
      <SessionGate>
        <Link to="/team">Team page</Link>
        <Routes>
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="/team" element={<p>The team page</p>} />
        </Routes>
      </SessionGate>,
      { route: '/settings' },
    );
  }
  afterEach(() => jest.restoreAllMocks());

  it('asks before leaving with an edited target, stays when told to, leaves when confirmed', async () => {
    renderSettingsWithNav();
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(false);
    const fcr = await screen.findByLabelText('First contact resolution Target', undefined, { timeout: 10000 });
    // Unchanged: no question asked.
    const untouched = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(untouched);
    expect(untouched.defaultPrevented).toBe(false);
    await userEvent.clear(fcr);
    await userEvent.type(fcr, '90');
    expect(screen.getByTestId('unsaved')).toHaveTextContent('You have unsaved changes.');
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
    await userEvent.click(screen.getByRole('link', { name: 'Team page' }));
    expect(confirm).toHaveBeenCalledWith('You have unsaved changes to the settings. Leave this page and lose them?');
    expect(screen.queryByText('The team page')).not.toBeInTheDocument();
    expect(screen.getByLabelText('First contact resolution Target')).toHaveValue(90);
    confirm.mockReturnValue(true);
    await userEvent.click(screen.getByRole('link', { name: 'Team page' }));
    expect(await screen.findByText('The team page')).toBeInTheDocument();
  });

  it('does not ask once the edit is undone', async () => {
    renderSettingsWithNav();
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(false);
    const fcr = await screen.findByLabelText('First contact resolution Target', undefined, { timeout: 10000 });
    await userEvent.clear(fcr);
    await userEvent.type(fcr, '90');
    await userEvent.clear(fcr);
    await userEvent.type(fcr, '85');
    expect(screen.queryByTestId('unsaved')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('link', { name: 'Team page' }));
    expect(confirm).not.toHaveBeenCalled();
    expect(await screen.findByText('The team page')).toBeInTheDocument();
  });
});

describe('settings targets', () => {
  it('an emptied target removes the override, a team gets its own, metrics not on the page are kept', () => {
    const saved = { org: { aht: { target: 1.1 }, fcr: { target: 0.85 } }, teams: { '3': { fcr: { target: 0.9 } } } };
    const drafts = { org: { fcr: { target: '', tolerance: '' } }, '3': { csat_avg: { target: '4.5', tolerance: '0.1' } } };
    expect(fromDrafts(saved, drafts)).toEqual({ org: { aht: { target: 1.1 } }, teams: { '3': { fcr: { target: 0.9 }, csat_avg: { target: 4.5, tolerance: 0.1 } } }, channels: {} });
  });

  it('a channel gets its own targets (ASA in seconds), kept apart from teams', () => {
    const saved = { org: {}, teams: {}, channels: { chat: { asa: { target: 45 } } } };
    const drafts = { 'channel:email': { asa: { target: '7200', tolerance: '600' } }, 'channel:chat': { asa: { target: '', tolerance: '' } } };
    expect(fromDrafts(saved, drafts)).toEqual({ org: {}, teams: {}, channels: { email: { asa: { target: 7200, tolerance: 600 } } } });
  });
});

describe('QA form editor', () => {
  it('tells a supervisor why the form is read-only', async () => {
    const form = qaForm({ id: 8, name: 'Chat QA', versionId: 20, sections: [{ id: 1, title: 'Opening', items: [{ id: 1, text: 'Greeting', kind: 'yes_no', max: null, weight: 5, critical: false, naAllowed: false, guidance: null }] }] });
    mockApi({ 'GET /api/auth/me': users.supervisor, 'GET /api/settings': settings, 'GET /api/qa/forms/8': form });
    renderWithProviders(
      <SessionGate>
        <Routes>
          <Route path="/qa/forms/:formId" element={<FormEditorPage />} />
        </Routes>
      </SessionGate>,
      { route: '/qa/forms/8' },
    );
    expect(await screen.findByTestId('form-read-only')).toHaveTextContent('changed by an administrator');
    expect(screen.getByDisplayValue('Greeting')).toBeDisabled();
    expect(screen.queryByRole('button', { name: /Save/ })).not.toBeInTheDocument();
  });

  it('builds a form of sections and items and posts it', async () => {
    const api = mockApi({
      'GET /api/auth/me': users.admin,
      'GET /api/settings': settings,
      'POST /api/qa/forms': qaForm({ id: 8, name: 'Chat QA', versionId: 20, sections: [] }),
      'GET /api/qa/forms/8': qaForm({ id: 8, name: 'Chat QA', versionId: 20, sections: [] }),
    });
    renderWithProviders(
      <SessionGate>
        <Routes>
          <Route path="/qa/forms/:formId" element={<FormEditorPage />} />
        </Routes>
      </SessionGate>,
      { route: '/qa/forms/new' },
    );
    await userEvent.type(await screen.findByLabelText('Form name'), 'Chat QA');
    await userEvent.type(screen.getByPlaceholderText('Section title'), 'Opening');
    await userEvent.type(screen.getByLabelText('Item text'), 'Greeting');
    await userEvent.click(screen.getByRole('button', { name: '+ Add item' }));
    const texts = screen.getAllByLabelText('Item text');
    await userEvent.type(texts[1], 'Tone');
    fireEvent.change(screen.getAllByLabelText('Kind')[1], { target: { value: 'scale' } });
    await userEvent.click(screen.getAllByLabelText('Critical')[0]);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/Saved/);
    expect(api.find('POST', '/api/qa/forms')[0].body).toEqual({
      name: 'Chat QA',
      sections: [
        {
          title: 'Opening',
          items: [
            { text: 'Greeting', kind: 'yes_no', max: null, weight: 10, critical: true, naAllowed: false },
            { text: 'Tone', kind: 'scale', max: 5, weight: 10, critical: false, naAllowed: false },
          ],
        },
      ],
    });
  });
});

describe('QA page', () => {
  it('lists the disputes queue and shows a calibration report by evaluator and item', async () => {
    const calibration: Calibration = { id: 2, createdBy: 3, status: 'closed', call: { id: 5, externalId: 'C-77', startedAt: '2026-11-10T02:00:00Z' }, agent: { id: 9, code: 'A9', name: 'Zhang Lei' }, formVersionId: 4, createdAt: '2026-11-10T03:00:00Z', closedAt: '2026-11-12T03:00:00Z', evaluators: [] };
    mockApi({
      'GET /api/auth/me': users.supervisor,
      'GET /api/settings': settings,
      'GET /api/qa/forms': [qaForm({ id: 1, name: 'Call QA', versionId: 4, sections: [{ id: 1, title: 'Opening', items: detail.sections[0].items }] })],
      'GET /api/qa/evaluations': (c) => (c.query.get('status') === 'disputed' ? { items: [{ ...detail, status: 'disputed', disputeReason: 'Verified earlier', disputedAt: '2026-11-21T02:00:00Z' }], total: 1 } : { items: [], total: 0 }),
      'GET /api/qa/calibrations': [calibration],
      'GET /api/qa/samples': [],
      'GET /api/agents': [],
      'GET /api/qa/calibrations/2/report': {
        calibration,
        meanScore: 80,
        evaluators: [
          { evaluatorId: 3, name: 'Wang Fang', evaluationId: 40, score: 90, autoFail: false, deviation: 10, meanItemDeviation: 5 },
          { evaluatorId: 4, name: 'Zhou Jing', evaluationId: 41, score: 70, autoFail: false, deviation: -10, meanItemDeviation: -5 },
        ],
        items: [{ itemId: 1, text: 'Greeting', sectionTitle: 'Opening', mean: 50, spread: 100, evaluators: [] }],
      },
    });
    renderWithProviders(
      <SessionGate>
        <QaPage />
      </SessionGate>,
      { route: '/qa' },
    );
    const disputes = (await screen.findByRole('heading', { name: /Disputes queue/ })).closest('section')!;
    expect(await within(disputes).findByText('Verified earlier')).toBeInTheDocument();
    // Two evaluations of the same minute are told apart by their call.
    expect(within(disputes).getByText('C-100')).toBeInTheDocument();
    expect(within(disputes).getByRole('link', { name: 'Li Na' })).toHaveAttribute('href', '/evaluations/31');

    const row = await screen.findByTestId('calibration-row');
    expect(row).toHaveTextContent('#2 · Call C-77 · Zhang Lei');
    fireEvent.click(within(row).getByRole('button', { name: 'Report' }));
    const wang = (await screen.findByRole('link', { name: 'Wang Fang' })).closest('tr')!;
    expect(within(wang).getByText('90.0')).toBeInTheDocument();
    expect(within(wang).getByText('10.0')).toHaveClass('rag-amber');
    expect(screen.getByText('-10.0')).toBeInTheDocument();
    const greeting = screen.getByText('Greeting').closest('tr')!;
    expect(within(greeting).getByText('100')).toHaveClass('rag-red');
  });
});

describe('users page', () => {
  const teams = [
    { id: 1, name: 'Billing', site: null },
    { id: 2, name: 'Tech', site: null },
  ];
  const agents = [{ id: 11, code: 'A011', name: 'Li Na', team: { id: 1, name: 'Billing' }, site: null, active: true }];
  const list: User[] = [
    { id: 3, email: 'sup@x.test', name: 'Wang Fang', role: 'supervisor', agentId: null, teamIds: [1], active: true },
    { id: 8, email: 'new@x.test', name: 'Zhou Min', role: 'hr', agentId: null, teamIds: [], active: true },
  ];

  /** PATCH answers `reply` (the updated user, or a Reply for an error), which the next list shows. */
  function renderUsers(reply: (typeof list)[number] | Reply) {
    let current = list;
    const patch = () => {
      if (!(reply instanceof Reply)) current = current.map((u) => (u.id === reply.id ? reply : u));
      return reply;
    };
    const api = mockApi({
      'GET /api/auth/me': users.admin,
      'GET /api/settings': settings,
      'GET /api/teams': teams,
      'GET /api/agents': agents,
      'GET /api/users': () => current,
      'PATCH /api/users/3': patch,
      'PATCH /api/users/8': patch,
    });
    renderWithProviders(
      <SessionGate>
        <UsersPage />
      </SessionGate>,
    );
    return api;
  }

  it("edits a supervisor's name and teams, sending only what changed", async () => {
    const api = renderUsers({ ...list[0], name: 'Wang Fang (lead)', teamIds: [1, 2] });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Wang Fang' }));
    const form = screen.getByRole('form', { name: 'Edit Wang Fang' });
    expect(within(form).getByRole('button', { name: 'Save' })).toBeDisabled();
    const name = within(form).getByLabelText('Name');
    await userEvent.clear(name);
    await userEvent.type(name, 'Wang Fang (lead)');
    await userEvent.click(within(form).getByLabelText('Tech'));
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Billing, Tech')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Edit Wang Fang' })).not.toBeInTheDocument();
    expect(api.find('PATCH', '/api/users/3').map((c) => c.body)).toEqual([{ name: 'Wang Fang (lead)', teamIds: [1, 2] }]);
  });

  it('makes a user an agent linked to an agent record', async () => {
    const api = renderUsers({ ...list[1], role: 'agent', agentId: 11 });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Zhou Min' }));
    const form = screen.getByRole('form', { name: 'Edit Zhou Min' });
    await userEvent.selectOptions(within(form).getByLabelText('Role'), 'agent');
    await userEvent.selectOptions(within(form).getByLabelText('Agent'), '11');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('A011')).toBeInTheDocument();
    expect(api.find('PATCH', '/api/users/8')[0].body).toEqual({ role: 'agent', agentId: 11 });
  });

  it('shows the server refusing a change in the edit form', async () => {
    renderUsers(apiError(409, 'conflict', 'agentId: agent 11 already has the login li@x.test.'));
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Zhou Min' }));
    const form = screen.getByRole('form', { name: 'Edit Zhou Min' });
    await userEvent.selectOptions(within(form).getByLabelText('Role'), 'agent');
    await userEvent.selectOptions(within(form).getByLabelText('Agent'), '11');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('agent 11 already has the login');
  });
});
