import { DEFAULT_RULE_SET } from '../../server/modules/autoqa/domain/default-rule-set';
/**
 * docs/api.md, sentence by sentence: every concrete promise the contract makes about
 * paths, parameter names, status codes and response fields, checked against the real app.
 * The unknown-field checks enumerate the express router (like access-matrix.test.ts), so a new
 * route without an entry here fails.
 */
import { createTestApp, TestApp } from './support/test-app';
import { routesOf } from './support/routes';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Who = 'admin' | 'agent';

interface Fixture {
  site: number;
  teamA: number;
  teamB: number;
  agentA: number;
  agentB: number;
  spare: number;
  adminId: number;
  supervisorId: number;
  form: { id: number; versionId: number; yesNo: number; scale: number; critical: number };
  importId: string;
  calibrationId: number;
  coachingNoteId: number;
  scheduleId: number;
  apiKeyId: number;
  notificationId: number;
}

/** A valid request to a route (as admin unless `as` says otherwise), to which an unknown field is added. */
interface Probe {
  path(fx: Fixture): string | Promise<string>;
  body?(fx: Fixture): object | Promise<object>;
  as?: Who;
  /** multipart upload (the import route): the unknown field goes in the form. */
  upload?: true;
  /** Sent with a session of its own (logout ends the one it is sent with). */
  fresh?: true;
}

/** Routes served by swagger-ui or the docs page: no parameters to speak of. */
const docsRoutes = ['GET /api/docs', 'GET /api/docs/', 'GET /api/docs/index.html', 'GET /api/docs/LICENSE', 'GET /api/docs/swagger-ui-init.js', 'GET /api/docs/docs/swagger-ui-init.js', 'GET /api/docs-json', 'GET /api/docs-yaml'];

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;
const answersFor = (fx: Fixture) => [
  { itemId: fx.form.yesNo, value: true },
  { itemId: fx.form.scale, value: 3 },
  { itemId: fx.form.critical, value: true },
];

/** Per route: a request that would succeed (or at least pass validation) without the unknown field. */
const probes: Record<string, Probe> = {
  'GET /api/health': { path: () => '/api/health' },
  'POST /api/auth/login': { path: () => '/api/auth/login', body: () => ({ email: 'contract-admin@test.dev', password: 'test-password-1' }) },
  'POST /api/auth/logout': { path: () => '/api/auth/logout', body: () => ({}), fresh: true },
  'GET /api/auth/me': { path: () => '/api/auth/me' },
  'GET /api/users': { path: () => '/api/users' },
  'POST /api/users': { path: () => '/api/users', body: () => ({ email: `${unique('u')}@contract.test`, name: 'New', password: 'long-enough-1', role: 'hr' }) },
  'PATCH /api/users/:id': { path: (f) => `/api/users/${f.adminId}`, body: () => ({ name: 'Admin' }) },
  'GET /api/audit': { path: () => '/api/audit?action=export&limit=5&offset=0' },
  'GET /api/sites': { path: () => '/api/sites' },
  'POST /api/sites': { path: () => '/api/sites', body: () => ({ name: unique('Site ') }) },
  'PATCH /api/sites/:id': { path: (f) => `/api/sites/${f.site}`, body: () => ({ name: 'Contract Site' }) },
  'GET /api/teams': { path: () => '/api/teams' },
  'POST /api/teams': { path: () => '/api/teams', body: (f) => ({ name: unique('Team '), siteId: f.site }) },
  'PATCH /api/teams/:id': { path: (f) => `/api/teams/${f.teamA}`, body: () => ({ name: 'Contract Team A' }) },
  'GET /api/agents': { path: (f) => `/api/agents?limit=1&offset=0&teamId=${f.teamA}` },
  'GET /api/agents/:id': { path: (f) => `/api/agents/${f.agentA}` },
  'POST /api/agents': { path: () => '/api/agents', body: (f) => ({ code: unique('N'), name: 'New agent', teamId: f.teamA }) },
  'PATCH /api/agents/:id': { path: (f) => `/api/agents/${f.spare}`, body: () => ({ name: 'Spare' }) },
  'POST /api/agents/:id/moves': { path: (f) => `/api/agents/${f.spare}/moves`, body: (f) => ({ teamId: f.teamB, effectiveFrom: '2026-11-20' }) },
  'GET /api/settings': { path: () => '/api/settings' },
  'PATCH /api/settings': { path: () => '/api/settings', body: () => ({ disputeWindowDays: 14 }) },
  'GET /api/qa/forms': { path: () => '/api/qa/forms?includeArchived=true' },
  'GET /api/qa/forms/:id': { path: (f) => `/api/qa/forms/${f.form.id}` },
  'POST /api/qa/forms': { path: () => '/api/qa/forms', body: () => smallForm('Probe form') },
  'PUT /api/qa/forms/:id': { path: (f) => `/api/qa/forms/${f.form.id}`, body: () => smallForm('Probe form v2') },
  'POST /api/qa/forms/:id/archive': { path: (f) => `/api/qa/forms/${f.form.id}/archive`, body: () => ({}) },
  'POST /api/qa/forms/:id/unarchive': { path: (f) => `/api/qa/forms/${f.form.id}/unarchive`, body: () => ({}) },
  'DELETE /api/qa/forms/:id': { path: (f) => `/api/qa/forms/${f.form.id}` },
  'GET /api/qa/evaluations': { path: (f) => `/api/qa/evaluations?agentId=${f.agentA}&from=2026-11-01&to=2026-11-30&status=submitted` },
  'GET /api/qa/evaluations/:id': { path: () => '/api/qa/evaluations/1' },
  'POST /api/qa/evaluations': { path: () => '/api/qa/evaluations', body: (f) => ({ formVersionId: f.form.versionId, agentId: f.agentA, answers: answersFor(f) }) },
  'PATCH /api/qa/evaluations/:id': { path: () => '/api/qa/evaluations/1', body: () => ({ comment: 'x' }) },
  'DELETE /api/qa/evaluations/:id': { path: () => '/api/qa/evaluations/1' },
  'POST /api/qa/evaluations/:id/submit': { path: () => '/api/qa/evaluations/1/submit', body: () => ({}) },
  'POST /api/qa/evaluations/:id/acknowledge': { path: () => '/api/qa/evaluations/1/acknowledge', body: () => ({}), as: 'agent' },
  'POST /api/qa/evaluations/:id/dispute': { path: () => '/api/qa/evaluations/1/dispute', body: () => ({ reason: 'Not fair' }), as: 'agent' },
  'POST /api/qa/evaluations/:id/resolve': { path: () => '/api/qa/evaluations/1/resolve', body: () => ({ note: 'Stands' }) },
  'POST /api/qa/samples': { path: () => '/api/qa/samples', body: (f) => ({ from: '2026-11-02', to: '2026-11-08', perAgent: 1, teamId: f.teamA }) },
  'GET /api/qa/samples': { path: () => '/api/qa/samples?status=all' },
  'GET /api/qa/evaluators': { path: () => '/api/qa/evaluators' },
  'GET /api/qa/calibrations': { path: () => '/api/qa/calibrations' },
  'POST /api/qa/calibrations': { path: () => '/api/qa/calibrations', body: (f) => ({ callExternalId: 'CT-1', formVersionId: f.form.versionId, evaluatorIds: [f.adminId, f.supervisorId] }) },
  'GET /api/qa/calibrations/:id': { path: (f) => `/api/qa/calibrations/${f.calibrationId}` },
  'POST /api/qa/calibrations/:id/evaluations': { path: (f) => `/api/qa/calibrations/${f.calibrationId}/evaluations`, body: (f) => ({ answers: answersFor(f) }) },
  'POST /api/qa/calibrations/:id/close': { path: (f) => `/api/qa/calibrations/${f.calibrationId}/close`, body: () => ({}) },
  'GET /api/qa/calibrations/:id/report': { path: (f) => `/api/qa/calibrations/${f.calibrationId}/report` },
  'GET /api/coaching-notes': { path: (f) => `/api/coaching-notes?agentId=${f.agentA}` },
  'POST /api/coaching-notes': { path: () => '/api/coaching-notes', body: (f) => ({ agentId: f.agentA, text: 'Practise the closing' }) },
  'PATCH /api/coaching-notes/:id': { path: (f) => `/api/coaching-notes/${f.coachingNoteId}`, body: () => ({ text: 'Follow up' }) },
  'POST /api/imports': { path: () => '/api/imports', upload: true },
  'POST /api/imports/preview': { path: () => '/api/imports/preview', upload: true },
  'GET /api/imports': { path: () => '/api/imports?limit=5' },
  'GET /api/imports/:id': { path: (f) => `/api/imports/${f.importId}` },
  'GET /api/imports/:id/errors.csv': { path: (f) => `/api/imports/${f.importId}/errors.csv` },
  'GET /api/kpis': { path: () => '/api/kpis?from=2026-11-01&to=2026-11-30&granularity=week&groupBy=team&metrics=aht' },
  'GET /api/kpis/summary': { path: (f) => `/api/kpis/summary?from=2026-11-01&to=2026-11-30&teamId=${f.teamA}` },
  'GET /api/complaints': { path: (f) => `/api/complaints?from=2026-11-01&to=2026-11-30&status=overdue&teamId=${f.teamA}` },
  'GET /api/exports/monthly': { path: (f) => `/api/exports/monthly?month=2026-11&teamId=${f.teamA}` },
  'GET /api/exports/weekly': { path: (f) => `/api/exports/weekly?week=2026-W46&teamId=${f.teamA}` },
  'GET /api/exports/agent/:agentId': { path: (f) => `/api/exports/agent/${f.agentA}?from=2026-11-01&to=2026-11-30` },
  'GET /api/reviews/weekly': { path: (f) => `/api/reviews/weekly?week=2026-W46&teamId=${f.teamA}` },
  'GET /api/calls/:externalId': { path: () => '/api/calls/CT-1' },
  'POST /api/calls/:externalId/autoqa/overrule': { path: () => '/api/calls/CT-1/autoqa/overrule', body: () => ({ rule: 'greeting', outcome: 'pass', reason: 'Greeted in the IVR' }) },
  'GET /api/autoqa/rule-set': { path: () => '/api/autoqa/rule-set' },
  'PUT /api/autoqa/rule-set': { path: () => '/api/autoqa/rule-set', body: () => ({ rules: DEFAULT_RULE_SET }) },
  'GET /api/autoqa/rule-set/rescoring': { path: () => '/api/autoqa/rule-set/rescoring' },
  'POST /api/autoqa/preview': { path: () => '/api/autoqa/preview', body: () => ({ channel: 'phone', turns: [{ seq: 0, speaker: 'agent', text: '您好' }] }) },
  'GET /api/autoqa/agreement': { path: () => '/api/autoqa/agreement?from=2026-11-01&to=2026-11-30' },
  'GET /api/autoqa/findings': { path: (f) => `/api/autoqa/findings?agentId=${f.agentA}&from=2026-11-01&to=2026-11-30&outcome=fail` },
  'POST /api/reviews/weekly/coaching': {
    path: () => '/api/reviews/weekly/coaching',
    body: (f) => ({ agentId: f.agentA, week: '2026-W46', rule: 'aht_above_team', text: 'Shorter holds', followUpDate: '2026-11-27' }),
  },
  'GET /api/api-keys': { path: () => '/api/api-keys' },
  'POST /api/api-keys': { path: () => '/api/api-keys', body: () => ({ name: unique('Key '), scope: 'read' }) },
  'DELETE /api/api-keys/:id': { path: (f) => `/api/api-keys/${f.apiKeyId}` },
  'POST /api/ingest/:kind': { path: () => '/api/ingest/calls', body: () => ({ records: [{ external_id: 'CT-9', started_at: '2026-11-05 09:00:00', answered: false }] }) },
  'GET /api/schedules': { path: () => '/api/schedules' },
  'POST /api/schedules': { path: () => '/api/schedules', body: () => ({ kind: 'monthly', recipients: ['contract-admin@test.dev'], dayOfMonth: 1, time: '07:00' }) },
  'PATCH /api/schedules/:id': { path: (f) => `/api/schedules/${f.scheduleId}`, body: () => ({ time: '08:00' }) },
  'DELETE /api/schedules/:id': { path: (f) => `/api/schedules/${f.scheduleId}` },
  'POST /api/schedules/:id/run': { path: (f) => `/api/schedules/${f.scheduleId}/run`, body: () => ({}) },
  'GET /api/schedules/:id/deliveries': { path: (f) => `/api/schedules/${f.scheduleId}/deliveries` },
  'GET /api/notifications': { path: () => '/api/notifications?limit=10' },
  'POST /api/notifications/:id/read': { path: (f) => `/api/notifications/${f.notificationId}/read`, body: () => ({}) },
  'POST /api/notifications/read-all': { path: () => '/api/notifications/read-all', body: () => ({}) },
  'GET /api/notifications/settings': { path: () => '/api/notifications/settings' },
  'PATCH /api/notifications/settings': { path: () => '/api/notifications/settings', body: () => ({ email: false }) },
};

