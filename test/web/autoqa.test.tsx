import { qaForm } from './support/fixtures';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { AgreementPage } from '../../web/src/features/autoqa/agreement-page';
import { parseTranscript } from '../../web/src/features/autoqa/parse-transcript';
import { RuleSetPage } from '../../web/src/features/autoqa/rule-set-page';
import { trustVerdict } from '../../web/src/features/autoqa/trust';
import { SessionGate } from '../../web/src/features/auth/session';
import { AgentFindings } from '../../web/src/features/agents/agent-findings';
import { CallPage, safeRecordingUrl } from '../../web/src/features/calls/call-page';
import { splitHighlights } from '../../web/src/lib/highlight-spans';
import { TranscriptView } from '../../web/src/components/transcript-view';
import { prefillAnswers } from '../../web/src/features/qa/autoqa-prefill';
import { EvaluatePage } from '../../web/src/features/qa/evaluate-page';
import type { FormVersion } from '../../web/src/features/qa/api/qa-types';
import { agreementFixture, callFixture, ruleSetFixture } from './support/autoqa-fixtures';
import { mockApi, Reply, settings, users } from './support/mock-api';
import { renderWithProviders } from './support/render';

beforeEach(() => localStorage.clear());

const seg = (text: string, spans: Array<[number, number, string]>) => splitHighlights(text, spans.map(([start, end, key]) => ({ start, end, key }))).map((s) => [s.text, s.marks.join('+')]);

describe('evidence spans cut the original text', () => {
  it.each<[string, string, Array<[number, number, string]>, Array<[string, string]>]>([
    ['no span: one plain run', 'hello', [], [['hello', '']]],
    ['one span in the middle', '请问您好吗', [[2, 4, 'g']], [['请问', ''], ['您好', 'g'], ['吗', '']]],
    ['two spans in one turn', '这不是我的责任，没办法', [[0, 7, 'f'], [8, 11, 'f']], [['这不是我的责任', 'f'], ['，', ''], ['没办法', 'f']]],
    ['adjacent spans stay separate runs', 'abcdef', [[0, 3, 'a'], [3, 6, 'b']], [['abc', 'a'], ['def', 'b']]],
    ['overlapping spans: the overlap carries both', 'abcdef', [[0, 4, 'a'], [2, 6, 'b']], [['ab', 'a'], ['cd', 'a+b'], ['ef', 'b']]],
    ['a span inside another', 'abcdef', [[0, 6, 'a'], [2, 3, 'b']], [['ab', 'a'], ['c', 'a+b'], ['def', 'a']]],
    ['the same span for two rules', 'abc', [[0, 3, 'a'], [0, 3, 'b']], [['abc', 'a+b']]],
    ['out of range is clamped, empty dropped', 'abc', [[-2, 1, 'a'], [2, 99, 'b'], [2, 2, 'c']], [['a', 'a'], ['b', ''], ['c', 'b']]],
    // 😀 is two UTF-16 code units (1..3); a boundary inside it moves outward, never splitting the pair.
    ['surrogate pair kept whole when a span starts inside it', 'a😀b', [[2, 4, 'x']], [['a', ''], ['😀b', 'x']]],
    ['surrogate pair kept whole when a span ends inside it', 'a😀b', [[0, 2, 'x']], [['a😀', 'x'], ['b', '']]],
    ['spans around an astral character', '𠮷野家', [[0, 2, 'x'], [2, 4, 'y']], [['𠮷', 'x'], ['野家', 'y']]],
  ])('%s', (_name, text, spans, expected) => {
    expect(seg(text, spans)).toEqual(expected);
    // The runs always rebuild the text exactly.
    expect(splitHighlights(text, spans.map(([start, end, key]) => ({ start, end, key }))).map((s) => s.text).join('')).toBe(text);
  });
});

