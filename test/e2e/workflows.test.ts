import type { Browser, Page } from 'playwright-core';
import { apiToken, baseUrl, demoLogin, launchBrowser, newContext, signIn } from './support/browser';

// Issue 19: the week as each person lives it, driven end to end in Chromium.
jest.setTimeout(180_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function call<T>(token: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl()}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface FormItem {
  id: number;
  text: string;
  kind: 'yes_no' | 'scale';
  max: number | null;
}
interface Form {
  id: number;
  currentVersion: { id: number; sections: { items: FormItem[] }[] };
}

/** The demo supervisor of the demo agent's team, found by asking who may read the agent. */
async function supervisorOf(agentId: number): Promise<{ index: number; token: string }> {
  for (let index = 0; index < 5; index++) {
    const token = await apiToken(demoLogin('supervisor', index));
    const res = await fetch(`${baseUrl()}/api/agents/${agentId}`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.ok) return { index, token };
  }
  throw new Error(`no demo supervisor sees agent ${agentId}`);
}

/**
 * A stored call of the agent not yet evaluated (a one-call sample of the last 4 weeks): the other
 * e2e files open calls of the agent's evaluations, so these must be real calls.
 */
async function unscoredCall(token: string, agentId: number): Promise<string> {
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 28 * 86_400_000).toISOString().slice(0, 10);
  const batch = await call<{ calls: { externalId: string }[] }>(token, '/qa/samples', { from, to: today, perAgent: 1, agentIds: [agentId] });
  if (!batch.calls[0]) throw new Error(`no unscored call of agent ${agentId}`);
  return batch.calls[0].externalId;
}

/** Answers every item of the form on the page: yes, or the top of the scale. */
async function answerAll(page: Page): Promise<void> {
  const groups = page.locator('.evaluation-form .eval-item-answer');
  const n = await groups.count();
  for (let i = 0; i < n; i++) {
    const group = groups.nth(i);
    const labels = (await group.locator('label.choice').allTextContents()).map((s) => s.trim());
    const pick = labels.includes('Yes') ? 'Yes' : String(Math.max(...labels.filter((l) => /^\d+$/.test(l)).map(Number)));
    await group.locator('label.choice', { hasText: new RegExp(`^${pick}$`) }).click();
  }
}

