// `npm run screenshots`: refreshes docs/screenshots/*.png from the built app on a fresh demo
// database (or from BASE_URL when given), driving Debian's chromium with playwright-core.
import { execSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'docs', 'screenshots');
const PASSWORD = 'callscope-demo';
const logins = {
  supervisor: 'supervisor.mandarin@demo.callscope.dev',
  cantoneseSupervisor: 'supervisor.cantonese@demo.callscope.dev',
  agent: 'zhang.lei@demo.callscope.dev',
  admin: 'admin@demo.callscope.dev',
  hr: 'hr@demo.callscope.dev',
};

/** A small ACD export with its own column names and one bad row, for the imports screenshot. */
function sampleCsv() {
  const rows = ['Call ID,Start,Agent,Talk,Queue'];
  const stamp = Date.now();
  for (let i = 0; i < 60; i++) rows.push(`SHOT-${stamp}-${i},2026-11-20 09:${String(i).padStart(2, '0')}:00,GZ10${String(1 + (i % 18)).padStart(2, '0')},${180 + ((i * 37) % 240)},Mandarin`);
  rows.push(`SHOT-${stamp}-x,2026-11-20 10:30:00,GZ1003,abc,Mandarin`);
  return rows.join('\n') + '\n';
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'callscope-shots-'));
  chmodSync(dataDir, 0o755);
  const env = { ...process.env, PORT: String(port), CALLSCOPE_DATA_DIR: dataDir, CALLSCOPE_DEMO: 'true' };
  delete env.DATABASE_URL;
  const serverNodeFlags = (process.env.npm_package_config_serverNodeFlags ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...serverNodeFlags, join(root, 'dist', 'server', 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 360; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log.slice(-3000)}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { baseUrl, child, dataDir };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not start:\n${log.slice(-3000)}`);
}

async function stopServer({ child, dataDir }) {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
}

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execSync('command -v chromium || command -v chromium-browser', { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return '/usr/bin/chromium';
  }
}

const SIGN_IN_WORDS = {
  en: { email: 'Email', password: 'Password', submit: 'Sign in' },
  'zh-CN': { email: '邮箱', password: '密码', submit: '登录' },
  'zh-HK': { email: '電郵', password: '密碼', submit: '登入' },
};

/** Signs in on the login form in the browser's language (a zh browser gets it in Chinese). */
async function signIn(page, email, language = 'en') {
  const words = SIGN_IN_WORDS[language];
  await page.goto('/');
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password).fill(PASSWORD);
  await page.getByRole('button', { name: words.submit }).click();
  await page.getByRole('navigation').first().waitFor();
}

const LOADING = /Loading…|加载中…|加載中…/;

/**
 * Waits until no "Loading…" is left and charts have drawn, and it stays so: a lazily loaded
 * page, or one that settles its query string first, starts its own loading only after the
 * page before it was quiet.
 */
async function settle(page) {
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.waitForLoadState('networkidle');
    await page.waitForFunction((source) => !new RegExp(source).test(globalThis.document.body.innerText), LOADING.source, { timeout: 60000 });
    await page.waitForTimeout(600);
    if (!LOADING.test(await page.evaluate(() => globalThis.document.body.innerText))) return;
  }
  throw new Error(`${page.url()} kept loading`);
}

async function shoot(page, name, path, { fullPage = false } = {}) {
  if (path) await page.goto(path);
  await settle(page);
  // A sticky header would otherwise land mid-page in a full-page shot.
  await page.evaluate(() => globalThis.scrollTo(0, 0));
  await page.screenshot({ path: join(outDir, `${name}.png`), fullPage });
  console.log(`  docs/screenshots/${name}.png`);
}

const server = process.env.BASE_URL ? { baseUrl: process.env.BASE_URL } : await startServer();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  mkdirSync(outDir, { recursive: true });
  const context = (locale = 'en-US', viewport = { width: 1440, height: 900 }) => browser.newContext({ baseURL: server.baseUrl, locale, viewport, deviceScaleFactor: 1 });

  let ctx = await context();
  let page = await ctx.newPage();
  await page.goto('/');
  await page.getByLabel('Email').waitFor();
  await page.screenshot({ path: join(outDir, 'login.png') });
  console.log('  docs/screenshots/login.png');

  await signIn(page, logins.supervisor);
  await shoot(page, 'overview', '/', { fullPage: true });
  await shoot(page, 'weekly-review', '/weekly-review', { fullPage: true });
  await shoot(page, 'team', '/team', { fullPage: true });
  // A click is a route change in the page: wait for the new page before settling, or a busy
  // machine shoots the old page's idle state followed by the new one's "Loading…".
  await page.locator('.agent-table tbody tr th a').last().click();
  await page.waitForURL(/\/agents\/\d+/);
  // The top of the scorecard: a struggling agent's AutoQA findings run to thousands of pixels below.
  await shoot(page, 'agent-scorecard', null);
  const evaluation = page.locator('section[aria-labelledby="sc-evals"] tbody a[href^="/evaluations/"]').first();
  if (await evaluation.count()) {
    await evaluation.click();
    await page.waitForURL(/\/evaluations\/\d+/);
    await shoot(page, 'evaluation', null, { fullPage: true });
  }
  await shoot(page, 'qa', '/qa', { fullPage: true });
  await shoot(page, 'qa-evaluate', '/qa/evaluate');
  // A call with AutoQA evidence: the first forbidden phrase the weekly review quotes.
  await page.goto('/weekly-review');
  await settle(page);
  const quoted = page.locator('.evidence-turns a').first();
  if (await quoted.count()) {
    await quoted.click();
    await page.waitForURL(/\/calls\//);
    await page.locator('.transcript').waitFor();
    await shoot(page, 'call', null, { fullPage: true });
  }
  await shoot(page, 'autoqa-agreement', '/autoqa/agreement?range=quarter', { fullPage: true });
  await ctx.close();

  ctx = await context();
  page = await ctx.newPage();
  await signIn(page, logins.agent);
  await shoot(page, 'my-scorecard', '/', { fullPage: true });
  await ctx.close();

  ctx = await context();
  page = await ctx.newPage();
  await signIn(page, logins.admin);
  await page.goto('/imports');
  await page.locator('[data-testid="file-input"]').setInputFiles({ name: 'acd-export-2026-11-20.csv', mimeType: 'text/csv', buffer: Buffer.from(sampleCsv()) });
  await page.getByLabel('external_id', { exact: true }).selectOption('Call ID');
  await page.getByLabel('started_at', { exact: true }).selectOption('Start');
  await page.getByLabel('agent_code', { exact: true }).selectOption('Agent');
  await page.getByLabel('talk_s', { exact: true }).selectOption('Talk');
  await page.getByLabel('Invalid rows').selectOption('skip');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.locator('[data-testid="import-result"]').waitFor({ timeout: 60000 });
  await shoot(page, 'imports', null, { fullPage: true });
  await shoot(page, 'settings', '/settings', { fullPage: true });
  await shoot(page, 'autoqa-rules', '/autoqa/rules');
  await ctx.close();

  ctx = await context('zh-CN');
  page = await ctx.newPage();
  await signIn(page, logins.hr, 'zh-CN');
  await shoot(page, 'overview-zh', '/', { fullPage: true });
  await ctx.close();

  // The demo's QA form in Chinese with the English beside it.
  ctx = await context('zh-CN');
  page = await ctx.newPage();
  await signIn(page, logins.supervisor, 'zh-CN');
  await shoot(page, 'qa-evaluate-zh', '/qa/evaluate', { fullPage: true });
  await ctx.close();

  // A Hong Kong browser gets Traditional Chinese (zh-HK).
  ctx = await context('zh-HK');
  page = await ctx.newPage();
  await signIn(page, logins.hr, 'zh-HK');
  await shoot(page, 'overview-zh-hk', '/', { fullPage: true });
  await shoot(page, 'agents-zh-hk', '/agents?range=quarter');
  await ctx.close();

  // The Hong Kong supervisor's week: Traditional Chinese, the team named 粵語熱線 Cantonese Hotline.
  ctx = await context('zh-HK');
  page = await ctx.newPage();
  await signIn(page, logins.cantoneseSupervisor, 'zh-HK');
  await shoot(page, 'weekly-review-zh-hk', '/weekly-review', { fullPage: true });
  await ctx.close();

  ctx = await context('en-US', { width: 820, height: 1180 });
  page = await ctx.newPage();
  await signIn(page, logins.supervisor);
  await shoot(page, 'tablet-team', '/team');
  await ctx.close();
} finally {
  await browser.close();
  if (!process.env.BASE_URL) await stopServer(server);
}
