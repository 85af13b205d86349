import { evaluationDetail, kpiAnswer, agentRow, asColumns } from './support/fixtures';
import type { WeeklyReview } from '../../web/src/features/weekly-review/api/review-types';
import type { CoachingNote } from '../../web/src/features/coaching/api/coaching-types';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { ErrorNote } from '../../web/src/components/query-state';
import { ApiError } from '../../web/src/lib/api-client';
import { KpiTile } from '../../web/src/components/kpi-tile';
import { SessionGate } from '../../web/src/features/auth/session';
import { TeamPage } from '../../web/src/features/kpi-dashboard/team-page';
import { EvaluationForm } from '../../web/src/features/qa/evaluate-page';
import { WeeklyReviewPage } from '../../web/src/features/weekly-review/weekly-review-page';
import { mockApi, settings, users } from './support/mock-api';
import { renderWithProviders } from './support/render';

beforeEach(() => localStorage.clear());

describe('KpiTile', () => {
  it('shows value, target, RAG, n and a good-news arrow for a falling AHT', () => {
    renderWithProviders(<KpiTile metric="aht" value={{ value: 372, num: 372000, den: 1000, n: 1000, lowSample: false, target: 340, status: 'amber', previous: 390, delta: -18 }} />);
    const tile = screen.getByRole('article', { name: 'Average handle time' });
    expect(within(tile).getByText('6:12')).toBeInTheDocument();
    expect(within(tile).getByText('5:40')).toBeInTheDocument();
    expect(within(tile).getByText('Near target')).toBeInTheDocument();
    expect(within(tile).getByText('1,000')).toBeInTheDocument();
    const delta = tile.querySelector('.kpi-delta')!;
    expect(delta).toHaveClass('good');
    expect(delta).toHaveTextContent('▼ −0:18 vs previous period');
    expect(tile).toHaveClass('rag-amber');
  });

  it('marks a low-sample figure and gives it no colour', () => {
    renderWithProviders(<KpiTile metric="csat_pct" value={{ value: 0.6, num: 3, den: 5, n: 5, lowSample: true, target: 0.85, status: null, previous: 0.9, delta: -0.3 }} />);
    const tile = screen.getByRole('article', { name: 'Customer satisfaction (top-2-box)' });
    expect(tile).toHaveClass('rag-low');
    expect(within(tile).getAllByText('Low sample').length).toBeGreaterThan(0);
    expect(within(tile).getByText('60.0%')).toBeInTheDocument();
    expect(tile.querySelector('.kpi-delta')).toHaveClass('bad');
  });

  it('says "No target" rather than a status when the figure has no target', () => {
    renderWithProviders(<KpiTile metric="aht" value={{ value: 372, num: 372000, den: 1000, n: 1000, lowSample: false, target: null, status: 'green', previous: 390, delta: -18 }} />);
    const tile = screen.getByRole('article', { name: 'Average handle time' });
    expect(within(tile).getByText('No target')).toBeInTheDocument();
    expect(within(tile).queryByText('On target')).not.toBeInTheDocument();
    expect(tile).toHaveClass('rag-none');
  });

  it('says "no data" for a figure nothing was known to count: no RAG, no low-sample mark', () => {
    renderWithProviders(<KpiTile metric="escalation_rate" value={{ value: null, num: 0, den: 0, n: 0, lowSample: true, target: 0.1, status: null, previous: null, delta: null }} />);
    const tile = screen.getByRole('article', { name: 'Escalation rate' });
    expect(tile).toHaveClass('rag-none');
    expect(within(tile).getByText('No data')).toBeInTheDocument();
    expect(within(tile).getByText('no data')).toBeInTheDocument();
    expect(within(tile).queryByText('Low sample')).toBeNull();
  });

  it('a zero change is neutral, counts change by whole numbers, an hour or more reads as hours and minutes', () => {
    renderWithProviders(<KpiTile metric="offered" value={{ value: 120, num: 120, den: 120, n: 120, lowSample: false, target: null, status: null, previous: 110, delta: 10 }} />);
    const offered = screen.getByRole('article', { name: 'Calls offered' }).querySelector('.kpi-delta')!;
    expect(offered).toHaveTextContent('▲ +10 vs previous period');
    expect(offered).toHaveClass('flat');
  });

  it('a change that rounds to zero is ▶ ±0, not a red ▼; ASA past an hour in hours and minutes', () => {
    renderWithProviders(<KpiTile metric="asa" value={{ value: 12655, num: 12655, den: 1, n: 25, lowSample: false, target: 86400, status: 'green', previous: 12655.3, delta: -0.3 }} />, { lang: 'zh-CN' });
    const tile = screen.getByRole('article', { name: '平均应答速度 ASA' });
    expect(within(tile).getByText('3 小时 31 分钟')).toBeInTheDocument();
    expect(within(tile).getByText('24 小时')).toBeInTheDocument();
    const delta = tile.querySelector('.kpi-delta')!;
    expect(delta).toHaveClass('flat');
    expect(delta).toHaveTextContent('▶ ±0 秒');
  });

  it('labels in Chinese when the language is zh-CN', () => {
    renderWithProviders(<KpiTile metric="fcr" value={{ value: 0.9, num: 90, den: 100, n: 100, lowSample: false, target: 0.85, status: 'green', previous: 0.88, delta: 0.02 }} />, { lang: 'zh-CN' });
    expect(screen.getByText('达标')).toBeInTheDocument();
    expect(screen.getByText('目标')).toBeInTheDocument();
    expect(screen.getByText(/个百分点/)).toBeInTheDocument();
  });
});

