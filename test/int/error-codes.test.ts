import type { Response } from 'supertest';
import { routesOf } from './support/routes';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every 4xx body carries a stable `code` (docs/api.md "Errors"), on every route the app serves.
 * The routes come from the router itself, so a new route is probed without being listed here:
 * anonymously, with a malformed and an unknown value in each path parameter, with a field no
 * route declares (in the query, and in the body of a write), and with a body that is not JSON.
 * None of these requests is valid, so none changes anything.
 */
const OPENAPI_ROUTES = /^GET \/api\/docs/;
const STABLE_CODE = /^[a-z][a-z_]*$/;
/** The routes that answer without signing in (docs/api.md "Authentication"). */
const PUBLIC_ROUTES = ['GET /api/health', 'POST /api/auth/login'];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const hasCode = (res: Response) => typeof res.body?.code === 'string' && STABLE_CODE.test(res.body.code);

describe('every 4xx names a stable code', () => {
  let t: TestApp;
  let admin: string;
  let routes: string[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
    routes = routesOf(t).filter((r) => !OPENAPI_ROUTES.test(r));
  }, 60_000);
  afterAll(() => t?.close());

  interface Probe {
    what: string;
    path: string;
    token: string | null;
    body?: object | string;
  }

  function probesOf(route: string): Probe[] {
    const [method, pattern] = route.split(' ');
    const params = pattern.match(/:\w+/g) ?? [];
    const filled = (value: (param: string) => string) => pattern.replace(/:\w+/g, value);
    const valid = filled(() => '1');
    const probes: Probe[] = [{ what: 'anonymous', path: valid, token: null }];
    for (const param of params) {
      for (const value of ['not-an-id', '999999999', '00000000-0000-4000-8000-000000000000']) {
        probes.push({ what: `${param}=${value}`, path: filled((p) => (p === param ? value : '1')), token: admin });
      }
    }
    probes.push({ what: 'an undeclared query parameter', path: `${valid}?probeUnknownField=1`, token: admin });
    if (method !== 'GET' && method !== 'DELETE') {
      probes.push({ what: 'an undeclared body field', path: valid, token: admin, body: { probeUnknownField: 1 } });
      probes.push({ what: 'a body that is not JSON', path: valid, token: admin, body: '{"probeUnknownField": ' });
    }
    return probes;
  }

  async function send(method: Method, probe: Probe): Promise<Response> {
    let req = t.http()[method](probe.path);
    if (probe.token) req = req.set('Authorization', `Bearer ${probe.token}`);
    if (typeof probe.body === 'string') return req.set('Content-Type', 'application/json').send(probe.body);
    return probe.body === undefined ? req : req.send(probe.body);
  }

  it('finds the routes to probe in the router', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(routes).toEqual(expect.arrayContaining(['GET /api/kpis', 'POST /api/imports', 'GET /api/agents/:id', 'PATCH /api/settings']));
  });

  it('answers each probe of each route with a 4xx carrying a code', async () => {
    const wrong: string[] = [];
    let probed = 0;
    for (const route of routes) {
      const method = route.split(' ')[0].toLowerCase() as Method;
      for (const probe of probesOf(route)) {
        const res = await send(method, probe);
        probed++;
        const at = `${route} with ${probe.what} (${probe.path})`;
        const open = probe.token === null && PUBLIC_ROUTES.includes(route);
        if (res.status >= 400 && res.status < 500 && !hasCode(res)) wrong.push(`${at}: ${res.status} without a code: ${JSON.stringify(res.body).slice(0, 200)}`);
        else if (!open && (res.status < 400 || res.status >= 500)) wrong.push(`${at}: ${res.status}, not a 4xx`);
        else if (probe.token === null && !open && res.status !== 401) wrong.push(`${at}: ${res.status} for an anonymous caller, not 401`);
      }
    }
    expect(probed).toBeGreaterThan(routes.length * 3);
    expect(wrong).toEqual([]);
  }, 300_000);

  it('answers a path no route serves with a 404 carrying a code', async () => {
    for (const method of ['get', 'post', 'delete'] as const) {
      const res = await t.http()[method]('/api/no-such-route').set('Authorization', `Bearer ${admin}`);
      expect([method, res.status, res.body.code]).toEqual([method, 404, 'no_route']);
    }
  });
});