describe('a transcript pasted into "try it"', () => {
  it.each<[string, string, Array<[number, number | null, string, string]>, Array<[number, string]>]>([
    ['speaker lines', 'agent: 您好\ncustomer: 我要投诉', [[0, null, 'agent', '您好'], [1, null, 'customer', '我要投诉']], []],
    ['offsets [mm:ss], [h:mm:ss] and seconds', '[00:12] agent: hi\n[1:02:03] customer: yo\n[7.5] system: beep', [[0, 12, 'agent', 'hi'], [1, 3723, 'customer', 'yo'], [2, 7.5, 'system', 'beep']], []],
    ['Chinese speaker names and a full-width colon', '坐席：您好\n客户：你好\n系统：转接', [[0, null, 'agent', '您好'], [1, null, 'customer', '你好'], [2, null, 'system', '转接']], []],
    ['speaker case does not matter', 'Agent: Hello\nCUSTOMER: Hi', [[0, null, 'agent', 'Hello'], [1, null, 'customer', 'Hi']], []],
    ['a line without a speaker continues the turn above', 'agent: line one\nline two: still agent\n\ncustomer: ok', [[0, null, 'agent', 'line one\nline two: still agent'], [1, null, 'customer', 'ok']], []],
    ['text before any speaker is an error', 'hello there\nagent: 您好', [[0, null, 'agent', '您好']], [[1, 'no_speaker']]],
    ['a bad offset is an error naming the line', 'agent: a\n[12:75] customer: b', [[0, null, 'agent', 'a']], [[2, 'bad_offset']]],
    ['markup is kept verbatim', 'customer: <b>hi</b>', [[0, null, 'customer', '<b>hi</b>']], []],
    ['Windows line ends', 'agent: a\r\ncustomer: b\r\n', [[0, null, 'agent', 'a'], [1, null, 'customer', 'b']], []],
  ])('%s', (_name, text, turns, errors) => {
    const parsed = parseTranscript(text);
    expect(parsed.turns.map((t) => [t.seq, t.offsetS, t.speaker, t.text])).toEqual(turns);
    expect(parsed.errors.map((e) => [e.line, e.code])).toEqual(errors);
  });
});

const version: Pick<FormVersion, 'sections'> = {
  sections: [
    {
      id: 1,
      title: 'Opening',
      items: [
        { id: 101, text: 'Greeting', kind: 'yes_no', max: null, weight: 5, critical: false, naAllowed: false, guidance: null },
        { id: 105, text: 'Listening', kind: 'scale', max: 5, weight: 10, critical: false, naAllowed: false, guidance: null },
      ],
    },
    {
      id: 2,
      title: 'Handling',
      items: [
        { id: 107, text: 'Empathy', kind: 'yes_no', max: null, weight: 10, critical: false, naAllowed: true, guidance: null },
        { id: 110, text: 'No forbidden phrases', kind: 'yes_no', max: null, weight: 10, critical: true, naAllowed: false, guidance: null },
        { id: 120, text: 'Closing', kind: 'yes_no', max: null, weight: 5, critical: false, naAllowed: false, guidance: null },
      ],
    },
  ],
};

describe('QA answers pre-filled from AutoQA findings', () => {
  const rules = [
    { key: 'greeting', formItemId: 101 },
    { key: 'empathy_in_complaint', formItemId: 107 },
    { key: 'forbidden_phrases', formItemId: 110 },
    { key: 'closing', formItemId: 120 },
    { key: 'closing_alt', formItemId: 120 },
    { key: 'listening', formItemId: 105 },
    { key: 'first_response', formItemId: null },
  ];
  it.each<[string, Array<{ rule: string; outcome: 'pass' | 'fail' | 'na'; formItemId?: number | null }>, Record<number, boolean | number | 'na'>]>([
    ['pass → yes, fail → no', [{ rule: 'greeting', outcome: 'pass' }, { rule: 'forbidden_phrases', outcome: 'fail' }], { 101: true, 110: false }],
    ['na → N/A where the item allows it', [{ rule: 'empathy_in_complaint', outcome: 'na' }], { 107: 'na' }],
    ['na on an item without N/A stays unanswered', [{ rule: 'greeting', outcome: 'na' }], {}],
    ['a rule mapped to no item answers nothing', [{ rule: 'first_response', outcome: 'fail' }], {}],
    ['an unknown rule answers nothing', [{ rule: 'custom', outcome: 'pass' }], {}],
    ['a scale item is left to the evaluator', [{ rule: 'listening', outcome: 'pass' }], {}],
    ['two rules on one item: a fail wins', [{ rule: 'closing', outcome: 'pass' }, { rule: 'closing_alt', outcome: 'fail' }], { 120: false }],
    ['two rules on one item: pass over na', [{ rule: 'closing', outcome: 'na' }, { rule: 'closing_alt', outcome: 'pass' }], { 120: true }],
    ["the finding's own form item wins over the rule's", [{ rule: 'greeting', outcome: 'pass', formItemId: 120 }], { 120: true }],
    ['an item of another form version is ignored', [{ rule: 'greeting', outcome: 'pass', formItemId: 9999 }], {}],
  ])('%s', (_name, findings, expected) => {
    expect(prefillAnswers(version, rules, findings)).toEqual(expected);
  });
});

