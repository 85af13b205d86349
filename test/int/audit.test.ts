import { createTestApp, TestApp, TEST_PASSWORD } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('GET /api/audit', () => {
  let t: TestApp;
  let admin: string;
  let hrId: number;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin', { email: 'auditor@audit.test' });
    await t.userToken('hr', { email: 'hr@audit.test' });
    [{ id: hrId }] = await t.db.query(`SELECT id FROM users WHERE email = 'hr@audit.test'`);
    // Clear the sign-ins above so the fixture below is the whole log.
    await t.db.query(`DELETE FROM audit_log`);
    // The org time zone is Asia/Shanghai (UTC+8): 2026-10-31T16:30Z is already 1 November there.
    await t.db.query(
      `INSERT INTO audit_log (at, action, user_id, user_email, target, detail) VALUES
         ('2026-10-31T15:30:00Z', 'auth.login', $1, 'hr@audit.test', NULL, '{}'),
         ('2026-10-31T16:30:00Z', 'export', $1, 'hr@audit.test', 'monthly:2026-10', '{"month":"2026-10"}'),
         ('2026-11-01T10:00:00Z', 'settings.update', NULL, NULL, NULL, '{"fcrWindowDays":5}'),
         ('2026-11-02T01:00:00Z', 'export', $1, 'hr@audit.test', 'weekly:2026-W44', '{}')`,
      [hrId],
    );
  });
  afterAll(() => t.close());

  const get = (query: string) => t.http().get(`/api/audit${query}`).set(bearer(admin));

  it('lists newest first with the user as { id, email }', async () => {
    const res = await get('?to=2026-11-30');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(4);
    expect(res.body.items.map((i: { at: string }) => i.at)).toEqual([
      '2026-11-02T01:00:00.000Z',
      '2026-11-01T10:00:00.000Z',
      '2026-10-31T16:30:00.000Z',
      '2026-10-31T15:30:00.000Z',
    ]);
    expect(res.body.items[0]).toEqual({ id: expect.any(Number), at: '2026-11-02T01:00:00.000Z', action: 'export', user: { id: hrId, email: 'hr@audit.test' }, target: 'weekly:2026-W44', detail: {} });
    expect(res.body.items[1].user).toBeNull();
  });

  it.each([
    ['action=export', 2, ['2026-11-02T01:00:00.000Z', '2026-10-31T16:30:00.000Z']],
    // 1 November in Shanghai runs from 2026-10-31T16:00Z to 2026-11-01T16:00Z.
    ['from=2026-11-01&to=2026-11-01', 2, ['2026-11-01T10:00:00.000Z', '2026-10-31T16:30:00.000Z']],
    ['from=2026-10-31T16:00:00Z&to=2026-11-01T10:00:00Z', 2, ['2026-11-01T10:00:00.000Z', '2026-10-31T16:30:00.000Z']],
    ['from=2026-10-31T16:00:00Z&to=2026-11-01T09:59:59Z', 1, ['2026-10-31T16:30:00.000Z']],
    [`userId=HR&action=export&from=2026-11-02`, 1, ['2026-11-02T01:00:00.000Z']],
    ['to=2026-11-30&limit=2&offset=1', 4, ['2026-11-01T10:00:00.000Z', '2026-10-31T16:30:00.000Z']],
    ['to=2026-11-30&limit=2&offset=10', 4, []],
  ])('filters %s', async (query, total, ats) => {
    const res = await get(`?${query.replace('userId=HR', `userId=${hrId}`)}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(total);
    expect(res.body.items.map((i: { at: string }) => i.at)).toEqual(ats);
  });

  it.each([
    ['action=delete_everything', 'action'],
    ['from=2026-13-45', 'from'],
    ['from=yesterday', 'from'],
    ['limit=0', 'limit'],
    ['limit=100000', 'limit'],
    ['color=red', 'color'],
  ])('rejects %s with a 400 naming the parameter', async (query, field) => {
    const res = await get(`?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('is for admins only', async () => {
    const hr = await t.login('hr@audit.test', TEST_PASSWORD);
    expect((await t.http().get('/api/audit').set(bearer(hr))).status).toBe(403);
    expect((await t.http().get('/api/audit')).status).toBe(401);
  });

  it('records sign-ins, failed sign-ins and user changes made through the API', async () => {
    await t.http().post('/api/auth/login').send({ email: 'hr@audit.test', password: 'wrong-password' }).expect(401);
    await t.http().patch(`/api/users/${hrId}`).set(bearer(admin)).send({ name: 'HR Chen' }).expect(200);
    const res = await get('?from=2026-11-03');
    const actions = res.body.items.map((i: { action: string; target: string | null }) => `${i.action} ${i.target ?? ''}`.trim());
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed hr@audit.test', `user.update user:${hrId}`]));
    const update = res.body.items.find((i: { action: string }) => i.action === 'user.update');
    expect(update.user.email).toBe('auditor@audit.test');
    expect(update.detail).toMatchObject({ changed: ['name'], name: 'HR Chen' });
  });
});