function smallForm(name: string) {
  return { name, sections: [{ title: 'Opening', items: [{ text: 'Greets the customer', kind: 'yes_no', weight: 10 }] }] };
}


const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CALLS_CSV = [
  'external_id,started_at,channel,queue,agent_code,answered,queue_wait_s,talk_s,hold_s,acw_s,resolved',
  'CT-1,2026-11-03 09:00:00,phone,Cantonese,CA1,true,10,300,20,40,true',
  'CT-2,2026-11-03 10:00:00,phone,Cantonese,CA1,true,50,200,0,20,false',
  'CT-3,2026-11-04 11:00:00,phone,Mandarin,CB1,true,5,100,0,10,true',
  'CT-4,2026-11-10 11:00:00,phone,Mandarin,,false,90,,,,',
].join('\n');

describe('docs/api.md contract', () => {
  let t: TestApp;
  let fx: Fixture;
  let admin: string;
  let agentToken: string;

  const as = (token: string | null, method: Method, path: string, body?: object) => {
    let req = t.http()[method](path);
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };
  const ok = <T = any>(res: { status: number; body: any }, what: string): T => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const upload = (token: string, fields: Record<string, string>, file: string, name = 'calls.csv') => {
    let req = t.http().post('/api/imports').set('Authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', Buffer.from(file), name);
  };
  /** docs/api.md lets answers add fields; `exact` checks a plain error carries nothing else. */
  const expectErrorBody = (res: { status: number; body: any }, status: number, error: string, exact = true) => {
    expect(res.status).toBe(status);
    if (exact) expect(Object.keys(res.body).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
    expect(res.body.statusCode).toBe(status);
    expect(res.body.error).toBe(error);
    expect(res.body.code).toMatch(/^[a-z][a-z_]*$/);
    expect(typeof res.body.message).toBe('string');
    expect(res.body.message.length).toBeGreaterThan(5);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const q = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params)) as { id: number }[];
    const [site] = await q(`INSERT INTO sites (name) VALUES ('Contract Site') RETURNING id`);
    const [teamA, teamB] = await q(`INSERT INTO teams (name, site_id) VALUES ('Contract Team A', $1), ('Contract Team B', NULL) RETURNING id`, [site.id]);
    const [agentA, agentB, spare] = await q(`INSERT INTO agents (code, name) VALUES ('CA1', '陈小明'), ('CB1', 'Wong Ka Yan'), ('CA9', 'Spare') RETURNING id`);
    await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $4, NULL), ($2, $5, NULL), ($3, $4, NULL)`, [agentA.id, agentB.id, spare.id, teamA.id, teamB.id]);
    admin = await t.userToken('admin', { email: 'contract-admin@test.dev' });
    agentToken = await t.userToken('agent', { email: 'contract-agent@test.dev', agentId: agentA.id });
    await t.userToken('supervisor', { email: 'contract-sup@test.dev', teamIds: [teamA.id] });
    const [{ id: adminId }] = await q(`SELECT id FROM users WHERE email = 'contract-admin@test.dev'`);
    const [{ id: supervisorId }] = await q(`SELECT id FROM users WHERE email = 'contract-sup@test.dev'`);
    const imported = ok(await upload(admin, { kind: 'calls', wait: 'true' }, CALLS_CSV), 'calls import');
    const formBody = ok(
      await as(admin, 'post', '/api/qa/forms', {
        name: 'Contract form',
        sections: [
          { title: 'Opening', items: [{ text: 'Greets', kind: 'yes_no', weight: 10 }, { text: 'Tone', kind: 'scale', max: 5, weight: 20, naAllowed: true }] },
          { title: 'Compliance', items: [{ text: 'Verifies identity', kind: 'yes_no', weight: 10, critical: true }] },
        ],
      }),
      'form',
    );
    const [s1, s2] = formBody.currentVersion.sections;
    const form = { id: formBody.id, versionId: formBody.currentVersion.id, yesNo: s1.items[0].id, scale: s1.items[1].id, critical: s2.items[0].id };
    const calibration = ok(await as(admin, 'post', '/api/qa/calibrations', { callExternalId: 'CT-2', formVersionId: form.versionId, evaluatorIds: [adminId, supervisorId] }), 'calibration');
    const note = ok(await as(admin, 'post', '/api/coaching-notes', { agentId: agentA.id, text: 'Note' }), 'coaching note');
    const schedule = ok(await as(admin, 'post', '/api/schedules', { kind: 'weekly', teamId: teamA.id, recipients: ['contract-sup@test.dev'], dayOfWeek: 1, time: '07:00' }), 'schedule');
    const apiKey = ok(await as(admin, 'post', '/api/api-keys', { name: 'Contract key', scope: 'ingest' }), 'api key');
    const [notification] = await q(`INSERT INTO notifications (user_id, kind, params) VALUES ($1, 'coaching.note', '{}') RETURNING id`, [adminId]);
    fx = {
      site: site.id, teamA: teamA.id, teamB: teamB.id, agentA: agentA.id, agentB: agentB.id, spare: spare.id, adminId, supervisorId, form, importId: imported.id,
      calibrationId: calibration.id, coachingNoteId: note.id, scheduleId: schedule.id, apiKeyId: apiKey.id, notificationId: Number(notification.id),
    };
  });
  afterAll(() => t.close());

  describe('conventions', () => {
    it('has a probe for every route the app serves', () => {
      const routes = routesOf(t).filter((r) => !docsRoutes.includes(r));
      expect(routes.filter((r) => !probes[r])).toEqual([]);
      expect(Object.keys(probes).filter((r) => !routes.includes(r))).toEqual([]);
    });

    it('answers 400, 401, 403 and 404 with exactly { statusCode, error, message }', async () => {
      expectErrorBody(await as(admin, 'get', '/api/kpis?from=2026-13-01&to=2026-11-30'), 400, 'Bad Request');
      expectErrorBody(await as(null, 'get', '/api/agents'), 401, 'Unauthorized');
      expectErrorBody(await as(agentToken, 'get', '/api/users'), 403, 'Forbidden');
      expectErrorBody(await as(admin, 'get', '/api/agents/999999'), 404, 'Not Found');
      expectErrorBody(await as(admin, 'get', '/api/imports/00000000-0000-4000-8000-000000000000'), 404, 'Not Found');
    });

    it('answers a malformed id or JSON body with a 400, never a 500', async () => {
      const wrong: string[] = [];
      for (const route of routesOf(t).filter((r) => /:(id|agentId)\b/.test(r))) {
        const [method, path] = route.split(' ');
        const res = await as(admin, method.toLowerCase() as Method, path.replace(/:(id|agentId)\b/, 'abc'));
        if (res.status !== 400) wrong.push(`${route}: ${res.status}`);
      }
      expect(wrong).toEqual([]);
      const bad = await t.http().post('/api/qa/forms').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send('{"name": ');
      expectErrorBody(bad, 400, 'Bad Request');
    });

    it('names the missing or wrong parameter of each family of routes', async () => {
      const cases: [string, string][] = [
        ['/api/kpis?from=2026-11-01', 'to'],
        ['/api/kpis/summary?to=2026-11-30', 'from'],
        ['/api/kpis?from=2026-11-01&to=2026-11-30&metrics=aht,speed', 'speed'],
        ['/api/exports/monthly?month=2026-13', 'month'],
        ['/api/exports/weekly?week=2026-46&teamId=1', 'week'],
        [`/api/exports/agent/${1}?from=2026-11-01`, 'to'],
        ['/api/agents?limit=0', 'limit'],
        ['/api/audit?offset=-1', 'offset'],
      ];
      for (const [path, field] of cases) {
        const res = await as(admin, 'get', path);
        expectErrorBody(res, 400, 'Bad Request');
        expect([path, res.body.message]).toEqual([path, expect.stringContaining(field)]);
      }
      const notATable = await upload(admin, { kind: 'calls' }, '\u0000\u0001PNG binary garbage \u0000', 'photo.xlsx');
      expectErrorBody(notATable, 400, 'Bad Request');
    });

    it('names the wrong field in a 400', async () => {
      const res = await as(admin, 'get', '/api/kpis?from=2026-11-01&to=2026-11-30&granularity=year');
      expectErrorBody(res, 400, 'Bad Request');
      expect(res.body.message).toContain('granularity');
    });
  });

  describe('start-up', () => {
    it('GET /api/health -> 200 { status: "ok", db: "up" } without signing in', async () => {
      const res = await as(null, 'get', '/api/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', db: 'up' });
    });

    it('serves the OpenAPI page and documents every route the app serves', async () => {
      const page = await as(null, 'get', '/api/docs');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const json = await as(null, 'get', '/api/docs-json');
      expect(json.status).toBe(200);
      const documented = new Set<string>();
      for (const [path, ops] of Object.entries(json.body.paths as Record<string, Record<string, unknown>>)) {
        for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
      const served = routesOf(t).filter((r) => !docsRoutes.includes(r));
      expect(served.filter((r) => !documented.has(r))).toEqual([]);
    });
  });

  describe('auth and users', () => {
    it('POST /api/auth/login -> 200 { token, user } and an httpOnly SameSite cookie; wrong credentials -> 401', async () => {
      const res = await as(null, 'post', '/api/auth/login', { email: 'contract-agent@test.dev', password: 'test-password-1' });
      expect(res.status).toBe(200);
      expect(typeof res.body.token).toBe('string');
      expect(res.body.user).toMatchObject({ email: 'contract-agent@test.dev', role: 'agent', agentId: fx.agentA, teamIds: [] });
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.includes(res.body.token));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
      // The token works as a Bearer token for scripts.
      expect((await as(res.body.token, 'get', '/api/auth/me')).status).toBe(200);

      expectErrorBody(await as(null, 'post', '/api/auth/login', { email: 'contract-agent@test.dev', password: 'wrong-password' }), 401, 'Unauthorized');
      expectErrorBody(await as(null, 'post', '/api/auth/login', { email: 'nobody@test.dev', password: 'wrong-password' }), 401, 'Unauthorized');
    });

    it('the login cookie alone signs the browser in, and login answers the same user as /me', async () => {
      const res = await as(null, 'post', '/api/auth/login', { email: 'contract-admin@test.dev', password: 'test-password-1' });
      const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
      const me = await t.http().get('/api/auth/me').set('Cookie', cookie);
      expect(me.status).toBe(200);
      expect(me.body).toEqual(res.body.user);
      for (const k of ['id', 'email', 'name', 'role', 'agentId', 'teamIds']) expect(res.body.user).toHaveProperty(k);
    });

    it('GET /api/auth/me -> { id, email, name, role, agentId, teamIds }', async () => {
      const me = ok(await as(admin, 'get', '/api/auth/me'), 'me');
      expect(me).toMatchObject({ id: fx.adminId, email: 'contract-admin@test.dev', role: 'admin', agentId: null, teamIds: [] });
      expect(typeof me.name).toBe('string');
      const agentMe = ok(await as(agentToken, 'get', '/api/auth/me'), 'agent me');
      expect(agentMe).toMatchObject({ role: 'agent', agentId: fx.agentA });
    });

    it('POST /api/auth/logout ends the session', async () => {
      const token = await t.login('contract-agent@test.dev', 'test-password-1');
      expect((await as(token, 'post', '/api/auth/logout')).status).toBe(200);
      expect((await as(token, 'get', '/api/auth/me')).status).toBe(401);
    });

    it('POST /api/users -> 201 { id, ... } linking an agent user to an agent and a supervisor to teams; GET/PATCH', async () => {
      const created = await as(admin, 'post', '/api/users', { email: 'sup@contract.test', name: 'Sup', password: 'long-enough-1', role: 'supervisor', teamIds: [fx.teamA] });
      expect(created.status).toBe(201);
      expect(typeof created.body.id).toBe('number');
      const agentUser = await as(admin, 'post', '/api/users', { email: 'b1@contract.test', name: 'B1', password: 'long-enough-1', role: 'agent', agentId: fx.agentB });
      expect(agentUser.status).toBe(201);
      const supToken = await t.login('sup@contract.test', 'long-enough-1');
      expect(ok(await as(supToken, 'get', '/api/auth/me'), 'sup me')).toMatchObject({ role: 'supervisor', teamIds: [fx.teamA], agentId: null });
      const b1Token = await t.login('b1@contract.test', 'long-enough-1');
      expect(ok(await as(b1Token, 'get', '/api/auth/me'), 'b1 me')).toMatchObject({ role: 'agent', agentId: fx.agentB });
      const list = ok<any[]>(await as(admin, 'get', '/api/users'), 'users');
      expect(list.map((u) => u.email)).toEqual(expect.arrayContaining(['sup@contract.test', 'b1@contract.test']));
      const patched = await as(admin, 'patch', `/api/users/${created.body.id}`, { name: 'Supervisor Two' });
      expect(patched.status).toBe(200);
      expect(patched.body.name).toBe('Supervisor Two');
    });
  });

  describe('organisation and settings', () => {
    it('GET /api/agents: a bare array of { id, code, name, team: { id, name }, site: { id, name } | null, active }', async () => {
      const res = await as(admin, 'get', '/api/agents');
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body)).toBe(true);
      const a = res.body.find((x: any) => x.id === fx.agentA);
      expect(a).toMatchObject({ id: fx.agentA, code: 'CA1', name: '陈小明', team: { id: fx.teamA, name: expect.any(String) }, site: { id: fx.site, name: 'Contract Site' }, active: true });
      const b = res.body.find((x: any) => x.id === fx.agentB);
      expect(b).toMatchObject({ code: 'CB1', team: { id: fx.teamB, name: 'Contract Team B' }, site: null, active: true });
    });

    it('pages agents through ?limit&offset with the total in X-Total-Count', async () => {
      const all = ok<any[]>(await as(admin, 'get', '/api/agents'), 'all agents');
      const page1 = await as(admin, 'get', '/api/agents?limit=2&offset=0');
      const page2 = await as(admin, 'get', '/api/agents?limit=2&offset=2');
      expect(page1.headers['x-total-count']).toBe(String(all.length));
      expect(page2.headers['x-total-count']).toBe(String(all.length));
      expect(page1.body).toHaveLength(2);
      expect([...page1.body, ...page2.body].map((x: any) => x.id)).toEqual(all.slice(0, 4).map((x) => x.id));
    });

    it('GET /api/teams: [{ id, name, site: { id, name } | null }]; GET /api/sites: a bare array', async () => {
      const teams = ok<any[]>(await as(admin, 'get', '/api/teams'), 'teams');
      expect(teams.find((x) => x.id === fx.teamA)).toMatchObject({ id: fx.teamA, name: expect.any(String), site: { id: fx.site, name: 'Contract Site' } });
      expect(teams.find((x) => x.id === fx.teamB)).toMatchObject({ name: 'Contract Team B', site: null });
      const sites = ok<any[]>(await as(admin, 'get', '/api/sites'), 'sites');
      expect(sites.find((x) => x.id === fx.site)).toMatchObject({ id: fx.site, name: 'Contract Site' });
      // Filtered to what the caller may see: the agent sees their own record only.
      const agents = ok<any[]>(await as(agentToken, 'get', '/api/agents'), 'agent agents');
      expect(agents.map((x) => x.id)).toEqual([fx.agentA]);
    });

    it('POST and PATCH on sites, teams and agents (admin)', async () => {
      const site = await as(admin, 'post', '/api/sites', { name: 'Shenzhen' });
      expect(site.status).toBe(201);
      expect(site.body).toEqual({ id: expect.any(Number), name: 'Shenzhen' });
      const renamed = await as(admin, 'patch', `/api/sites/${site.body.id}`, { name: 'Shenzhen Nanshan' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ id: site.body.id, name: 'Shenzhen Nanshan' });
      expectErrorBody(await as(admin, 'patch', `/api/sites/${site.body.id}`, { name: 'Contract Site' }), 409, 'Conflict');
      expectErrorBody(await as(admin, 'patch', '/api/sites/999999', { name: 'Nowhere' }), 404, 'Not Found');
      const team = await as(admin, 'post', '/api/teams', { name: 'Night shift', siteId: site.body.id });
      expect(team.status).toBe(201);
      expect(team.body).toMatchObject({ id: expect.any(Number), name: 'Night shift', site: { id: site.body.id, name: 'Shenzhen Nanshan' } });
      const moved = ok(await as(admin, 'patch', `/api/teams/${team.body.id}`, { siteId: null }), 'team patch');
      expect(moved).toMatchObject({ id: team.body.id, site: null });
      const agent = await as(admin, 'post', '/api/agents', { code: 'CN1', name: 'Night One', teamId: team.body.id });
      expect(agent.status).toBe(201);
      expect(agent.body).toMatchObject({ id: expect.any(Number), code: 'CN1', name: 'Night One', team: { id: team.body.id, name: 'Night shift' }, site: null, active: true });
      expect(ok(await as(admin, 'patch', `/api/agents/${agent.body.id}`, { active: false }), 'agent patch')).toMatchObject({ active: false });
    });

    it('POST /api/agents/:id/moves { teamId, effectiveFrom } moves an agent from a date on, keeping history', async () => {
      const [{ id }] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('CMV', 'Mover') RETURNING id`);
      await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $2, NULL)`, [id, fx.teamA]);
      const res = await as(admin, 'post', `/api/agents/${id}/moves`, { teamId: fx.teamB, effectiveFrom: '2026-11-15' });
      expect(res.status).toBe(201);
      const rows = await t.db.query(`SELECT team_id, to_char(valid_from, 'YYYY-MM-DD') AS f, to_char(valid_to, 'YYYY-MM-DD') AS t FROM agent_team_memberships WHERE agent_id = $1 ORDER BY valid_from NULLS FIRST`, [id]);
      expect(rows).toEqual([
        { team_id: fx.teamA, f: null, t: '2026-11-15' },
        { team_id: fx.teamB, f: '2026-11-15', t: null },
      ]);
      expect(ok(await as(admin, 'get', `/api/agents/${id}`), 'moved').team).toMatchObject({ id: fx.teamB });
      expectErrorBody(await as(admin, 'post', `/api/agents/${id}/moves`, { teamId: fx.teamA }), 400, 'Bad Request');
    });

    it('GET /api/settings has every field docs/api.md names; PATCH takes any subset and rejects bad values', async () => {
      const s = ok(await as(agentToken, 'get', '/api/settings'), 'settings');
      expect(s).toMatchObject({
        timezone: 'Asia/Shanghai',
        serviceLevelSeconds: 30,
        serviceLevelByChannel: expect.any(Object),
        shortAbandonSeconds: 0,
        fcrMethod: 'flag',
        fcrWindowDays: 7,
        minSample: { calls: 20, surveys: 10, nps: 30, qa: 4 },
        disputeWindowDays: 14,
        targets: { org: expect.any(Object), teams: expect.any(Object) },
      });
      const patched = ok(
        await as(admin, 'patch', '/api/settings', { serviceLevelByChannel: { chat: 60, email: 86400 }, minSample: { qa: 2 }, targets: { teams: { [String(fx.teamA)]: { aht: { target: 300, tolerance: 30 } } } } }),
        'patch',
      );
      expect(patched).toMatchObject({ serviceLevelSeconds: 30, serviceLevelByChannel: { chat: 60, email: 86400 }, minSample: { calls: 20, surveys: 10, nps: 30, qa: 2 } });
      expect(patched.targets.teams[String(fx.teamA)].aht).toEqual({ target: 300, tolerance: 30 });
      expect(ok(await as(admin, 'get', '/api/settings'), 'again')).toMatchObject({ serviceLevelByChannel: { chat: 60, email: 86400 }, minSample: { qa: 2 } });
      ok(await as(admin, 'patch', '/api/settings', { minSample: { qa: 4 } }), 'restore');
      for (const bad of [{ timezone: 'Mars/Olympus' }, { fcrMethod: 'guess' }, { serviceLevelSeconds: -1 }, { fcrWindowDays: 0 }, { minSample: { calls: 'many' } }, { targets: { org: { aht: { target: 'x' } } } }]) {
        const res = await as(admin, 'patch', '/api/settings', bad);
        expectErrorBody(res, 400, 'Bad Request');
        expect(res.body.message).toContain(Object.keys(bad)[0]);
      }
    });
  });

  describe('settings take effect', () => {
    it('changing service-level seconds rebuilds the figures before the answer returns', async () => {
      const sl = async () => ok(await as(admin, 'get', '/api/kpis?from=2026-11-02&to=2026-11-08&metrics=service_level'), 'sl').rows[0].metrics.service_level;
      // Waits 10, 50 and 5 s: within 30 s two of three.
      expect(await sl()).toMatchObject({ num: 2, den: 3 });
      ok(await as(admin, 'patch', '/api/settings', { serviceLevelSeconds: 60 }), 'sl 60');
      expect(await sl()).toMatchObject({ num: 3, den: 3 });
      ok(await as(admin, 'patch', '/api/settings', { serviceLevelSeconds: 30 }), 'sl 30');
      expect(await sl()).toMatchObject({ num: 2, den: 3 });
    });
  });

  describe('imports', () => {
    const jobFields = ['errors', 'id', 'kind', 'newAgents', 'progress', 'rowsInserted', 'rowsRejected', 'rowsSkipped', 'rowsTotal', 'rowsUnchanged', 'rowsUpdated', 'status'];

    it('answers 202 { id, status } without wait, and GET /api/imports/:id gives the job object', async () => {
      const res = await upload(admin, { kind: 'agents' }, 'agent_code,name\nCN7,New Seven\n', 'agents.csv');
      expect(res.status).toBe(202);
      expect(Object.keys(res.body).sort()).toEqual(['id', 'status']);
      expect(['queued', 'running', 'succeeded']).toContain(res.body.status);
      let job: any;
      for (let i = 0; i < 100; i++) {
        job = ok(await as(admin, 'get', `/api/imports/${res.body.id}`), 'job');
        if (job.status === 'succeeded' || job.status === 'failed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(Object.keys(job).filter((k) => jobFields.includes(k)).sort()).toEqual(jobFields);
      expect(job).toMatchObject({ id: res.body.id, kind: 'agents', status: 'succeeded', progress: 1, rowsTotal: 1, rowsInserted: 1, rowsRejected: 0, errors: [] });
    });

    it('with wait=true answers 200 with the whole job; rejected rows are listed, not an HTTP error; errors.csv has a BOM and the columns', async () => {
      const csv = ['external_id,started_at,agent_code,queue,talk_s', 'CT-9,2026-10-05 09:00:00,CA1,Cantonese,60', 'CT-10,2026-10-05 09:10:00,CA1,=SUM(A1),abc', 'CT-11,2026-10-05 09:20:00,CNEW,Cantonese,70'].join('\n');
      const res = await upload(admin, { kind: 'calls', wait: 'true', onError: 'skip' }, csv);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).filter((k) => jobFields.includes(k)).sort()).toEqual(jobFields);
      expect(res.body).toMatchObject({ kind: 'calls', status: 'succeeded', rowsTotal: 3, rowsInserted: 2, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 1, rowsSkipped: 0, newAgents: ['CNEW'] });
      expect(res.body.errors).toEqual([{ row: 3, column: 'talk_s', value: 'abc', message: expect.any(String) }]);
      const rejected = await upload(admin, { kind: 'calls', wait: 'true' }, csv.replace('CT-9', 'CT-19').replace('CT-10', 'CT-20').replace('CT-11', 'CT-21'));
      expect(rejected.status).toBe(200);
      // Reject mode writes nothing; its counts say what the valid rows would have done (docs/decisions.md).
      expect(rejected.body).toMatchObject({ status: 'failed', rowsInserted: 2, rowsRejected: 1 });
      expect(await t.db.query(`SELECT external_id FROM calls WHERE external_id IN ('CT-19', 'CT-20', 'CT-21')`)).toEqual([]);

      const file = await t.http().get(`/api/imports/${res.body.id}/errors.csv`).set('Authorization', `Bearer ${admin}`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toMatch(/text\/csv/);
      const bytes = file.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
      expect(lines[0]).toBe('row,column,value,message,external_id,started_at,agent_code,queue,talk_s');
      expect(lines).toHaveLength(2);
      expect(lines[1].startsWith('3,talk_s,abc,')).toBe(true);
      expect(lines[1]).toContain(",'=SUM(A1),");

      const list = ok<any[]>(await as(admin, 'get', '/api/imports'), 'list');
      expect(Array.isArray(list)).toBe(true);
      expect(list.map((j) => j.id)).toEqual(expect.arrayContaining([res.body.id, rejected.body.id, fx.importId]));
    });

    it('dryRun validates without writing; a key repeated within a file is an error on its later row', async () => {
      const csv = ['external_id,started_at,agent_code,talk_s', 'CT-30,2026-10-06 09:00:00,CA1,60', 'CT-30,2026-10-06 09:05:00,CA1,70'].join('\n');
      const res = ok(await upload(admin, { kind: 'calls', wait: 'true', dryRun: 'true', onError: 'skip' }, csv), 'dry run');
      expect(res).toMatchObject({ status: 'succeeded', rowsTotal: 2, rowsInserted: 1, rowsRejected: 1 });
      expect(res.errors.map((e: any) => [e.row, e.column])).toEqual([[3, 'external_id']]);
      expect(await t.db.query(`SELECT 1 FROM calls WHERE external_id = 'CT-30'`)).toEqual([]);
    });

    it('is a 400 only when the request cannot be an import', async () => {
      expectErrorBody(await t.http().post('/api/imports').set('Authorization', `Bearer ${admin}`).field('kind', 'calls'), 400, 'Bad Request');
      expectErrorBody(await upload(admin, { kind: 'invoices' }, 'a,b\n1,2\n'), 400, 'Bad Request');
      expectErrorBody(await upload(admin, { kind: 'calls', mapping: '{not json' }, CALLS_CSV), 400, 'Bad Request');
    });
  });

  describe('KPIs', () => {
    it('answers { from, to, timezone, granularity, groupBy, rows } with the metric fields; ci only on proportions', async () => {
      const res = ok(await as(admin, 'get', '/api/kpis?from=2026-11-01&to=2026-11-08&granularity=total&metrics=aht,fcr,offered'), 'kpis');
      expect(res).toMatchObject({ from: '2026-11-01', to: '2026-11-08', timezone: 'Asia/Shanghai', granularity: 'total', groupBy: 'org' });
      expect(res.rows).toHaveLength(1);
      const row = res.rows[0];
      expect(row.period).toBe('total');
      expect(row.periodStart).toBe('2026-11-01');
      expect(row).not.toHaveProperty('group');
      expect(Object.keys(row.metrics).sort()).toEqual(['aht', 'fcr', 'offered']);
      // CT-1, CT-2, CT-3 answered: handle 360 + 220 + 110 = 690 over 3; fcr flag 2 of 3.
      expect(row.metrics.aht).toEqual({ value: 230, num: 690, den: 3, n: 3, lowSample: true, target: null, status: null });
      expect(row.metrics.aht).not.toHaveProperty('ci');
      expect(row.metrics.fcr).toMatchObject({ num: 2, den: 3, n: 3, lowSample: true, ci: [expect.any(Number), expect.any(Number)] });
      expect(row.metrics.fcr.value).toBeCloseTo(2 / 3, 10);
      for (const m of Object.values(row.metrics) as any[]) for (const k of ['value', 'num', 'den', 'n', 'lowSample', 'target', 'status']) expect(m).toHaveProperty(k);
    });

    it('reports ci on the listed proportions only', async () => {
      const res = ok(await as(admin, 'get', '/api/kpis?from=2026-11-01&to=2026-11-08'), 'all metrics');
      const metrics = res.rows[0].metrics as Record<string, object>;
      expect(Object.keys(metrics)).toHaveLength(25);
      const withCi = Object.keys(metrics).filter((k) => 'ci' in metrics[k]).sort();
      expect(withCi).toEqual(['abandon_rate', 'autoqa_coverage', 'complaint_resolution_sla', 'complaint_response_sla', 'csat_pct', 'escalation_rate', 'fcr', 'fcr_flag', 'fcr_repeat', 'forbidden_phrase_rate', 'qa_autofail_rate', 'service_level', 'transfer_rate']);
    });

    it('lets an agent ask for groupBy=team figures of their own team', async () => {
      const res = ok(await as(agentToken, 'get', '/api/kpis?from=2026-11-01&to=2026-11-08&groupBy=team&metrics=offered'), 'agent team');
      expect(res.rows.map((r: any) => [r.group.id, r.metrics.offered.num])).toEqual([[fx.teamA, 2]]);
    });

    it('labels periods by day, week, month and total, and groups carry type/id/name (code for agents, name as queue id)', async () => {
      const get = async (qs: string) => ok(await as(admin, 'get', `/api/kpis?from=2026-11-01&to=2026-11-30&metrics=offered&${qs}`), qs).rows as any[];
      const days = await get('granularity=day');
      expect(days.map((r) => [r.period, r.periodStart])).toEqual([
        ['2026-11-03', '2026-11-03'],
        ['2026-11-04', '2026-11-04'],
        ['2026-11-10', '2026-11-10'],
      ]);
      const weeks = await get('granularity=week');
      expect(weeks.map((r) => [r.period, r.periodStart])).toEqual([
        ['2026-W45', '2026-11-02'],
        ['2026-W46', '2026-11-09'],
      ]);
      const months = await get('granularity=month');
      expect(months.map((r) => [r.period, r.periodStart])).toEqual([['2026-11', '2026-11-01']]);

      const agents = await get('groupBy=agent');
      const a = agents.find((r) => r.group.id === fx.agentA);
      expect(a.group).toEqual({ type: 'agent', id: fx.agentA, name: '陈小明', code: 'CA1' });
      // The call without an agent is only in org and queue rows.
      expect(agents.reduce((s, r) => s + r.metrics.offered.num, 0)).toBe(3);
      const queues = await get('groupBy=queue');
      expect(queues.map((r) => r.group).sort((x: any, y: any) => x.id.localeCompare(y.id))).toEqual([
        { type: 'queue', id: 'Cantonese', name: 'Cantonese' },
        { type: 'queue', id: 'Mandarin', name: 'Mandarin' },
      ]);
      const teams = await get('groupBy=team');
      expect(teams.find((r) => r.group.id === fx.teamA).group).toMatchObject({ type: 'team', id: fx.teamA, name: expect.any(String) });
      // An agent asking for groupBy=agent gets their own row only.
      const own = ok(await as(agentToken, 'get', '/api/kpis?from=2026-11-01&to=2026-11-30&metrics=offered&groupBy=agent'), 'agent kpis');
      expect(own.rows.map((r: any) => r.group.id)).toEqual([fx.agentA]);
    });

    it('GET /api/kpis/summary gives the metrics with previous (the equal-length range before) and delta per metric', async () => {
      const res = ok(await as(admin, 'get', '/api/kpis/summary?from=2026-11-09&to=2026-11-15'), 'summary');
      expect(res).toMatchObject({ from: '2026-11-09', to: '2026-11-15', previous: { from: '2026-11-02', to: '2026-11-08' } });
      // This week: CT-4 only (unanswered); the week before: CT-1..3.
      expect(res.metrics.offered).toMatchObject({ value: 1, num: 1, previous: 3, delta: -2 });
      expect(res.metrics.abandon_rate).toMatchObject({ value: 1, previous: 0, delta: 1 });
      // No answered call this week: no AHT, so no change either.
      expect(res.metrics.aht).toMatchObject({ value: null, previous: 230, delta: null });
      const team = ok(await as(admin, 'get', `/api/kpis/summary?from=2026-11-09&to=2026-11-15&teamId=${fx.teamA}`), 'team summary');
      expect(team.metrics.offered).toMatchObject({ value: 0, previous: 2, delta: -2 });
    });
  });

  describe('QA', () => {
    it('answers a form with currentVersion { id, version, sections: [{ id, title, items: [{ id, text, kind, max, weight, critical, naAllowed }] }] } in the given order', async () => {
      const form = ok(await as(admin, 'get', `/api/qa/forms/${fx.form.id}`), 'form');
      expect(form.name).toBe('Contract form');
      expect(Object.keys(form.currentVersion)).toEqual(expect.arrayContaining(['id', 'version', 'sections']));
      expect(form.currentVersion.sections.map((s: any) => s.title)).toEqual(['Opening', 'Compliance']);
      expect(form.currentVersion.sections[0].items.map((i: any) => ({ id: i.id, text: i.text, kind: i.kind, max: i.max, weight: i.weight, critical: i.critical, naAllowed: i.naAllowed }))).toEqual([
        { id: fx.form.yesNo, text: 'Greets', kind: 'yes_no', max: null, weight: 10, critical: false, naAllowed: false },
        { id: fx.form.scale, text: 'Tone', kind: 'scale', max: 5, weight: 20, critical: false, naAllowed: true },
      ]);
      expect(form.currentVersion.sections[1].items[0]).toMatchObject({ id: fx.form.critical, critical: true });
      expect(Array.isArray(form.versions)).toBe(true);
      const list = ok<any[]>(await as(admin, 'get', '/api/qa/forms'), 'forms');
      expect(list.map((f) => f.id)).toContain(fx.form.id);
    });

    it('evaluations: 201 { id, status: "draft", score, autoFail } ignoring score/autoFail in the body; 400 naming the item; lifecycle', async () => {
      const body = { formVersionId: fx.form.versionId, agentId: fx.agentA, callExternalId: 'CT-1', answers: answersFor(fx), comment: 'Good', score: 5, autoFail: true };
      body.answers[1].value = 'na' as never;
      const created = await as(admin, 'post', '/api/qa/evaluations', body);
      expect(created.status).toBe(201);
      // Tone is N/A: 20 of 20 possible points.
      expect(created.body).toMatchObject({ id: expect.any(Number), status: 'draft', score: 100, autoFail: false });

      // A draft may leave items unanswered (docs/decisions.md "Partial drafts"); submitting it is the 400 naming them.
      const missing = await as(admin, 'post', '/api/qa/evaluations', { ...body, answers: body.answers.slice(0, 2) });
      expect(missing.status).toBe(201);
      expect(missing.body).toMatchObject({ status: 'draft', score: null, unansweredItemIds: [fx.form.critical] });
      const early = await as(admin, 'post', `/api/qa/evaluations/${missing.body.id}/submit`);
      expectErrorBody(early, 400, 'Bad Request', false);
      expect(early.body.code).toBe('answers_incomplete');
      expect(early.body.message).toContain('Verifies identity');
      const outOfRange = await as(admin, 'post', '/api/qa/evaluations', { ...body, answers: [answersFor(fx)[0], { itemId: fx.form.scale, value: 6 }, answersFor(fx)[2]] });
      expectErrorBody(outOfRange, 400, 'Bad Request', false);
      expect(outOfRange.body.message).toContain('Tone');
      const naNotAllowed = await as(admin, 'post', '/api/qa/evaluations', { ...body, answers: [{ itemId: fx.form.yesNo, value: 'na' }, answersFor(fx)[1], answersFor(fx)[2]] });
      expectErrorBody(naNotAllowed, 400, 'Bad Request', false);
      expect(naNotAllowed.body.message).toContain('Greets');
      const wrongKind = await as(admin, 'post', '/api/qa/evaluations', { ...body, answers: [{ itemId: fx.form.yesNo, value: 1 }, answersFor(fx)[1], answersFor(fx)[2]] });
      expectErrorBody(wrongKind, 400, 'Bad Request', false);
      expect(wrongKind.body.message).toContain('Greets');

      const id = created.body.id;
      expect(ok(await as(admin, 'post', `/api/qa/evaluations/${id}/submit`), 'submit')).toMatchObject({ id, status: 'submitted' });
      const listed = await as(admin, 'get', `/api/qa/evaluations?agentId=${fx.agentA}&from=2026-11-01&to=2026-12-31&status=submitted`);
      expect(listed.status).toBe(200);
      expect(listed.body.map((e: any) => e.id)).toContain(id);
      expect(ok(await as(agentToken, 'post', `/api/qa/evaluations/${id}/dispute`, { reason: 'I did verify the caller.' }), 'dispute')).toMatchObject({ status: 'disputed' });
      expectErrorBody(await as(admin, 'post', `/api/qa/evaluations/${id}/resolve`, { answers: answersFor(fx) }), 400, 'Bad Request');
      const resolved = ok(await as(admin, 'post', `/api/qa/evaluations/${id}/resolve`, { answers: [answersFor(fx)[0], answersFor(fx)[1], { itemId: fx.form.critical, value: false }], note: 'Identity not verified after all.' }), 'resolve');
      expect(resolved).toMatchObject({ status: 'resolved', score: 0, autoFail: true });
      const detail = ok(await as(admin, 'get', `/api/qa/evaluations/${id}`), 'detail');
      expect(Array.isArray(detail.history)).toBe(true);
      expect(detail.history.length).toBeGreaterThanOrEqual(3);

      // Acknowledge: a second, submitted evaluation.
      const second = ok(await as(admin, 'post', '/api/qa/evaluations', { formVersionId: fx.form.versionId, agentId: fx.agentA, answers: answersFor(fx) }), 'second');
      // 10 + 20 × 3/5 + 10 = 32 of 40.
      expect(second.score).toBe(80);
      ok(await as(admin, 'post', `/api/qa/evaluations/${second.id}/submit`), 'submit 2');
      expect(ok(await as(agentToken, 'post', `/api/qa/evaluations/${second.id}/acknowledge`), 'ack')).toMatchObject({ status: 'acknowledged' });
    });

    it('computes score unrounded (0..100); POST /api/qa/forms answers 201; dispute needs a reason', async () => {
      const created = await as(admin, 'post', '/api/qa/forms', { name: 'Thirds', sections: [{ title: 'All', items: ['A', 'B', 'C'].map((text) => ({ text, kind: 'yes_no', weight: 1 })) }] });
      expect(created.status).toBe(201);
      const items = created.body.currentVersion.sections[0].items.map((i: any) => i.id);
      expect(created.body.currentVersion.sections[0].items.map((i: any) => i.text)).toEqual(['A', 'B', 'C']);
      const ev = await as(admin, 'post', '/api/qa/evaluations', { formVersionId: created.body.currentVersion.id, agentId: fx.agentA, answers: items.map((itemId: number, i: number) => ({ itemId, value: i === 0 })) });
      expect(ev.status).toBe(201);
      expect(ev.body.score).toBeCloseTo(100 / 3, 10);
      ok(await as(admin, 'post', `/api/qa/evaluations/${ev.body.id}/submit`), 'submit');
      const noReason = await as(agentToken, 'post', `/api/qa/evaluations/${ev.body.id}/dispute`, {});
      expectErrorBody(noReason, 400, 'Bad Request');
      expect(noReason.body.message).toContain('reason');
    });

    it('PUT /api/qa/forms/:id creates a new version once evaluations exist', async () => {
      const form = ok(await as(admin, 'post', '/api/qa/forms', smallForm('Versioned')), 'form');
      const v1 = form.currentVersion;
      const edited = ok(await as(admin, 'put', `/api/qa/forms/${form.id}`, smallForm('Versioned')), 'edit before use');
      expect(edited.currentVersion.version).toBe(v1.version);
      const itemId = edited.currentVersion.sections[0].items[0].id;
      ok(await as(admin, 'post', '/api/qa/evaluations', { formVersionId: edited.currentVersion.id, agentId: fx.agentA, answers: [{ itemId, value: true }] }), 'use');
      const after = ok(await as(admin, 'put', `/api/qa/forms/${form.id}`, { ...smallForm('Versioned'), sections: [{ title: 'Opening', items: [{ text: 'Greets by name', kind: 'yes_no', weight: 10 }] }] }), 'edit after use');
      expect(after.currentVersion.version).toBe(v1.version + 1);
      expect(after.currentVersion.id).not.toBe(edited.currentVersion.id);
      expect(after.currentVersion.sections[0].items[0].text).toBe('Greets by name');
      const withVersions = ok(await as(admin, 'get', `/api/qa/forms/${form.id}`), 'versions');
      expect(withVersions.versions.map((v: any) => v.version).sort()).toEqual([v1.version, v1.version + 1]);
    });
  });

  describe('exports', () => {
    it.each([
      ['monthly', (f: Fixture) => `/api/exports/monthly?month=2026-11&teamId=${f.teamA}`],
      ['weekly', (f: Fixture) => `/api/exports/weekly?week=2026-W45&teamId=${f.teamA}`],
      ['agent', (f: Fixture) => `/api/exports/agent/${f.agentA}?from=2026-11-01&to=2026-11-30`],
    ])('%s answers an xlsx with a Content-Disposition file name and is audited', async (_name, path) => {
      const before = ok(await as(admin, 'get', '/api/audit?action=export'), 'audit').total;
      const res = await t.http().get(path(fx)).set('Authorization', `Bearer ${admin}`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.xlsx"/);
      expect((res.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
      expect(ok(await as(admin, 'get', '/api/audit?action=export'), 'audit after').total).toBe(before + 1);
    });
  });

  describe('audit', () => {
    it('writes every instant as ISO 8601 with an offset', async () => {
      const instants: string[] = [];
      const walk = (v: unknown) => {
        if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) instants.push(v);
        else if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      };
      const evaluations = ok<any[]>(await as(admin, 'get', `/api/qa/evaluations?agentId=${fx.agentA}`), 'evaluations');
      for (const path of ['/api/audit?limit=500', '/api/imports', `/api/imports/${fx.importId}`, '/api/users', '/api/qa/forms', `/api/qa/forms/${fx.form.id}`, `/api/qa/calibrations/${fx.calibrationId}`, `/api/coaching-notes?agentId=${fx.agentA}`, `/api/qa/evaluations/${evaluations[0].id}`]) {
        walk(ok(await as(admin, 'get', path), path));
      }
      walk(evaluations);
      expect(instants.length).toBeGreaterThan(10);
      expect(instants.filter((s) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s))).toEqual([]);
    });

    it('GET /api/audit filters by from/to and refuses an unknown action', async () => {
      const res = ok(await as(admin, 'get', '/api/audit?from=2000-01-01&to=2000-01-31'), 'old');
      expect(res).toEqual({ items: [], total: 0 });
      const bad = await as(admin, 'get', '/api/audit?action=teleport');
      expectErrorBody(bad, 400, 'Bad Request');
      expect(bad.body.message).toContain('action');
    });

    it('GET /api/audit: { items: [{ id, at, action, user: { id, email } | null, target, detail }], total }, newest first, filtered and paged', async () => {
      const all = ok(await as(admin, 'get', '/api/audit?limit=500'), 'audit');
      expect(Object.keys(all).sort()).toEqual(['items', 'total']);
      expect(all.total).toBe(all.items.length);
      for (const item of all.items) {
        for (const k of ['id', 'at', 'action', 'user', 'target', 'detail']) expect(item).toHaveProperty(k);
        expect(item.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
        if (item.user !== null) expect(Object.keys(item.user)).toEqual(expect.arrayContaining(['id', 'email']));
      }
      const ats = all.items.map((i: any) => Date.parse(i.at));
      expect(ats).toEqual([...ats].sort((a, b) => b - a));
      const actions = new Set(all.items.map((i: any) => i.action));
      for (const a of ['auth.login', 'auth.login_failed', 'import', 'export', 'evaluation.create', 'evaluation.submit', 'evaluation.acknowledge', 'evaluation.dispute', 'evaluation.resolve', 'settings.update', 'user.create', 'user.update']) {
        expect(actions).toContain(a);
      }
      const failed = all.items.find((i: any) => i.action === 'auth.login_failed');
      expect(failed).toBeDefined();
      const login = all.items.find((i: any) => i.action === 'auth.login');
      expect(login.user).toMatchObject({ id: expect.any(Number), email: expect.any(String) });

      const exports = ok(await as(admin, 'get', '/api/audit?action=export'), 'exports');
      expect(exports.items.length).toBeGreaterThan(0);
      expect(exports.items.every((i: any) => i.action === 'export')).toBe(true);
      const page = ok(await as(admin, 'get', '/api/audit?limit=2&offset=1'), 'page');
      expect(page.total).toBe(all.total);
      expect(page.items.map((i: any) => i.id)).toEqual(all.items.slice(1, 3).map((i: any) => i.id));
      const mine = ok(await as(admin, 'get', `/api/audit?userId=${fx.adminId}&action=settings.update`), 'mine');
      expect(mine.items.length).toBeGreaterThan(0);
      expect(mine.items.every((i: any) => i.user?.id === fx.adminId)).toBe(true);
    });
  });

  // Last: a route that wrongly accepted the unknown field would have acted on the fixture.
  describe('unknown fields', () => {
    it('rejects an unknown query field on every route, and an unknown body field on every POST/PATCH/PUT, with a 400 naming it', async () => {
      const wrong: string[] = [];
      for (const route of routesOf(t).filter((r) => probes[r])) {
        const probe = probes[route];
        const method = route.split(' ')[0].toLowerCase() as Method;
        const token = probe.as === 'agent' ? agentToken : probe.fresh ? await t.login('contract-admin@test.dev', 'test-password-1') : admin;
        const path = await probe.path(fx);
        const withQuery = `${path}${path.includes('?') ? '&' : '?'}bogusField=1`;
        // Unknown query field.
        let req = t.http()[method](withQuery).set('Authorization', `Bearer ${token}`);
        const body = probe.body ? await probe.body(fx) : undefined;
        const res = probe.upload ? await req.field('kind', 'agents').field('dryRun', 'true').attach('file', Buffer.from('agent_code,name\nZZ1,Z\n'), 'a.csv') : body ? await req.send(body) : await req;
        if (res.status !== 400 || !String(res.body?.message).includes('bogusField')) wrong.push(`${route} ?bogusField: ${res.status} ${JSON.stringify(res.body?.message ?? '')}`);
        if (method === 'get' || method === 'delete') continue;
        // Unknown body field.
        req = t.http()[method](path).set('Authorization', `Bearer ${token}`);
        const res2 = probe.upload
          ? await req.field('kind', 'agents').field('dryRun', 'true').field('bogusField', '1').attach('file', Buffer.from('agent_code,name\nZZ1,Z\n'), 'a.csv')
          : await req.send({ ...(body ?? {}), bogusField: 1 });
        if (res2.status !== 400 || !String(res2.body?.message).includes('bogusField')) wrong.push(`${route} body.bogusField: ${res2.status} ${JSON.stringify(res2.body?.message ?? '')}`);
      }
      expect(wrong).toEqual([]);
    }, 120_000);
  });
});