describe('trust in a rule', () => {
  it.each([
    [{ n: 29, kappa: 0.95 }, 'too_few'],
    [{ n: 30, kappa: 0.6 }, 'trust'],
    [{ n: 30, kappa: 0.59 }, 'low_kappa'],
    [{ n: 200, kappa: null }, 'low_kappa'],
    [{ n: 0, kappa: null }, 'too_few'],
  ] as const)('%o → %s', (row, verdict) => {
    expect(trustVerdict(row)).toBe(verdict);
  });
});

describe('recording links', () => {
  it.each([
    ['https://pbx.example.com/r/1.wav', 'https://pbx.example.com/r/1.wav'],
    ['http://10.0.0.5/rec?id=1', 'http://10.0.0.5/rec?id=1'],
    ['javascript:alert(1)', null],
    ['data:text/html,<b>x</b>', null],
    ['/relative/path', null],
    ['', null],
    [null, null],
  ])('%s → %s', (url, shown) => {
    expect(safeRecordingUrl(url)).toBe(shown);
  });
});

describe('the transcript as text', () => {
  it('renders markup literally, in speaker lanes, with each evidence span marked on its words', () => {
    const call = callFixture();
    const { container } = renderWithProviders(<TranscriptView turns={call.transcript} findings={call.autoqa!.findings} />);
    // Nothing from the data became an element.
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('[data-seq="2"] .turn-text')!.textContent).toBe('Try <img src=x onerror=alert(1)> and <b>bold</b>');
    // Lanes by speaker.
    expect([...container.querySelectorAll('.turn')].map((li) => li.className)).toEqual(['turn lane-system', 'turn lane-agent', 'turn lane-customer', 'turn lane-agent']);
    expect(within(container.querySelector('[data-seq="3"]') as HTMLElement).getByText('1:15')).toBeInTheDocument();
    // Two spans in one turn, each on the exact words; the comma between is not marked.
    const marks = [...container.querySelectorAll('[data-seq="3"] mark')];
    expect(marks.map((m) => [m.textContent, m.getAttribute('data-rules'), m.classList.contains('outcome-fail')])).toEqual([
      ['这不是我的责任', 'forbidden_phrases', true],
      ['没办法', 'forbidden_phrases', true],
    ]);
    expect(container.querySelector('[data-seq="3"] .turn-text')!.textContent).toBe('这不是我的责任，没办法');
    const greeting = container.querySelector('[data-seq="1"] mark')!;
    expect([greeting.textContent, greeting.classList.contains('outcome-pass')]).toEqual(['您好', true]);
  });
});

function renderCall(user: (typeof users)[keyof typeof users], routes: Record<string, unknown>, id = 'GZ-2026-0042') {
  const api = mockApi({ 'GET /api/auth/me': user, 'GET /api/settings': settings, ...routes });
  renderWithProviders(
    <SessionGate>
      <Routes>
        <Route path="/calls/:externalId" element={<CallPage />} />
        <Route path="/qa/evaluate" element={<p>evaluate page</p>} />
      </Routes>
    </SessionGate>,
    { route: `/calls/${encodeURIComponent(id)}` },
  );
  return api;
}

