import type { Browser } from 'playwright-core';
import { apiToken, baseUrl, demoLogin, launchBrowser, newContext, signIn } from './support/browser';

jest.setTimeout(120_000);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('complaints in a real browser', () => {
  it("supervisor: the overdue queue first, with the clock, and each case's link to its call page", async () => {
    const login = demoLogin('supervisor');
    // What the server says for the same range and scope (the page's default: the last 4 weeks).
    const token = await apiToken(login);
    const me = (await (await fetch(`${baseUrl()}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { teamIds: number[] };
    expect(me.teamIds.length).toBeGreaterThan(0);

    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await signIn(page, login);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Complaints' }).click();
    await page.getByRole('heading', { name: 'Complaints', level: 1 }).waitFor();
    const queue = page.getByTestId('complaints-overdue');
    await queue.locator('tbody tr').first().waitFor();

    // The overdue queue comes before the open and closed cases.
    const order = await page.locator('[data-testid^="complaints-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(order).toEqual(['complaints-overdue', 'complaints-open', 'complaints-closed']);

    // Each overdue case shows how long it is over, the longest first.
    const clocks = await queue.locator('td[data-clock]').allTextContents();
    expect(clocks.length).toBeGreaterThan(0);
    for (const c of clocks) expect(c).toMatch(/^over by \d+ (d|h|min|s)/);
    expect(await queue.locator('td[data-clock="over"]').count()).toBe(clocks.length);

    // A case links to its call page, the external id URL-encoded (the page itself is another branch's).
    const link = queue.locator('tbody tr a[href^="/calls/"]').first();
    const href = await link.getAttribute('href');
    const text = (await link.textContent())!.trim();
    expect(href).toBe(`/calls/${encodeURIComponent(text)}`);

    // The rows are the server's overdue cases for this supervisor and the page's range, in the server's order (overdue longest first).
    const from = await page.getByLabel('From').inputValue();
    const to = await page.getByLabel('To').inputValue();
    const res = await fetch(`${baseUrl()}/api/complaints?from=${from}&to=${to}&status=overdue`, { headers: { Authorization: `Bearer ${token}` } });
    const overdue = (await res.json()) as Array<{ externalId: string; overdueBy: number; team: { id: number } }>;
    expect((await queue.locator('tbody tr th').allTextContents()).map((x) => x.trim())).toEqual(overdue.map((c) => c.externalId));
    expect(overdue.every((c) => me.teamIds.includes(c.team.id))).toBe(true);
    for (let i = 1; i < overdue.length; i++) expect(overdue[i - 1].overdueBy).toBeGreaterThanOrEqual(overdue[i].overdueBy);
    await ctx.close();
  });
});