describe('TeamPage', () => {
  const teams = [{ id: 1, name: 'Mandarin Hotline', site: { id: 1, name: 'Guangzhou' } }];
  const byAgent = [
    agentRow(1, 'Slow Sam', { aht: { value: 500, status: 'red' }, fcr: { value: 0.7, status: 'red' } }),
    agentRow(2, 'Newbie Ned', { aht: { value: 200, lowSample: true }, fcr: { value: 1, lowSample: true } }),
    agentRow(3, 'Quick Quinn', { aht: { value: 300, status: 'green' }, fcr: { value: 0.9, status: 'green' } }),
  ];

  function setup() {
    return mockApi({
      'GET /api/auth/me': users.supervisor,
      'GET /api/settings': settings,
      'GET /api/teams': teams,
      'GET /api/sites': [{ id: 1, name: 'Guangzhou' }],
      'GET /api/kpis': (c) => {
        if (c.query.get('groupBy') === 'team') return kpiAnswer([{ period: 'total', periodStart: '2026-10-19', group: { type: 'team', id: 1, name: 'Mandarin Hotline' }, metrics: {} }], 'team');
        // The agent table and trend ask for the columnar form.
        expect(c.query.get('shape')).toBe('columns');
        if (c.query.get('granularity') === 'total') return asColumns(byAgent);
        return asColumns([agentRow(1, 'Slow Sam', { aht: { value: 480 } }, '2026-W46'), agentRow(1, 'Slow Sam', { aht: { value: 520 } }, '2026-W47')]);
      },
    });
  }

  it('lists agents best AHT first, low-sample last and greyed, and re-sorts on a header click', async () => {
    const api = setup();
    renderWithProviders(
      <SessionGate>
        <TeamPage />
      </SessionGate>,
      { route: '/team' },
    );
    const table = await screen.findByRole('table');
    await within(table).findByText('Quick Quinn');
    const names = () => within(table).getAllByRole('rowheader').map((th) => th.querySelector('a')?.textContent ?? th.textContent);
    expect(names()).toEqual(['Quick Quinn', 'Slow Sam', 'Newbie Ned', 'Team figure']);
    expect(within(table).getByText('Newbie Ned').closest('tr')).toHaveClass('low-sample');
    expect(within(table).getByText('8:20').closest('td')).toHaveClass('rag-red');

    await userEvent.click(within(table).getByRole('button', { name: /^AHT/ }));
    expect(names()).toEqual(['Slow Sam', 'Quick Quinn', 'Newbie Ned', 'Team figure']);
    // the team the page shows was asked for, since none was chosen
    expect(api.find('GET', '/api/kpis').every((c) => c.query.get('teamId') === '1')).toBe(true);
    expect(screen.getByLabelText('Team')).toHaveValue('1');
  });
});