describe('the call page', () => {
  it('shows the facts with unknown as unknown, the survey as text, evaluations linked and a safe recording link', async () => {
    renderCall(users.supervisor, { 'GET /api/calls/GZ-2026-0042': callFixture() });
    expect(await screen.findByRole('heading', { name: 'Call GZ-2026-0042' })).toBeInTheDocument();
    const facts = screen.getByRole('heading', { name: 'The contact' }).closest('section')!;
    const fact = (label: string) => within(facts).getByText(label).nextSibling!.textContent;
    expect(fact('Resolved')).toBe('Unknown');
    expect(fact('Transferred')).toBe('Yes');
    expect(fact('Escalated')).toBe('No');
    expect(fact('Talk')).toBe('5:05');
    expect(fact('Complaint level')).toBe('2');
    const rec = screen.getByRole('link', { name: 'Open the recording' });
    expect(rec).toHaveAttribute('href', 'https://pbx.example.com/rec/42.wav');
    expect(rec.getAttribute('rel')).toContain('noopener');
    expect(screen.getByText('<script>alert("x")</script> slow')).toBeInTheDocument();
    expect(document.querySelector('script')).toBeNull();
    expect(screen.getByRole('link', { name: 'Evaluation #31' })).toHaveAttribute('href', '/evaluations/31');
    expect(screen.getByText(/CP-9/)).toBeInTheDocument();
    expect(screen.getByLabelText('AutoQA score')).toHaveTextContent('0.0');
  });

  it('hides a javascript: recording link', async () => {
    renderCall(users.supervisor, { 'GET /api/calls/GZ-2026-0042': callFixture({ recordingUrl: 'javascript:alert(1)' }) });
    await screen.findByRole('heading', { name: 'Call GZ-2026-0042' });
    expect(screen.queryByRole('link', { name: 'Open the recording' })).not.toBeInTheDocument();
    expect(screen.getByText('No recording link')).toBeInTheDocument();
  });

  it('a finding scrolls to its first evidence turn and marks its words', async () => {
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id);
    };
    renderCall(users.supervisor, { 'GET /api/calls/GZ-2026-0042': callFixture() });
    const findings = await screen.findByRole('heading', { name: 'AutoQA findings' });
    const list = findings.closest('section')!;
    expect(within(list).getByText('Overruled')).toBeInTheDocument();
    expect(within(list).getByText('Hung up first')).toBeInTheDocument();
    await userEvent.click(within(list).getByRole('button', { name: /^Forbidden phrases/ }));
    expect(scrolled).toEqual(['call-turn-3']);
    expect(document.querySelector('[data-seq="3"]')).toHaveClass('active');
    expect([...document.querySelectorAll('mark.active')].map((m) => m.textContent)).toEqual(['这不是我的责任', '没办法']);
    // A finding without evidence has nothing to scroll to.
    expect(within(list).getByRole('button', { name: /^Empathy in a complaint/ })).toBeDisabled();
  });

  it('a supervisor overrules a finding with a reason', async () => {
    const api = renderCall(users.supervisor, { 'GET /api/calls/GZ-2026-0042': callFixture(), 'POST /api/calls/GZ-2026-0042/autoqa/overrule': { ok: true } });
    await userEvent.click(await screen.findByRole('button', { name: 'Overrule Forbidden phrases' }));
    const form = screen.getByRole('form', { name: 'Overrule Forbidden phrases' });
    expect(within(form).getByRole('button', { name: 'Save overrule' })).toBeDisabled();
    fireEvent.change(within(form).getByLabelText('Correct outcome'), { target: { value: 'pass' } });
    await userEvent.type(within(form).getByLabelText('Reason (kept in the audit log)'), 'Quoting the customer');
    await userEvent.click(within(form).getByRole('button', { name: 'Save overrule' }));
    await screen.findByRole('button', { name: 'Overrule Forbidden phrases' });
    expect(api.find('POST', '/api/calls/GZ-2026-0042/autoqa/overrule')[0].body).toEqual({ rule: 'forbidden_phrases', outcome: 'pass', reason: 'Quoting the customer' });
    // The call is read again after the overrule.
    expect(api.find('GET', '/api/calls/GZ-2026-0042').length).toBe(2);
  });

  it('an agent sees their findings but cannot overrule or score', async () => {
    renderCall(users.agent, { 'GET /api/calls/GZ-2026-0042': callFixture({ can: { overrule: false } }) });
    await screen.findByRole('heading', { name: 'AutoQA findings' });
    expect(screen.getAllByRole('listitem').length).toBeGreaterThan(3);
    expect(screen.queryByRole('button', { name: /^Overrule/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Score this call' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← My scorecard' })).toHaveAttribute('href', '/');
  });

  it('"Score this call" opens the QA form with the call and AutoQA pre-fill', async () => {
    renderCall(users.supervisor, { 'GET /api/calls/GZ-2026-0042': callFixture() });
    const link = await screen.findByRole('link', { name: 'Score this call' });
    const url = new URL(link.getAttribute('href')!, 'http://x');
    expect(url.pathname).toBe('/qa/evaluate');
    expect(Object.fromEntries(url.searchParams)).toEqual({ call: 'GZ-2026-0042', agent: '11', autoqa: '1' });
  });

  it.each([
    [403, 'forbidden_scope', 'call-forbidden', /not one you may see/],
    [404, 'not_found', 'call-not-found', /There is no call/],
  ])('answers %i (%s) with its own state, matched on the code', async (status, code, testId, text) => {
    renderCall(users.agent, { 'GET /api/calls/X%2F1': new Reply(status, { statusCode: status, error: 'x', message: 'words the page does not parse', code }) }, 'X/1');
    const state = await screen.findByTestId(testId);
    expect(state).toHaveTextContent(text);
    expect(state).toHaveTextContent('X/1');
  });
});

