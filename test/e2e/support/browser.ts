import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { execSync } from 'node:child_process';
import { DEMO_LOGINS, type DemoLogin } from '../../../seeds/demo';

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync('command -v chromium || command -v chromium-browser', { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return '/usr/bin/chromium';
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: the e2e global setup starts the server.');
  return url;
}

export function demoLogin(role: DemoLogin['role'], index = 0): DemoLogin {
  const login = DEMO_LOGINS.filter((l) => l.role === role)[index];
  if (!login) throw new Error(`No demo login of role ${role} (#${index}) in seeds/demo.ts`);
  return login;
}

export async function newContext(browser: Browser, locale = 'en-US'): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl(), locale, viewport: { width: 1366, height: 900 }, acceptDownloads: true });
}

/** Signs in through the login form, as a person would. */
export async function signIn(page: Page, login: DemoLogin): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

/** A bearer token for checks made outside the browser. */
export async function apiToken(login: DemoLogin): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: login.email, password: login.password }) });
  if (!res.ok) throw new Error(`login ${login.email}: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
