import type { NotificationSettings } from '../../web/src/features/notifications/api/notification-settings';
import { evaluationView } from './support/fixtures';
import type { Delivery, Schedule } from '../../web/src/features/settings/automation/api/automation-types';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SchedulesSection } from '../../web/src/features/settings/automation/schedules-section';
import { SessionGate } from '../../web/src/features/auth/session';
import { Inbox } from '../../web/src/features/notifications/inbox';
import { mockApi, settings, users } from './support/mock-api';
import { renderWithProviders } from './support/render';

const schedule: Schedule = {
  id: 4,
  kind: 'monthly',
  teamId: null,
  agentId: null,
  recipients: ['hr@x.test'],
  language: 'en',
  timezone: 'Asia/Shanghai',
  dayOfMonth: 1,
  dayOfWeek: null,
  time: '07:00',
  active: true,
  nextRunAt: '2026-12-31T23:00:00Z',
  lastDelivery: null,
};

describe('scheduled deliveries (settings)', () => {
  it('sends a schedule now and shows the delivery log with each recipient\'s outcome', async () => {
    let deliveries: Delivery[] = [];
    const api = mockApi({
      'GET /api/schedules': [schedule],
      'GET /api/teams': [],
      'GET /api/agents': [],
      'POST /api/schedules/4/run': () => {
        deliveries = [
          {
            id: 9, at: '2026-12-02T01:00:00Z', status: 'retrying', period: '2026-11', trigger: 'manual', attempts: 1, nextAttemptAt: '2026-12-02T01:01:00Z',
            recipients: [{ email: 'hr@x.test', status: 'failed', detail: '451 4.3.2 Mailbox temporarily unavailable' }, { email: 'x@elsewhere.test', status: 'skipped', detail: 'Not an active Callscope user' }],
            detail: '0 sent, 1 failed, 1 not sent',
          },
        ];
        return deliveries[0];
      },
      'GET /api/schedules/4/deliveries': () => deliveries,
    });
    renderWithProviders(<SchedulesSection />);
    const row = (await screen.findByRole('cell', { name: 'HR monthly workbook' })).closest('tr')!;
    expect(within(row).getByText('hr@x.test')).toBeInTheDocument();
    await userEvent.click(within(row).getByRole('button', { name: 'Send now' }));
    expect(api.find('POST', '/api/schedules/4/run')).toHaveLength(1);
    expect(await screen.findByText(/451 4\.3\.2 Mailbox temporarily unavailable/)).toBeInTheDocument();
    expect(screen.getByText('Will retry')).toBeInTheDocument();
    expect(screen.getByText(/x@elsewhere\.test: not sent/)).toBeInTheDocument();
  });

  it('creates a weekly schedule for a team with the weekday and recipients', async () => {
    const api = mockApi({ 'GET /api/schedules': [], 'GET /api/teams': [{ id: 2, name: 'Cantonese Hotline', site: null }], 'GET /api/agents': [], 'POST /api/schedules': (c: { body: unknown }) => ({ ...schedule, ...(c.body as object), id: 5 }) });
    renderWithProviders(<SchedulesSection />);
    await screen.findByText('No schedules yet.');
    await userEvent.selectOptions(screen.getByLabelText('Workbook'), 'weekly');
    await userEvent.selectOptions(screen.getByLabelText('Team'), await screen.findByRole('option', { name: 'Cantonese Hotline' }));
    await userEvent.selectOptions(screen.getByLabelText('Weekday'), 'Monday');
    await userEvent.type(screen.getByLabelText(/^Recipients/), 'lead@x.test, hr@x.test');
    await userEvent.click(screen.getByRole('button', { name: 'Create schedule' }));
    await waitFor(() => expect(api.find('POST', '/api/schedules')).toHaveLength(1));
    expect(api.find('POST', '/api/schedules')[0].body).toEqual({ kind: 'weekly', teamId: 2, agentId: null, recipients: ['lead@x.test', 'hr@x.test'], language: 'en', dayOfMonth: null, dayOfWeek: 1, time: '07:00' });
  });
});

describe('inbox', () => {
  it('shows the unread count, the notifications in the dashboard language, and marks one read', async () => {
    const api = mockApi({
      'GET /api/notifications': {
        unread: 1,
        items: [{ id: 12, kind: 'evaluation.new', text: 'server words', params: { score: 92.5 }, link: '/evaluations/3', at: '2026-12-02T01:00:00Z', read: false }],
      },
      'GET /api/notifications/settings': { email: false },
      'POST /api/notifications/12/read': () => undefined,
      'PATCH /api/notifications/settings': (c) => c.body as NotificationSettings,
      'GET /api/auth/me': users.supervisor,
      'GET /api/settings': settings,
    });
    renderWithProviders(
      <SessionGate>
        <Inbox />
      </SessionGate>,
      { lang: 'zh-CN' },
    );
    const button = await screen.findByRole('button', { name: '消息，1 条未读' });
    await userEvent.click(button);
    expect(screen.getByText('您有一条新的质检评估（得分 92.5）。')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '标为已读' }));
    expect(api.find('POST', '/api/notifications/12/read')).toHaveLength(1);
    await userEvent.click(screen.getByRole('checkbox', { name: '同时通过电子邮件通知我' }));
    await waitFor(() => expect(api.find('PATCH', '/api/notifications/settings')[0]?.body).toEqual({ email: true }));
  });
});

describe('agent inbox (issue 19)', () => {
  it('lists the evaluations awaiting acknowledgement above the notifications, one badge counting each once', async () => {
    const awaiting = evaluationView({ id: 3, status: 'submitted', score: 0, autoFail: true, callExternalId: 'C-100', submittedAt: '2026-12-02T01:00:00Z', agent: { id: 11, code: 'A011', name: 'Li Na' } });
    const api = mockApi({
      'GET /api/auth/me': users.agent,
      'GET /api/settings': settings,
      'GET /api/qa/evaluations': { items: [awaiting], total: 1 },
      'GET /api/notifications': {
        unread: 2,
        items: [
          { id: 12, kind: 'evaluation.new', text: 'x', params: { evaluationId: 3, score: 0 }, link: '/evaluations/3', at: '2026-12-02T01:00:00Z', read: false },
          { id: 13, kind: 'dispute.resolved', text: 'y', params: { evaluationId: 2, score: 80, outcome: 'stands' }, link: '/evaluations/2', at: '2026-12-01T01:00:00Z', read: false },
        ],
      },
      'GET /api/notifications/settings': { email: false },
    });
    renderWithProviders(
      <SessionGate>
        <Inbox />
      </SessionGate>,
    );
    // 1 awaiting + 1 resolved dispute; the "new evaluation" notice of #3 is the same thing as the awaiting entry.
    const button = await screen.findByRole('button', { name: 'Inbox, 2 unread' });
    expect(within(button).getByText('2')).toBeInTheDocument();
    expect(api.find('GET', '/api/qa/evaluations')[0].query.get('status')).toBe('submitted');
    await userEvent.click(button);
    const section = screen.getByTestId('inbox-awaiting');
    expect(within(section).getByRole('link', { name: /Evaluation of .*: 0\.0/ })).toHaveAttribute('href', '/evaluations/3');
    expect(section).toHaveTextContent('Call C-100');
    expect(section).toHaveTextContent('Auto-fail');
  });
});