const form = qaForm({ id: 1, name: 'Call QA', versionId: 4, sections: version.sections });

describe('"Score this call": the QA form pre-filled', () => {
  it('checks the answers the findings give and leaves each one editable', async () => {
    mockApi({
      'GET /api/auth/me': users.supervisor,
      'GET /api/settings': settings,
      'GET /api/qa/forms': [form],
      'GET /api/qa/forms/1': form,
      'GET /api/agents': [{ id: 11, code: 'A011', name: 'Li Na', team: { id: 1, name: 'Mandarin Hotline' }, site: null, active: true }],
      'GET /api/calls/GZ-2026-0042': callFixture(),
      'GET /api/autoqa/rule-set': ruleSetFixture,
    });
    renderWithProviders(
      <SessionGate>
        <Routes>
          <Route path="/qa/evaluate" element={<EvaluatePage />} />
        </Routes>
      </SessionGate>,
      { route: '/qa/evaluate?call=GZ-2026-0042&agent=11&autoqa=1' },
    );
    expect(await screen.findByTestId('autoqa-prefill-note')).toHaveTextContent('4 answers are pre-filled from the AutoQA findings of call GZ-2026-0042');
    const answer = (item: string, label: string) => within(screen.getByRole('radiogroup', { name: item })).getByLabelText(label);
    expect(answer('Greeting', 'Yes')).toBeChecked();
    expect(answer('No forbidden phrases', 'No')).toBeChecked();
    expect(answer('Closing', 'No')).toBeChecked();
    expect(answer('Empathy', 'N/A')).toBeChecked();
    expect(within(screen.getByRole('radiogroup', { name: 'Listening' })).queryAllByRole('radio').filter((r) => (r as HTMLInputElement).checked)).toHaveLength(0);
    expect(screen.getByDisplayValue('GZ-2026-0042')).toBeInTheDocument();
    await userEvent.click(answer('Closing', 'Yes'));
    expect(answer('Closing', 'Yes')).toBeChecked();
  });
});