describe('issue 19 workflows in a real browser', () => {
  let agentId: number;
  let sup: { index: number; token: string };
  let form: Form;
  let evaluationId: number;
  let callId: string;

  beforeAll(async () => {
    const agentToken = await apiToken(demoLogin('agent'));
    agentId = (await call<{ agentId: number }>(agentToken, '/auth/me')).agentId;
    sup = await supervisorOf(agentId);
    form = (await call<Form[]>(sup.token, '/qa/forms'))[0];
    callId = await unscoredCall(sup.token, agentId);
    // Today's evaluation, submitted by the agent's supervisor: every item yes / top of scale.
    const answers = form.currentVersion.sections.flatMap((s) => s.items).map((i) => ({ itemId: i.id, value: i.kind === 'yes_no' ? true : (i.max ?? 5) }));
    const draft = await call<{ id: number }>(sup.token, '/qa/evaluations', { formVersionId: form.currentVersion.id, agentId, callExternalId: callId, answers });
    evaluationId = (await call<{ id: number }>(sup.token, `/qa/evaluations/${draft.id}/submit`, {})).id;
  });

  it('agent: sees today\'s evaluation in the inbox, cannot acknowledge without confirming, disputes two items', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, demoLogin('agent'));
    // The badge counts what awaits acknowledgement.
    await page.getByTestId('inbox-badge').waitFor();
    expect(Number(await page.getByTestId('inbox-badge').textContent())).toBeGreaterThanOrEqual(1);
    // The scorecard opens on weeks that include today: the new evaluation is listed with its call.
    await page.locator('section[aria-labelledby="sc-evals"]').getByText(callId).waitFor();

    await page.getByRole('button', { name: /^Inbox/ }).click();
    const awaiting = page.getByTestId('inbox-awaiting');
    const entry = awaiting.locator('li', { hasText: callId });
    await entry.waitFor();
    await entry.getByRole('link').click();
    await page.waitForURL(new RegExp(`/evaluations/${evaluationId}$`));

    // One click does not acknowledge: a confirmation shows the score first.
    await page.getByRole('button', { name: '✓ Acknowledge…' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.textContent()).resolves.toContain('You accept a score of 100.0');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await call<{ status: string }>(await apiToken(demoLogin('agent')), `/qa/evaluations/${evaluationId}`)).status).toBe('submitted');

    // A dispute naming two items, a reason each.
    const items = form.currentVersion.sections.flatMap((s) => s.items);
    await page.getByRole('button', { name: 'Dispute' }).click();
    await page.getByLabel('Reason for the dispute').fill('Two items were scored against the wrong call');
    await page.getByRole('checkbox', { name: items[0].text }).check();
    await page.getByRole('checkbox', { name: items[1].text }).check();
    await page.getByLabel(`Why ${items[0].text} is wrong`).fill('I greeted the customer by name');
    await page.getByLabel(`Why ${items[1].text} is wrong`).fill('I gave my name at once');
    await page.getByRole('button', { name: 'Send dispute (items: 2)' }).click();
    await page.locator('.status-badge, .tag', { hasText: 'Disputed' }).first().waitFor();
    const stored = await call<{ status: string; disputeItems: { itemId: number; reason: string }[] }>(await apiToken(demoLogin('agent')), `/qa/evaluations/${evaluationId}`);
    expect(stored.status).toBe('disputed');
    expect(stored.disputeItems).toEqual([
      { itemId: items[0].id, reason: 'I greeted the customer by name' },
      { itemId: items[1].id, reason: 'I gave my name at once' },
    ]);
    await ctx.close();
  });

  it('supervisor: resolves the dispute with the reason and the disputed items on top, the score badge off the answers', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, demoLogin('supervisor', sup.index));
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'QA', exact: true }).click();
    const disputes = page.locator('section[aria-labelledby="qa-disputes"]');
    await disputes.locator(`a[href="/evaluations/${evaluationId}"]`).click();
    await page.getByRole('button', { name: 'Resolve dispute' }).click();

    const summary = page.getByTestId('dispute-summary');
    await expect(summary.textContent()).resolves.toContain('Two items were scored against the wrong call');
    const disputed = page.getByTestId('disputed-items');
    await expect(disputed.textContent()).resolves.toContain('Agent: I greeted the customer by name');
    // The reason and the disputed items come before the form's items.
    const [summaryBox, disputedBox, tableBox] = await Promise.all([summary.boundingBox(), disputed.boundingBox(), page.locator('.items-table').first().boundingBox()]);
    expect(summaryBox!.y).toBeLessThan(disputedBox!.y);
    expect(disputedBox!.y).toBeLessThan(tableBox!.y);
    // The live score does not sit on any answer button of the disputed items.
    const badge = (await page.getByTestId('live-score').boundingBox())!;
    for (const choice of await disputed.locator('label.choice').all()) {
      const b = (await choice.boundingBox())!;
      const overlaps = b.x < badge.x + badge.width && badge.x < b.x + b.width && b.y < badge.y + badge.height && badge.y < b.y + b.height;
      expect(overlaps).toBe(false);
    }
    // Reject: the score stands.
    await page.getByLabel('Resolution note').fill('The recording shows both items missed');
    await page.getByRole('button', { name: 'Reject, keep the score' }).click();
    await page.locator('.status-badge, .tag', { hasText: 'Resolved' }).first().waitFor();
    expect((await call<{ status: string }>(sup.token, `/qa/evaluations/${evaluationId}`)).status).toBe('resolved');
    await ctx.close();
  });

  it('supervisor: draws a sample for one agent and scores its call; starts a calibration session that two evaluators score and close', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, demoLogin('supervisor', sup.index));
    await page.goto('/qa');
    const samples = page.locator('section[aria-labelledby="qa-samples"]');
    await samples.getByLabel('Calls per agent').fill('1');
    const agentName = (await call<{ name: string; code: string }>(sup.token, `/agents/${agentId}`)).name;
    const agentSelect = samples.locator('label', { has: page.locator('span', { hasText: /^Agent$/ }) }).locator('select');
    await agentSelect.selectOption((await agentSelect.locator('option', { hasText: agentName }).getAttribute('value'))!);
    await samples.getByRole('button', { name: 'Draw a sample' }).click();
    await page.waitForURL(/[?&]sample=\d+/);
    await samples.getByTestId('sample-progress').filter({ hasText: '0 of 1 scored' }).waitFor();
    const sampledCall = (await samples.locator('[data-testid="sample-calls"] tbody td').first().textContent())!.trim();
    await samples.getByRole('link', { name: 'Score this call' }).click();
    await page.waitForURL(/\/qa\/evaluate\?/);
    const callField = page.locator('.evaluation-form').getByPlaceholder('Call id from the telephony system');
    await callField.waitFor();
    expect(await callField.inputValue()).toBe(sampledCall);
    await answerAll(page);
    await page.getByRole('button', { name: 'Submit' }).click();
    // Back on the sample, now complete.
    await page.waitForURL(/\/qa\?sample=\d+/);
    await page.getByTestId('sample-progress').filter({ hasText: '1 of 1 scored' }).waitFor();

    // Calibration on the sampled call: this supervisor and the admin score it blind.
    const calibration = page.locator('#qa-calibration');
    await calibration.getByRole('button', { name: 'Start a calibration session' }).first().click();
    await calibration.getByPlaceholder('Call id from the telephony system').fill(sampledCall);
    await calibration.getByRole('checkbox', { name: /Admin/ }).check();
    await calibration.locator('form').getByRole('button', { name: 'Start a calibration session' }).click();
    const row = calibration.getByTestId('calibration-row').filter({ hasText: sampledCall }).first();
    await row.waitFor();
    await row.getByRole('link', { name: 'Score this call' }).click();
    await page.waitForURL(/calibration=\d+/);
    await page.locator('.evaluation-form').waitFor();
    const calibrationId = Number(new URL(page.url()).searchParams.get('calibration'));
    await answerAll(page);
    await page.getByRole('button', { name: 'Save my calibration score' }).click();
    // The form's own URL (/qa/evaluate?calibration=…) already matches /qa: wait for the page the save leads to.
    await page.waitForURL((url) => url.pathname === '/qa' && !url.searchParams.has('calibration'));

    // The admin, invited, scores it in their own browser.
    const adminCtx = await newContext(browser);
    const admin = await adminCtx.newPage();
    await signIn(admin, demoLogin('admin'));
    await admin.goto('/qa');
    await admin.getByTestId('calibration-row').filter({ hasText: `#${calibrationId} ` }).getByRole('link', { name: 'Score this call' }).click();
    await admin.locator('.evaluation-form').waitFor();
    await answerAll(admin);
    // One answer differs from the supervisor's, so the report has a spread to show.
    await admin.locator('.evaluation-form .eval-item-answer').first().locator('label.choice', { hasText: /^No$/ }).click();
    await admin.getByRole('button', { name: 'Save my calibration score' }).click();
    await admin.waitForURL((url) => url.pathname === '/qa' && !url.searchParams.has('calibration'));
    await adminCtx.close();

    await page.reload();
    const mine = page.getByTestId('calibration-row').filter({ hasText: `#${calibrationId} ` });
    await mine.getByText('2 of 2 evaluators scored').waitFor();
    await mine.getByRole('button', { name: 'Close and compare' }).click();
    await mine.getByRole('button', { name: 'Report' }).click();
    const report = page.getByTestId('calibration-report');
    await report.waitFor();
    expect(await report.locator('tbody').first().locator('tr').count()).toBe(2);
    await ctx.close();
  });

  it('supervisor: saves a half-answered draft, finds it in the work queue, continues and submits it; the overview compares agents on axes from 0', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, demoLogin('supervisor', sup.index));
    const draftCall = await unscoredCall(sup.token, agentId);
    await page.goto(`/qa/evaluate?agent=${agentId}&call=${encodeURIComponent(draftCall)}`);
    const groups = page.locator('.evaluation-form .eval-item-answer');
    await groups.first().waitFor();
    const total = await groups.count();
    await groups.nth(0).locator('label.choice', { hasText: /^Yes$/ }).click();
    await groups.nth(1).locator('label.choice', { hasText: /^Yes$/ }).click();
    await expect(page.getByRole('button', { name: 'Submit' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.waitForURL(/\/evaluations\/\d+$/);
    await page.getByText(`Unanswered: ${total - 2}.`).first().waitFor();
    await expect(page.getByRole('button', { name: 'Submit' }).isDisabled()).resolves.toBe(true);

    await page.goto('/qa');
    const queue = page.getByTestId('work-queue');
    const row = queue.locator('tr', { hasText: draftCall });
    await row.waitFor();
    await row.getByRole('link', { name: 'Continue scoring' }).click();
    await page.locator('.evaluation-form').waitFor();
    await answerAll(page);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/\/evaluations\/\d+$/);
    await page.locator('.tag.status-submitted').first().waitFor();

    // One team: its agents side by side, the value axis from 0.
    await page.goto('/');
    await page.getByRole('heading', { name: 'Agents compared' }).waitFor();
    const bars = page.locator('figure[aria-label="Average handle time by agent"] .recharts-bar-rectangle');
    await bars.first().waitFor();
    expect(await bars.count()).toBeGreaterThan(3);
    for (const chart of ['Trend of Average handle time', 'Average handle time by agent']) {
      const ticks = page.locator(`figure[aria-label="${chart}"] .recharts-yAxis-tick-labels text`);
      await ticks.first().waitFor({ state: 'attached' });
      expect((await ticks.allTextContents()).map((x) => x.trim())).toContain('0:00');
    }
    await ctx.close();
  });

  it.each([
    ['desktop', 1440, 900],
    ['phone', 390, 844],
  ])('supervisor (%s %ix%i): the attention list is above the fold, the metrics table folded below it', async (_name, width, height) => {
    const ctx = await browser.newContext({ baseURL: baseUrl(), locale: 'en-US', viewport: { width, height } });
    const page = await ctx.newPage();
    await signIn(page, demoLogin('supervisor', sup.index));
    await page.goto('/weekly-review');
    const attention = page.getByTestId('attention');
    await attention.waitFor();
    const box = (await attention.boundingBox())!;
    expect(box.y).toBeLessThan(height);
    const first = page.getByTestId('attention-entry').first();
    await first.waitFor();
    expect((await first.boundingBox())!.y).toBeLessThan(height);
    expect((await page.getByTestId('team-metrics').boundingBox())!.y).toBeGreaterThan(box.y);
    // Ranked; the first three open, the rest folded.
    const entries = page.getByTestId('attention-entry');
    if ((await entries.count()) > 3) {
      expect(await entries.nth(2).locator('details').count()).toBe(0);
      expect(await entries.nth(3).locator('details').getAttribute('open')).toBeNull();
    }
    // The agent link opens 13 weeks of the agent's scorecard.
    const href = (await first.locator('a.agent-name').getAttribute('href'))!;
    const q = new URL(href, baseUrl()).searchParams;
    expect((Date.parse(q.get('to')!) - Date.parse(q.get('from')!)) / 86_400_000 + 1).toBe(91);
    await ctx.close();
  });
});
