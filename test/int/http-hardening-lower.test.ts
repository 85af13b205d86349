/**
 * Issue 15, section 4 (the lower findings): NUL characters and deep nesting in any request
 * value, login CSRF, Chinese upload file names, a cached `/api/auth/me`, the API-wide rate limit.
 * (Sign-in throttling per account and address is in auth.test.ts.)
 */
import { ImportService } from '../../server/modules/ingest/import.service';
import { createTestApp, TEST_PASSWORD, TestApp } from './support/test-app';

describe('lower findings of issue 15', () => {
  let t: TestApp;
  let admin: string;
  let agentId: number;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin', { email: 'lower-admin@test.callscope.dev' });
    const [agent] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('LF-1', 'Lower Finding') RETURNING id`);
    agentId = agent.id;
  });
  afterAll(async () => {
    await t.app.get(ImportService).idle();
    await t.close();
  });

  describe('NUL characters answer 400 naming the field, never 500', () => {
    it.each([
      ['queue (KPI query)', '/api/kpis?from=2026-11-01&to=2026-11-30&groupBy=queue&queue=Hot%00line', /^queue: must not contain a NUL/],
      ['q (agent search)', '/api/agents?q=%00', /^q: must not contain a NUL/],
      ['callExternalId (evaluation list)', '/api/qa/evaluations?callExternalId=C-1%00', /^callExternalId: must not contain a NUL/],
    ])('%s', async (_label, url, message) => {
      const res = await t.http().get(url).set(bearer(admin));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid_field', message: expect.stringMatching(message) });
    });

    it('the sign-in email', async () => {
      const res = await t.http().post('/api/auth/login').send({ email: 'lower-admin@test.callscope.dev\u0000', password: TEST_PASSWORD });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^email: must not contain a NUL/);
    });

    it.each([
      ['text', { text: 'Good call\u0000' }, /^text: must not contain a NUL/],
      ['context value', { text: 'Good call', context: { metric: 'aht\u0000' } }, /^context\.metric: must not contain a NUL/],
      ['context key', { text: 'Good call', context: { 'me\u0000tric': 'aht' } }, /^context\.me\\u0000tric: a key must not contain a NUL/],
    ])('a coaching note %s', async (_label, body, message) => {
      const res = await t.http().post('/api/coaching-notes').set(bearer(admin)).send({ agentId, ...body });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect((await t.db.query(`SELECT count(*)::int AS n FROM coaching_notes`))[0].n).toBe(0);
    });

    it('a path parameter', async () => {
      const res = await t.http().get('/api/imports/%00').set(bearer(admin));
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^id: must not contain a NUL/);
    });
  });

  it('answers 400 for a coaching-note context nested 5,000 levels, naming the field', async () => {
    const depth = 5000;
    const json = `{"agentId":${agentId},"text":"Deep","context":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const res = await t.http().post('/api/coaching-notes').set(bearer(admin)).set('Content-Type', 'application/json').send(json);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_field', message: 'context: is nested too deeply (more than 32 levels)' });
    // A normal context still works.
    const ok = await t.http().post('/api/coaching-notes').set(bearer(admin)).send({ agentId, text: 'Fine', context: { kpi: 'aht', week: { from: '2026-11-02', to: '2026-11-08' } } });
    expect(ok.status).toBe(201);
  });

  describe('login CSRF', () => {
    const login = () => t.http().post('/api/auth/login');
    const credentials = { email: 'lower-admin@test.callscope.dev', password: TEST_PASSWORD };

    it('refuses a form-encoded sign-in with 415 and sets no cookie', async () => {
      const res = await login().type('form').send(credentials);
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('unsupported_media_type');
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('refuses a sign-in from another site with 403 and sets no cookie', async () => {
      const res = await login().set('Origin', 'https://evil.example').send(credentials);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('cross_site_request');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect((await login().set('Origin', 'null').send(credentials)).status).toBe(403);
    });

    it('accepts a same-origin sign-in, one without Origin (scripts) and one from CALLSCOPE_CORS_ORIGIN', async () => {
      const same = await login().set('Host', 'callscope.example:3000').set('Origin', 'https://callscope.example:3000').send(credentials);
      expect(same.status).toBe(200);
      expect(same.headers['set-cookie']).toBeDefined();
      expect((await login().send(credentials)).status).toBe(200);
      process.env.CALLSCOPE_CORS_ORIGIN = 'https://dashboard.example, https://other.example';
      try {
        expect((await login().set('Origin', 'https://other.example').send(credentials)).status).toBe(200);
        expect((await login().set('Origin', 'https://evil.example').send(credentials)).status).toBe(403);
      } finally {
        delete process.env.CALLSCOPE_CORS_ORIGIN;
      }
    });
  });

  it('stores a Chinese upload file name as sent (UTF-8 multipart file name)', async () => {
    const name = '公司 报表 (最终).csv';
    const res = await t
      .http()
      .post('/api/imports')
      .set(bearer(admin))
      .attach('file', Buffer.from('external_id,started_at\nZH-1,2026-11-03 09:00\n'), name)
      .field('kind', 'calls')
      .field('wait', 'true');
    expect(res.body).toMatchObject({ status: 'succeeded', fileName: name });
    const [row] = await t.db.query(`SELECT file_name FROM imports WHERE id = $1`, [res.body.id]);
    expect(row.file_name).toBe(name);
  });

  it('answers /api/auth/me with Cache-Control: no-store', async () => {
    const res = await t.http().get('/api/auth/me').set(bearer(admin));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('API-wide rate limit (here 5 a minute)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ setup: { rateLimitPerMinute: 5 } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit, per session, and never limits health', async () => {
    // Logins come from one address: two of them use 2 of its 5.
    const a = await t.userToken('admin', { email: 'rate-a@test.callscope.dev' });
    const b = await t.userToken('hr', { email: 'rate-b@test.callscope.dev' });
    for (let i = 0; i < 5; i++) expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${a}`)).status).toBe(200);
    const limited = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${a}`);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ statusCode: 429, error: 'Too Many Requests', code: 'rate_limited', message: expect.stringContaining('at most 5 a minute') });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another session has its own count; health is never limited.
    expect((await t.http().get('/api/auth/me').set('Authorization', `Bearer ${b}`)).status).toBe(200);
    for (let i = 0; i < 8; i++) expect((await t.http().get('/api/health')).status).toBe(200);
  });
});