describe('AutoQA rule editor', () => {
  function renderRules(user: (typeof users)[keyof typeof users], routes: Record<string, unknown> = {}) {
    const api = mockApi({
      'GET /api/auth/me': user,
      'GET /api/settings': settings,
      'GET /api/autoqa/rule-set': ruleSetFixture,
      'GET /api/autoqa/rule-set/rescoring': { running: false, ruleSetVersion: 3, figuresVersion: 3, total: 10, done: 10, progress: 1, error: null, startedAt: null, finishedAt: null },
      ...routes,
    });
    renderWithProviders(
      <SessionGate>
        <RuleSetPage />
      </SessionGate>,
      { route: '/autoqa/rules' },
    );
    return api;
  }

  it('is read-only for a supervisor, who is told so', async () => {
    renderRules(users.supervisor);
    expect(await screen.findByText(/Only an administrator can change the rules/)).toBeInTheDocument();
    expect(screen.getByTestId('rule-set-version')).toHaveTextContent('Version 3');
    expect(screen.getByLabelText('Phrases (one a line)', { selector: '[data-rule="greeting"] textarea' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: /Save as version/ })).not.toBeInTheDocument();
  });

  it('an admin edits a phrase list and saves a new version without the view-only fields, then sees the re-score', async () => {
    let rescoring = { running: false, ruleSetVersion: 3, figuresVersion: 3, total: 10, done: 10, progress: 1, error: null as string | null };
    let current = ruleSetFixture;
    const api = renderRules(users.admin, {
      'GET /api/autoqa/rule-set': () => current,
      'GET /api/autoqa/rule-set/rescoring': () => rescoring,
      'PUT /api/autoqa/rule-set': (c: { body: unknown }) => {
        rescoring = { running: true, ruleSetVersion: 4, figuresVersion: 3, total: 10, done: 4, progress: 0.4, error: null };
        current = { ...ruleSetFixture, version: 4, figuresVersion: 3, rescoring: true, rules: (c.body as { rules: typeof ruleSetFixture.rules }).rules };
        return current;
      },
    });
    const phrases = await screen.findByLabelText('Phrases (one a line)', { selector: '[data-rule="greeting"] textarea' });
    expect(phrases).toHaveValue('您好\nhello');
    await userEvent.type(phrases, '\n  早上好  \n');
    await userEvent.click(screen.getByRole('button', { name: 'Save as version 4' }));
    expect(await screen.findByRole('progressbar', { name: 'Re-scoring' })).toHaveAttribute('aria-valuenow', '40');
    const body = api.find('PUT', '/api/autoqa/rule-set')[0].body as { rules: Array<Record<string, unknown>> };
    expect(body.rules[0]).toEqual({ key: 'greeting', kind: 'required', phrases: ['您好', 'hello', '早上好'], where: 'first', turns: 2, weight: 5, critical: false, channels: null, formItem: '0.0' });
    expect(body.rules.every((r) => !('formItemId' in r) && !('formItemText' in r))).toBe(true);
    expect(body.rules[2]).toEqual({ key: 'first_response', kind: 'response_time', seconds: 60, weight: 10, critical: false, channels: ['chat', 'wechat'], formItem: null });
    expect(screen.getByTestId('rule-set-version')).toHaveTextContent('Version 4');
    expect(screen.getByText(/Saved: version 4 is current/)).toBeInTheDocument();
  });

  it('"try it": a pasted transcript is sent with the edited rules and its findings come back highlighted', async () => {
    const api = renderRules(users.admin, {
      'POST /api/autoqa/preview': {
        score: 50,
        autoFail: false,
        findings: [
          { rule: 'greeting', outcome: 'pass', evidence: [{ seq: 0, text: '<i>您好</i>', start: 3, end: 5 }] },
          { rule: 'forbidden_phrases', outcome: 'pass', evidence: [] },
        ],
      },
    });
    const box = await screen.findByLabelText('Transcript');
    fireEvent.change(box, { target: { value: '[00:03] agent: <i>您好</i>\ncustomer: hi' } });
    fireEvent.change(screen.getByLabelText('Channel'), { target: { value: 'chat' } });
    await userEvent.click(screen.getByRole('button', { name: 'Check with these rules' }));
    const result = await screen.findByTestId('try-it-result');
    const body = api.find('POST', '/api/autoqa/preview')[0].body as { channel: string; turns: unknown[]; rules: unknown[] };
    expect(body.channel).toBe('chat');
    expect(body.turns).toEqual([
      { seq: 0, offsetS: 3, speaker: 'agent', text: '<i>您好</i>' },
      { seq: 1, offsetS: null, speaker: 'customer', text: 'hi' },
    ]);
    expect(body.rules).toHaveLength(3);
    expect(result.querySelector('i')).toBeNull();
    expect([...result.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['您好']);
    expect(result.querySelector('[data-seq="0"] .turn-text')!.textContent).toBe('<i>您好</i>');
  });

  it('"try it" names the line it cannot read and sends nothing', async () => {
    const api = renderRules(users.admin);
    fireEvent.change(await screen.findByLabelText('Transcript'), { target: { value: 'hello\nagent: hi' } });
    await userEvent.click(screen.getByRole('button', { name: 'Check with these rules' }));
    expect(await screen.findByText(/Line 1: start with/)).toBeInTheDocument();
    expect(api.find('POST', '/api/autoqa/preview')).toHaveLength(0);
  });
});

describe('AutoQA agreement', () => {
  it('lists the rules not to trust yet with the reason, and every rule with n, agreement and kappa', async () => {
    const api = mockApi({ 'GET /api/auth/me': users.supervisor, 'GET /api/settings': settings, 'GET /api/teams': [], 'GET /api/autoqa/agreement': agreementFixture });
    renderWithProviders(
      <SessionGate>
        <AgreementPage />
      </SessionGate>,
      { route: '/autoqa/agreement?from=2026-10-01&to=2026-10-31' },
    );
    const untrusted = await screen.findByTestId('untrusted-rules');
    expect(within(untrusted).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Closing — only 12 calls scored by both a person and AutoQA (at least 30 needed).',
      'Forbidden phrases — kappa 0.41 is below 0.6: it agrees with people little better than chance would.',
    ]);
    const row = screen.getByRole('rowheader', { name: 'Greeting' }).closest('tr')!;
    expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['120', '95.0%', '0.81', 'Trusted']);
    expect(screen.getByText(/below 30 calls or with kappa under 0.6/)).toBeInTheDocument();
    expect(Object.fromEntries(api.find('GET', '/api/autoqa/agreement')[0].query)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
  });
});

