import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { apiToken, baseUrl, demoLogin, launchBrowser, newContext, signIn } from './support/browser';

// The project-level testTimeout is not applied per project by jest; a monthly workbook takes a few seconds.
jest.setTimeout(120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('dashboard in a real browser', () => {
  it('supervisor: overview tiles and a chart, then team, agent and one evaluation', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, demoLogin('supervisor'));
    // Home: the overview, with the weekly review first in the navigation.
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect((await nav.getByRole('link').allTextContents())[0]).toBe('Weekly review');
    await page.locator('.kpi-tile').first().waitFor();
    expect(await page.locator('.kpi-tile').count()).toBe(15); // incl. the three complaint and three AutoQA figures
    await expect(page.locator('.kpi-tile[data-metric="aht"] .kpi-value').textContent()).resolves.toMatch(/^\d+:\d{2}$/);
    await page.locator('.chart svg.recharts-surface').first().waitFor();
    expect(await page.locator('.chart svg .recharts-line-curve, .chart svg .recharts-bar-rectangle, .chart svg path').count()).toBeGreaterThan(0);

    await nav.getByRole('link', { name: 'Team' }).click();
    const firstAgent = page.locator('.agent-table tbody tr th a').first();
    await firstAgent.waitFor();
    expect(await page.locator('.agent-table tbody tr').count()).toBeGreaterThan(3);
    const agentName = (await firstAgent.textContent())!.trim();
    await firstAgent.click();
    await page.getByRole('heading', { name: `Scorecard · ${agentName}` }).waitFor();
    await page.waitForURL(/\/agents\/\d+/);

    const evaluation = page.locator('section[aria-labelledby="sc-evals"] tbody a').first();
    await evaluation.waitFor();
    await evaluation.click();
    await page.waitForURL(/\/evaluations\/\d+/);
    await page.locator('.items-table tbody tr').first().waitFor();
    expect(await page.locator('.items-table tbody tr').count()).toBeGreaterThan(3);
    await expect(page.locator('.score-badge .score-number').textContent()).resolves.toMatch(/\d/);
    await ctx.close();
  });

  it('supervisor: weekly review one click from the overview, with reasons, evidence and a one-click coaching note', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, demoLogin('supervisor'));
    await page.getByRole('link', { name: 'Weekly review →' }).click();
    await page.getByRole('heading', { name: 'Weekly review' }).waitFor();
    const entry = page.getByTestId('attention-entry').first();
    await entry.waitFor();
    expect(await page.getByTestId('attention-entry').count()).toBeGreaterThan(0);
    await expect(entry.locator('.reasons li').first().textContent()).resolves.toMatch(/\w{3,}/);
    await entry.getByRole('button', { name: /Coaching note/ }).click();
    await entry.getByRole('button', { name: 'Save note' }).click();
    await entry.getByText('Coaching note saved').waitFor();
    // The evidence is one click away.
    const evidence = page.locator('a.evidence-link[href^="/evaluations/"]').first();
    await evidence.click();
    await page.waitForURL(/\/evaluations\/\d+/);
    await page.locator('.items-table').first().waitFor();
    await ctx.close();
  });

  it('agent: only their own scorecard (and their complaints); another agent is not reachable by URL', async () => {
    const login = demoLogin('agent');
    const token = await apiToken(login);
    const me = (await (await fetch(`${baseUrl()}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { agentId: number; name: string };
    const adminToken = await apiToken(demoLogin('admin'));
    const everyone = (await (await fetch(`${baseUrl()}/api/agents`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as Array<{ id: number; name: string }>;
    const others = everyone.filter((a) => a.id !== me.agentId);
    expect(others.length).toBeGreaterThan(5);

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, login);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['My scorecard', 'Complaints']);
    await page.getByRole('heading', { name: 'My scorecard' }).waitFor();
    await page.locator('.kpi-tile').first().waitFor();
    await page.locator('.chart svg').first().waitFor();

    // Another agent's page: the app sends the agent back to their own scorecard.
    await page.goto(`/agents/${others[0].id}`);
    await page.getByRole('heading', { name: 'My scorecard' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    // And the API itself refuses, whatever the browser asks.
    const status = await page.evaluate(async (id) => (await fetch(`/api/agents/${id}`, { headers: { 'X-Requested-With': 'callscope' } })).status, others[0].id);
    expect(status).toBe(403);
    await page.waitForLoadState('networkidle');
    const text = await page.locator('body').innerText();
    for (const other of others) expect(text).not.toContain(other.name);
    await ctx.close();
  });

  it('admin: uploads a CSV, sees the mapping preview, the progress bar and the result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'callscope-upload-'));
    const file = join(dir, 'calls-e2e.csv');
    const stamp = Date.now();
    const rows = ['Call ID,started_at,agent_code,talk_s,hold_s,acw_s,resolved'];
    for (let i = 0; i < 40; i++) rows.push(`E2E-${stamp}-${i},2026-11-20 10:${String(i).padStart(2, '0')}:00,GZ1003,${200 + i},10,30,yes`);
    rows.push(`E2E-${stamp}-bad,2026-11-20 11:00:00,GZ1003,not-a-number,0,0,yes`);
    writeFileSync(file, rows.join('\n') + '\n');

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, demoLogin('admin'));
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Imports' }).click();
    await page.getByRole('heading', { name: 'Imports' }).waitFor();
    await page.locator('[data-testid="file-input"]').setInputFiles(file);
    // The mapping editor detected the columns; "Call ID" is not canonical, so map it by hand.
    await page.getByRole('heading', { name: 'Column mapping' }).waitFor();
    expect(await page.locator('.preview-table tbody tr').count()).toBe(5);
    await page.getByLabel('external_id', { exact: true }).selectOption('Call ID');
    await page.getByLabel('Invalid rows').selectOption('skip');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('progressbar', { name: 'Upload' }).waitFor();
    const result = page.locator('[data-testid="import-result"]');
    await result.waitFor({ timeout: 60_000 });
    await expect(result.textContent()).resolves.toContain('Succeeded');
    const counts = await result.locator('.counts div').allInnerTexts();
    expect(counts.map((c) => c.replace(/\s+/g, ' ').trim())).toEqual(['Rows 41', 'Inserted 40', 'Updated 0', 'Unchanged 0', 'Skipped 0', 'Rejected 1']);
    await expect(result.locator('tbody tr').first().textContent()).resolves.toContain('talk_s');
    // The server-side bar reached its end too.
    await expect(page.locator('[role="progressbar"]').last().getAttribute('aria-valuenow')).resolves.toBe('100');
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('switches to 中文 and shows Chinese labels, remembered after a reload', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, demoLogin('hr'));
    await page.locator('.kpi-tile').first().waitFor();
    await page.getByLabel('Language').first().selectOption('zh-CN');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['总览', '团队', '投诉', '人力月报']);
    await page.getByRole('heading', { name: '总览' }).waitFor();
    await expect(page.locator('.kpi-tile[data-metric="csat_avg"] h3').textContent()).resolves.toBe('满意度');
    await page.reload();
    await page.getByRole('button', { name: '近 4 周' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await ctx.close();
  });

  it('downloads a workbook', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, demoLogin('hr'));
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'HR monthly' }).click();
    await page.getByRole('heading', { name: 'HR monthly' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: /^Monthly workbook \d{4}-\d{2}$/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const dir = mkdtempSync(join(tmpdir(), 'callscope-dl-'));
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    const bytes = readFileSync(path);
    // An xlsx is a zip: it starts with "PK".
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.length).toBeGreaterThan(2000);
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
