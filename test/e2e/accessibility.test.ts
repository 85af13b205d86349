/**
 * axe-core over every page of the navigation of every role, in every language of the
 * dashboard. The pages come from the app's own navigation definition (navFor), so a page added
 * to the navigation is checked without touching this file; each role's first scorecard and
 * evaluation link are followed as well. One browser for the whole file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { demoLogin, launchBrowser, newContext, signIn } from './support/browser';

jest.setTimeout(900_000);

// Evaluated through the DevTools protocol: the app's CSP (script-src 'self') refuses an injected <script>.
const AXE_SOURCE = readFileSync(resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const ROLES = ['agent', 'supervisor', 'hr', 'admin'] as const;
// The app's own navigation (web/src/app/nav.ts), loaded untyped: its type imports would pull the DOM typings into this compilation.
const { navFor } = jest.requireActual<{ navFor: (role: (typeof ROLES)[number]) => Array<{ to: string }> }>('../../web/src/app/nav');
// web/src/lib/i18n.ts LANGUAGES and LANGUAGE_STORAGE_KEY (not imported: it needs the DOM typings); the lang check below fails if they drift.
const LANGUAGES = [{ code: 'en' }, { code: 'zh-CN' }, { code: 'zh-HK' }] as const;
const LANGUAGE_STORAGE_KEY = 'callscope.lang';
// Browser-side globals, typed loosely here (this file compiles without the DOM library).
declare const document: { querySelector(s: string): unknown };
declare const window: Record<string, unknown>;
declare const localStorage: { setItem(k: string, v: string): void };

interface Finding {
  role: string;
  lang: string;
  path: string;
  rule: string;
  impact: string | null;
  targets: string[];
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('main h1').first().waitFor({ timeout: 20_000 });
  // Lazy chunks and queries: wait until nothing says it is loading.
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .page-state.loading'), undefined, { timeout: 20_000 }).catch(() => undefined);
  await page.waitForLoadState('networkidle');
}

async function axe(page: Page): Promise<Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }>> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

describe('accessibility (axe-core)', () => {
  it('finds no violation on any page of any role, in English, Simplified and Traditional Chinese', async () => {
    const findings: Finding[] = [];
    let pagesChecked = 0;
    for (const role of ROLES) {
      const ctx = await newContext(browser);
      const page = await ctx.newPage();
      await signIn(page, demoLogin(role));
      // Pages behind the first links of the role's pages: a scorecard and an evaluation.
      const paths = navFor(role).map((n) => n.to);
      const team = role === 'agent' ? null : '/team';
      if (team) {
        await page.goto(team);
        await settle(page);
        const agent = await page.locator('.agent-table tbody a[href^="/agents/"]').first().getAttribute('href').catch(() => null);
        if (agent) paths.push(agent);
      }
      await page.goto(paths.find((p) => p.startsWith('/agents/')) ?? '/');
      await settle(page);
      const evaluation = await page.locator('a[href^="/evaluations/"]').first().getAttribute('href', { timeout: 5_000 }).catch(() => null);
      if (evaluation) paths.push(evaluation);

      for (const { code } of LANGUAGES) {
        await page.evaluate(([k, v]) => localStorage.setItem(k, v), [LANGUAGE_STORAGE_KEY, code] as const);
        for (const path of paths) {
          await page.goto(path);
          await settle(page);
          expect(await page.locator('html').getAttribute('lang')).toBe(code);
          pagesChecked++;
          for (const v of await axe(page)) findings.push({ role, lang: code, path, rule: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) });
        }
      }
      await ctx.close();
    }
    expect(pagesChecked).toBeGreaterThanOrEqual(3 * (1 + 6 + 3 + 8));
    expect(findings).toEqual([]);
  });
});