describe("an agent's own findings on the scorecard", () => {
  it('lists each call by its external id with the failed rules and the words, as text', async () => {
    const api = mockApi({
      'GET /api/auth/me': users.agent,
      'GET /api/settings': settings,
      'GET /api/autoqa/findings': [
        { callExternalId: 'GZ-7', startedAt: '2026-11-18T02:00:00Z', rule: 'forbidden_phrases', outcome: 'fail', overruled: false, evidence: [{ seq: 3, text: '<b>我不知道</b>啊', start: 3, end: 7 }] },
        { callExternalId: 'GZ-7', startedAt: '2026-11-18T02:00:00Z', rule: 'closing', outcome: 'fail', overruled: false, evidence: [] },
        { callExternalId: 'GZ 8/b', startedAt: '2026-11-17T02:00:00Z', rule: 'greeting', outcome: 'fail', overruled: true, evidence: [] },
      ],
    });
    renderWithProviders(
      <SessionGate>
        <AgentFindings agentId={11} from="2026-11-01" to="2026-11-30" own />
      </SessionGate>,
    );
    const box = await screen.findByTestId('agent-findings');
    expect(within(box).getByRole('heading', { name: 'My AutoQA findings' })).toBeInTheDocument();
    await within(box).findByRole('link', { name: 'GZ-7' });
    expect(within(box).getByRole('link', { name: 'GZ-7' })).toHaveAttribute('href', '/calls/GZ-7');
    expect(within(box).getByRole('link', { name: 'GZ 8/b' })).toHaveAttribute('href', '/calls/GZ%208%2Fb');
    expect(box.querySelector('b')).toBeNull();
    expect(box.querySelector('.turn-quote')!.textContent).toBe('<b>我不知道</b>啊');
    expect(box.querySelector('.turn-quote mark')!.textContent).toBe('我不知道');
    expect(Object.fromEntries(api.find('GET', '/api/autoqa/findings')[0].query)).toEqual({ agentId: '11', from: '2026-11-01', to: '2026-11-30', outcome: 'fail' });
  });
});
