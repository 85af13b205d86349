import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadEnv } from '../../server/config/env';
import { createTestApp, TEST_PASSWORD, TestApp } from './support/test-app';

/**
 * CALLSCOPE_TRUST_PROXY: behind a TLS proxy, the session cookie is `secure` when the proxy that
 * says X-Forwarded-Proto: https is one the setting trusts, and only then. The proxy here is a
 * second loopback address (127.0.0.2), so the default (all of loopback) would trust both sources.
 */
describe('CALLSCOPE_TRUST_PROXY', () => {
  let t: TestApp;
  let port: number;
  const email = 'proxy-admin@test.callscope.dev';

  beforeAll(async () => {
    t = await createTestApp({ setup: { trustProxy: loadEnv({ ...process.env, CALLSCOPE_TRUST_PROXY: '127.0.0.2' }).CALLSCOPE_TRUST_PROXY } });
    await t.userToken('admin', { email });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  }, 60_000);
  afterAll(() => t?.close());

  function signInFrom(localAddress: string): Promise<{ status: number; cookie: string }> {
    const body = JSON.stringify({ email, password: TEST_PASSWORD });
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, localAddress, method: 'POST', path: '/api/auth/login', headers: { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '198.51.100.20' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, cookie: String(res.headers['set-cookie'] ?? '') }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('gives a secure session cookie to a sign-in forwarded over HTTPS by the trusted proxy', async () => {
    const viaProxy = await signInFrom('127.0.0.2');
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.cookie).toMatch(/callscope_session=.*;\s*Secure/i);
  });

  it('believes no X-Forwarded-Proto from another address, loopback or not', async () => {
    const direct = await signInFrom('127.0.0.1');
    expect(direct.status).toBe(200);
    expect(direct.cookie).toMatch(/callscope_session=/);
    expect(direct.cookie).not.toMatch(/Secure/i);
  });

  it('takes the values Express takes and names a bad one', () => {
    const parse = (value: string) => loadEnv({ CALLSCOPE_TRUST_PROXY: value }).CALLSCOPE_TRUST_PROXY;
    expect(loadEnv({}).CALLSCOPE_TRUST_PROXY).toEqual(['loopback']);
    expect(parse('true')).toBe(true);
    expect(parse('false')).toBe(false);
    expect(parse('2')).toBe(2);
    expect(parse('loopback, 10.0.0.0/8,fd00::/8, 192.0.2.7')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.7']);
    expect(() => parse('10.0.0.0/33')).toThrow(/CALLSCOPE_TRUST_PROXY: 10\.0\.0\.0\/33: give true, false, a hop count/);
    expect(() => parse('my-proxy.example')).toThrow(/CALLSCOPE_TRUST_PROXY: my-proxy\.example/);
  });
});