describe('EvaluationForm', () => {
  const version = {
    id: 7,
    version: 2,
    createdAt: '2026-11-01T00:00:00.000Z',
    sections: [
      {
        id: 1,
        title: 'Opening',
        items: [
          { id: 11, text: 'Greeting', kind: 'yes_no' as const, max: null, weight: 10, critical: false, naAllowed: false, guidance: null },
          { id: 12, text: 'Verified identity', kind: 'yes_no' as const, max: null, weight: 10, critical: true, naAllowed: false, guidance: null },
        ],
      },
    ],
  };

  it('updates the score as items are answered, marks critical items, and submits every answer', async () => {
    const api = mockApi({
      'GET /api/auth/me': users.supervisor,
      'GET /api/settings': settings,
      'GET /api/agents': [{ id: 9, code: 'A9', name: 'Zhang Lei', team: { id: 1, name: 'T' }, site: null, active: true }],
      'POST /api/qa/evaluations': evaluationDetail({ id: 99, status: 'draft' }),
      'POST /api/qa/evaluations/99/submit': evaluationDetail({ id: 99, status: 'submitted' }),
    });
    renderWithProviders(
      <SessionGate>
        <Routes>
          <Route path="/qa/evaluate" element={<EvaluationForm version={version} />} />
          <Route path="/evaluations/:id" element={<p>detail page</p>} />
        </Routes>
      </SessionGate>,
      { route: '/qa/evaluate' },
    );
    const score = await screen.findByTestId('live-score');
    expect(score).toHaveTextContent('0 of 2 answered');
    expect(screen.getByText('Critical').closest('.eval-item')).toHaveTextContent('Verified identity');
    const submit = screen.getByRole('button', { name: 'Submit' });
    expect(submit).toBeDisabled();

    await userEvent.click(within(screen.getByRole('radiogroup', { name: 'Greeting' })).getByLabelText('Yes'));
    expect(score).toHaveTextContent('100.0');
    await userEvent.click(within(screen.getByRole('radiogroup', { name: 'Verified identity' })).getByLabelText('No'));
    expect(score).toHaveTextContent('0.0');
    expect(score).toHaveTextContent('Auto-fail');
    await userEvent.click(within(screen.getByRole('radiogroup', { name: 'Verified identity' })).getByLabelText('Yes'));
    expect(score).toHaveTextContent('100.0');
    expect(score).not.toHaveTextContent('Auto-fail');

    fireEvent.change(await screen.findByLabelText('Agent'), { target: { value: '9' } });
    await userEvent.type(screen.getByLabelText('Comment on Greeting'), 'warm');
    await userEvent.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByText('detail page')).toBeInTheDocument();
    expect(api.find('POST', '/api/qa/evaluations')[0].body).toEqual({
      formVersionId: 7,
      agentId: 9,
      answers: [
        { itemId: 11, value: true, comment: 'warm' },
        { itemId: 12, value: true },
      ],
    });
    expect(api.find('POST', '/api/qa/evaluations/99/submit')).toHaveLength(1);
  });
});

