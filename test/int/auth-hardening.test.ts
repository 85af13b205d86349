import { createTestApp, TestApp } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const GENERIC_500 = { statusCode: 500, error: 'Internal Server Error', message: 'Something went wrong on our side. It has been logged.', code: 'internal_error' };

describe('HTTP hardening', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
  });
  afterAll(() => t.close());

  it.each(['/', '/api/health', '/api/auth/me'])('sends helmet headers and a strict Content-Security-Policy on %s', async (path) => {
    const res = await t.http().get(path);
    const csp = res.headers['content-security-policy'];
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "connect-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('does not allow cross-origin calls by default (CORS off)', async () => {
    const simple = await t.http().get('/api/health').set('Origin', 'https://evil.example');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    expect(simple.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await t.http().options('/api/users').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'x-requested-with,content-type');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('refuses a JSON body over 2 MB with 413 in the error shape', async () => {
    const big = JSON.stringify({ email: 'x@example.com', password: 'p'.repeat(2 * 1024 * 1024) });
    const res = await t.http().post('/api/auth/login').set('content-type', 'application/json').send(big);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ statusCode: 413, error: 'Payload Too Large', message: 'The request is too large.', code: 'payload_too_large' });
  });

  it('answers an unknown API path with 404 in the error shape', async () => {
    const res = await t.http().get('/api/no-such-thing').set(bearer(admin));
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String), code: 'no_route' });
  });

  it('never puts a stack trace or SQL in a 500 body', async () => {
    // Break the database under the running app: the next read of sites fails inside PostgreSQL.
    await t.db.query(`ALTER TABLE sites RENAME TO sites_gone`);
    try {
      const res = await t.http().get('/api/sites').set(bearer(admin));
      expect(res.status).toBe(500);
      expect(res.body).toEqual(GENERIC_500);
      expect(res.text).not.toMatch(/sites_gone|relation|QueryFailedError|\bat .+\.(ts|js):\d+/);
    } finally {
      await t.db.query(`ALTER TABLE sites_gone RENAME TO sites`);
    }
  });
});
