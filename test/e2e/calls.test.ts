import type { Browser, Page } from 'playwright-core';
import { DEMO_LOGINS } from '../../seeds/demo';
import { addDays, isoWeekLabel, localDateOf } from '../../web/src/lib/date-range';
import { apiToken, baseUrl, demoLogin, launchBrowser, newContext, signIn } from './support/browser';

// The project-level testTimeout is not applied per project by jest.
jest.setTimeout(180_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function get<T>(token: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl()}/api${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Me {
  agentId: number | null;
  teamIds: number[];
}
interface EvaluationRow {
  agent: { id: number };
  callExternalId: string | null;
}
const evaluationsOf = async (token: string, agentId: number) => {
  const r = await get<{ items: EvaluationRow[] } | EvaluationRow[]>(token, `/qa/evaluations?agentId=${agentId}&limit=100`);
  return Array.isArray(r) ? r : r.items;
};

/** A transcript imported through the import pipeline (kind `transcripts`, JSON Lines), scored in the same import. */
async function importTranscript(token: string, turns: Array<{ call_external_id: string; seq: number; offset_s?: number; speaker: string; text: string }>) {
  const form = new FormData();
  form.set('kind', 'transcripts');
  form.set('wait', 'true');
  form.set('file', new Blob([turns.map((t) => JSON.stringify(t)).join('\n') + '\n'], { type: 'application/x-ndjson' }), 'transcript-e2e.jsonl');
  const res = await fetch(`${baseUrl()}/api/imports`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const job = (await res.json()) as { status: string; errors: unknown[]; rowsInserted: number };
  if (!res.ok || job.status !== 'succeeded') throw new Error(`transcript import: ${res.status} ${JSON.stringify(job)}`);
  return job;
}

const MARKUP = '<img src=x onerror=alert(1)> 我要<b>投诉</b>';

/** The words the page marks, in document order. */
const marks = (page: Page, selector: string) => page.locator(selector).allTextContents();

describe('calls and AutoQA in a real browser', () => {
  let adminToken: string;
  let agentLogin: ReturnType<typeof demoLogin>;
  let ownCall: string;
  let colleagueCall: string;

  beforeAll(async () => {
    adminToken = await apiToken(demoLogin('admin'));
    agentLogin = demoLogin('agent');
    const agentToken = await apiToken(agentLogin);
    const me = await get<Me>(agentToken, '/auth/me');
    const own = (await evaluationsOf(agentToken, me.agentId!)).find((e) => e.callExternalId);
    if (!own) throw new Error('The demo agent has no evaluated call to open.');
    ownCall = own.callExternalId!;
    const agents = await get<Array<{ id: number }>>(adminToken, '/agents');
    for (const a of agents.filter((x) => x.id !== me.agentId)) {
      const other = (await evaluationsOf(adminToken, a.id)).find((e) => e.callExternalId);
      if (other) {
        colleagueCall = other.callExternalId!;
        break;
      }
    }
  });

  it('supervisor: a forbidden phrase of the weekly review opens its demo call with the words highlighted', async () => {
    // The demo's struggling agents use forbidden phrases: find a supervisor whose last week shows one.
    const week = isoWeekLabel(addDays(localDateOf(new Date(), 'Asia/Shanghai'), -7));
    let found: { login: (typeof DEMO_LOGINS)[number]; teamId: number } | null = null;
    for (const login of DEMO_LOGINS.filter((l) => l.role === 'supervisor')) {
      const token = await apiToken(login);
      const me = await get<Me>(token, '/auth/me');
      const review = await get<{ attention: Array<{ reasons: Array<{ rule: string; evidence: { turns?: unknown[] } }> }> }>(token, `/reviews/weekly?week=${week}&teamId=${me.teamIds[0]}&lang=en`);
      if (review.attention.some((e) => e.reasons.some((r) => r.rule === 'forbidden_phrase' && (r.evidence.turns?.length ?? 0) > 0))) {
        found = { login, teamId: me.teamIds[0] };
        break;
      }
    }
    expect(found).not.toBeNull();
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, found!.login);
    await page.goto(`/weekly-review?week=${week}&team=${found!.teamId}`);
    const quote = page.locator('.evidence-turns li').first();
    await quote.waitFor();
    const word = (await quote.locator('mark').first().textContent())!;
    expect(word.length).toBeGreaterThan(1);
    await quote.getByRole('link').click();
    await page.waitForURL(/\/calls\//);
    await page.getByRole('heading', { name: /^Call / }).waitFor();
    await page.locator('.transcript .turn').first().waitFor();
    expect(await page.locator('.transcript .turn.lane-agent').count()).toBeGreaterThan(0);
    expect(await page.locator('.transcript .turn.lane-customer').count()).toBeGreaterThan(0);
    // The same words are marked in the transcript, as a failed finding's evidence.
    expect(await marks(page, '.transcript mark.evidence-mark.outcome-fail')).toContain(word);
    const forbidden = page.locator('.finding[data-rule="forbidden_phrases"]');
    await expect(forbidden.locator('.tag.outcome-fail').textContent()).resolves.toBe('Fail');
    await forbidden.locator('.finding-select').click();
    await page.locator('.turn.active mark.active').first().waitFor();
    await ctx.close();
  });

  // After the demo's own transcripts were looked at: one of the agent's calls gets a transcript
  // with a markup turn, a greeting and a forbidden phrase, imported and scored through the API.
  describe('an imported transcript', () => {
    beforeAll(async () => {
      await importTranscript(adminToken, [
        { call_external_id: ownCall, seq: 0, offset_s: 0, speaker: 'system', text: 'IVR: 转人工服务' },
        { call_external_id: ownCall, seq: 1, offset_s: 2, speaker: 'agent', text: '您好，这里是客服中心，请问有什么可以帮您？' },
        { call_external_id: ownCall, seq: 2, offset_s: 9, speaker: 'customer', text: MARKUP },
        { call_external_id: ownCall, seq: 3, offset_s: 20, speaker: 'agent', text: '这不是我的责任，没办法' },
        { call_external_id: ownCall, seq: 4, offset_s: 41, speaker: 'agent', text: '请问还有什么可以帮您？' },
      ]);
    });

    it('a turn with markup is shown literally, evidence marked on the exact words, and the QA form pre-filled from the findings', async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await signIn(page, demoLogin('admin'));
      await page.goto(`/calls/${encodeURIComponent(ownCall)}`);
      await page.getByRole('heading', { name: `Call ${ownCall}` }).waitFor();
      const markupTurn = page.locator('.turn[data-seq="2"] .turn-text');
      await markupTurn.waitFor();
      await expect(markupTurn.textContent()).resolves.toBe(MARKUP);
      expect(await page.locator('.transcript img, .transcript b').count()).toBe(0);
      expect(await page.locator('.turn[data-seq="2"]').getAttribute('data-speaker')).toBe('customer');
      // The forbidden phrase marked on its words only (a forbidden turn is evidence once, at its first match), the greeting too.
      expect(await marks(page, '.turn[data-seq="3"] mark.outcome-fail')).toEqual(['这不是我的责任']);
      // The complaint trigger is marked inside the markup turn, which stays literal around it.
      expect(await marks(page, '.turn[data-seq="2"] mark')).toEqual(['投诉']);
      expect(await marks(page, '.turn[data-seq="1"] mark.outcome-pass')).toEqual(['您好']);
      await expect(page.locator('.turn[data-seq="3"] .turn-offset').textContent()).resolves.toBe('0:20');
      await expect(page.locator('.finding[data-rule="forbidden_phrases"] .tag.outcome-fail').textContent()).resolves.toBe('Fail');
      // AutoQA score 0: the forbidden phrase rule is critical.
      await expect(page.getByLabel('AutoQA score').locator('.score-number').textContent()).resolves.toBe('0.0');

      await page.getByRole('link', { name: 'Score this call' }).click();
      await page.waitForURL(/\/qa\/evaluate\?/);
      await page.getByTestId('autoqa-prefill-note').waitFor();
      await expect(page.getByTestId('autoqa-prefill-note').textContent()).resolves.toMatch(/pre-filled from the AutoQA findings of call/);
      const forbiddenItem = page.locator('.eval-item.prefilled').filter({ hasText: 'No forbidden phrases' });
      await expect(forbiddenItem.getByLabel('No', { exact: true }).isChecked()).resolves.toBe(true);
      await expect(page.getByLabel('Call', { exact: true }).inputValue()).resolves.toBe(ownCall);
      expect(dialogs).toEqual([]);
      await ctx.close();
    });

    it("agent: sees the findings of their own call with the lines, and a colleague's call is refused", async () => {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await signIn(page, agentLogin);
      await page.getByRole('heading', { name: 'My scorecard' }).waitFor();
      // The scorecard lists their findings with the lines; the call links to its page.
      const today = localDateOf(new Date(), 'Asia/Shanghai');
      await page.goto(`/?from=${addDays(today, -364)}&to=${today}`);
      const mine = page.getByTestId('agent-findings');
      const link = mine.getByRole('link', { name: ownCall, exact: true });
      await link.waitFor();
      const entry = mine.locator('.agent-findings > li').filter({ has: page.getByRole('link', { name: ownCall, exact: true }) });
      expect(await entry.locator('.turn-quote mark').allTextContents()).toContain('这不是我的责任');
      await link.click();
      await page.waitForURL(new RegExp(`/calls/${encodeURIComponent(ownCall)}$`));
      await page.getByRole('heading', { name: `Call ${ownCall}` }).waitFor();
      await page.locator('.finding[data-rule="forbidden_phrases"]').waitFor();
      expect(await marks(page, '.transcript mark.outcome-fail')).toEqual(expect.arrayContaining(['这不是我的责任']));
      // Agents read, they do not overrule or score.
      expect(await page.getByRole('button', { name: /^Overrule/ }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Score this call' }).count()).toBe(0);

      await page.goto(`/calls/${encodeURIComponent(colleagueCall)}`);
      const refused = page.getByTestId('call-forbidden');
      await refused.waitFor();
      await expect(refused.textContent()).resolves.toContain(colleagueCall);
      expect(await page.locator('.transcript').count()).toBe(0);
      const status = await page.evaluate(async (id) => (await fetch(`/api/calls/${encodeURIComponent(id)}`, { headers: { 'X-Requested-With': 'callscope' } })).json(), colleagueCall);
      expect(status).toMatchObject({ statusCode: 403, code: 'forbidden_scope' });
      await ctx.close();
    });
  });
});