describe('WeeklyReviewPage', () => {
  const review: WeeklyReview = {
    week: '2026-W47',
    from: '2026-11-16',
    to: '2026-11-22',
    lang: 'en',
    team: { id: 1, name: 'Mandarin Hotline' },
    metrics: { aht: { value: 385, num: 80850, den: 210, n: 210, lowSample: false, target: null, status: null, delta: -2, previous: 387, avg4w: 382 } },
    attention: [
      {
        agent: { id: 9, code: 'GZ1003', name: 'Zhang Lei' },
        severity: 16,
        level: 'high',
        reasons: [
          { rule: 'auto_fail', metric: 'qa_score', text: 'QA auto-fail this week: 1 evaluation failed on a critical item', evidence: { metrics: {}, callIds: [51923], evaluationIds: [1368], calls: [{ id: 51923, externalId: 'GZ-2026/0042' }] } },
          { rule: 'aht_above_team', metric: 'aht', text: 'AHT 8:52 vs team 6:25, 8th week in a row', evidence: { metrics: {}, callIds: [50647], evaluationIds: [], calls: [{ id: 50647, externalId: 'GZ-50647' }] } },
          {
            rule: 'forbidden_phrase',
            metric: 'forbidden_phrase_rate',
            text: 'Forbidden phrase used in 1 call this week',
            evidence: { metrics: {}, callIds: [50700], evaluationIds: [], calls: [{ id: 50700, externalId: 'GZ-50700' }], turns: [{ callId: 50700, externalId: 'GZ-50700', seq: 4, text: '<b>这不是我的责任</b>，您找别人', start: 3, end: 10 }] },
          },
        ],
      },
    ],
    recognition: [{ agent: { id: 4, code: 'GZ1006', name: 'Li Jing' }, reasons: [{ rule: 'meets_all_targets', metric: null, text: 'Met every target', evidence: { metrics: {}, callIds: [], evaluationIds: [], calls: [] } }] }],
    followUps: [
      { noteId: 3, agent: { id: 5, code: 'GZ1010', name: 'Wang Jianhua' }, metric: 'aht', rule: 'aht_above_team', noteText: 'Shorter holds', followUpDate: '2026-11-20', before: 410, now: 380, nowN: 210, nowLowSample: false, moved: 'improved', text: 'AHT 6:50 → 6:20 since the note of 2026-11-13' },
    ],
  };

  it('shows reasons with evidence links and turns an entry into a coaching note in the supervisor\'s words', async () => {
    const notes: CoachingNote[] = [];
    const api = mockApi({
      'GET /api/auth/me': users.supervisor,
      'GET /api/settings': settings,
      'GET /api/teams': [{ id: 1, name: 'Mandarin Hotline', site: null }],
      'GET /api/reviews/weekly': review,
      'GET /api/coaching-notes': () => notes,
      'POST /api/reviews/weekly/coaching': (c) => {
        const body = c.body as { text: string };
        const note = { id: 1, agent: { id: 9, code: 'GZ1003', name: 'Zhang Lei' }, author: { id: 2, name: 'Wang Fang' }, text: body.text, followUpDate: '2026-11-30', evaluationId: null, metric: 'aht', createdAt: '2026-11-23T01:00:00Z' };
        notes.push(note);
        return note;
      },
    });
    renderWithProviders(
      <SessionGate>
        <WeeklyReviewPage />
      </SessionGate>,
      { route: '/weekly-review?week=2026-W47' },
    );
    const entry = await screen.findByTestId('attention-entry');
    expect(within(entry).getByRole('link', { name: 'Zhang Lei' })).toHaveAttribute('href', '/agents/9?from=2026-08-24&to=2026-11-22&g=week');
    expect(within(entry).getByText(/8th week in a row/)).toBeInTheDocument();
    expect(within(entry).getByRole('link', { name: 'Evaluation #1368' })).toHaveAttribute('href', '/evaluations/1368');
    // Calls are named by their external id and link to their page.
    expect(within(entry).getByRole('link', { name: 'Call GZ-2026/0042' })).toHaveAttribute('href', '/calls/GZ-2026%2F0042');
    expect(within(entry).getByRole('link', { name: 'Call GZ-50647' })).toHaveAttribute('href', '/calls/GZ-50647');
    // A forbidden phrase: the turn quoted as text, the words marked.
    const quote = entry.querySelector('.turn-quote')!;
    expect(quote.textContent).toBe('<b>这不是我的责任</b>，您找别人');
    expect(quote.querySelector('b')).toBeNull();
    expect(quote.querySelector('mark')!.textContent).toBe('这不是我的责任');
    expect(within(entry).getByText('High priority')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Li Jing' })).toBeInTheDocument();
    const followUp = screen.getByTestId('follow-up');
    expect(followUp).toHaveTextContent('Wang Jianhua');
    expect(followUp).toHaveTextContent('Improved');
    expect(followUp).toHaveTextContent('AHT 6:50 → 6:20 since the note of 2026-11-13');
    const q = api.find('GET', '/api/reviews/weekly')[0].query;
    expect([q.get('week'), q.get('teamId'), q.get('lang')]).toEqual(['2026-W47', '1', 'en']);

    // The notes of the reviewed week and the week after are asked for, to show which entries have one.
    expect(api.find('GET', '/api/coaching-notes')[0].query.get('from')).toBe('2026-11-16');
    expect(api.find('GET', '/api/coaching-notes')[0].query.get('to')).toBe('2026-11-29');

    // Cancel is honest: nothing saved, nothing said.
    await userEvent.click(within(entry).getByRole('button', { name: /Coaching note/ }));
    await userEvent.click(within(entry).getByRole('button', { name: 'Cancel' }));
    expect(within(entry).queryByTestId('note-written')).not.toBeInTheDocument();
    expect(api.find('POST', '/api/reviews/weekly/coaching')).toHaveLength(0);

    await userEvent.click(within(entry).getByRole('button', { name: /Coaching note/ }));
    expect(within(entry).getByLabelText('Note')).toHaveValue('');
    await userEvent.type(within(entry).getByLabelText('Note'), 'Listen to the auto-fail call together on Tuesday');
    await userEvent.click(within(entry).getByRole('button', { name: 'Save note' }));
    expect(await within(entry).findByTestId('note-written')).toHaveTextContent('Listen to the auto-fail call together on Tuesday');
    const body = api.find('POST', '/api/reviews/weekly/coaching')[0].body as Record<string, unknown>;
    expect(body).toMatchObject({ agentId: 9, week: '2026-W47', rule: 'auto_fail', metric: 'qa_score' });
    expect(body.text).toBe('Listen to the auto-fail call together on Tuesday');
    // The review's words go along, kept beside the note (folded on the scorecard).
    expect(body.reasons).toEqual(['QA auto-fail this week: 1 evaluation failed on a critical item', 'AHT 8:52 vs team 6:25, 8th week in a row', 'Forbidden phrase used in 1 call this week']);
    // the follow-up falls after the reviewed week (which ends 2026-11-22)
    expect(String(body.followUpDate) > '2026-11-22').toBe(true);
  });
});

describe('ErrorNote', () => {
  it.each([
    [new ApiError(403, 'You can only see agents of the teams you supervise.', { code: 'forbidden_scope' }), 'You do not have access to this page.'],
    [new ApiError(403, 'This needs one of the roles: admin.', { code: 'forbidden_role' }), 'You do not have access to this page.'],
    [new ApiError(404, 'Call C-1 was not found.', { code: 'not_found' }), 'This was not found, or you do not have access to it.'],
    [new ApiError(400, 'from: expected a date YYYY-MM-DD.', { code: 'invalid_field' }), 'from: expected a date YYYY-MM-DD.'],
    [new ApiError(403, 'a 403 of a proxy, no code', undefined), 'a 403 of a proxy, no code'],
  ])('branches on the error code, not the words (%#)', (error, shown) => {
    renderWithProviders(<ErrorNote error={error} />);
    expect(screen.getByRole('alert')).toHaveTextContent(shown);
  });
});
