import { createTestApp, TestApp, TEST_PASSWORD } from './support/test-app';

/** Organisation for these tests: two teams, one agent in each. */
async function seedOrg(t: TestApp) {
  const [a, b] = await t.db.query(`INSERT INTO teams (name) VALUES ('Auth Team A'), ('Auth Team B') RETURNING id`);
  const [agentA, agentB] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('AU1', '王芳'), ('AU2', 'Chan Tai Man') RETURNING id`);
  await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) VALUES ($1, $2, NULL), ($3, $4, NULL)`, [agentA.id, a.id, agentB.id, b.id]);
  return { teamA: a.id as number, teamB: b.id as number, agentA: agentA.id as number, agentB: agentB.id as number };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('users and sign-in', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof seedOrg>>;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    org = await seedOrg(t);
    admin = await t.userToken('admin', { email: 'root@users.test' });
  });
  afterAll(() => t.close());

  it('lets an admin create users of every role and lists them without password hashes', async () => {
    const sup = await t.http().post('/api/users').set(bearer(admin)).send({ email: 'Sup.Li@users.test', name: '李主管', password: 'long-enough-1', role: 'supervisor', teamIds: [org.teamA] });
    expect(sup.status).toBe(201);
    expect(sup.body).toMatchObject({ id: expect.any(Number), email: 'Sup.Li@users.test', role: 'supervisor', teamIds: [org.teamA], agentId: null, active: true });
    const agent = await t.http().post('/api/users').set(bearer(admin)).send({ email: 'agent.wang@users.test', name: '王芳', password: 'long-enough-1', role: 'agent', agentId: org.agentA });
    expect(agent.status).toBe(201);
    expect(agent.body).toMatchObject({ role: 'agent', agentId: org.agentA, teamIds: [] });

    const list = await t.http().get('/api/users').set(bearer(admin));
    expect(list.status).toBe(200);
    expect(list.body.map((u: { email: string }) => u.email)).toEqual(expect.arrayContaining(['Sup.Li@users.test', 'agent.wang@users.test', 'root@users.test']));
    expect(JSON.stringify(list.body)).not.toMatch(/argon|password/i);

    // The new supervisor can sign in and is scoped to their team.
    const token = await t.login('sup.li@users.test', 'long-enough-1');
    const me = await t.http().get('/api/auth/me').set(bearer(token));
    expect(me.body).toMatchObject({ email: 'Sup.Li@users.test', role: 'supervisor', teamIds: [org.teamA] });

    const audit = await t.db.query(`SELECT user_email, target, detail FROM audit_log WHERE action = 'user.create' ORDER BY id`);
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ user_email: 'root@users.test', target: `user:${sup.body.id}`, detail: { email: 'Sup.Li@users.test', role: 'supervisor' } });
    expect(JSON.stringify(audit)).not.toContain('long-enough-1');
  });

  it.each([
    ['a short password', { email: 'x1@users.test', name: 'X', password: 'short', role: 'hr' }, 400, 'password'],
    ['an agent login without an agent record', { email: 'x2@users.test', name: 'X', password: 'long-enough-1', role: 'agent' }, 400, 'agentId'],
    ['an agent record that does not exist', { email: 'x3@users.test', name: 'X', password: 'long-enough-1', role: 'agent', agentId: 999999 }, 400, 'agentId'],
    ['a team that does not exist', { email: 'x4@users.test', name: 'X', password: 'long-enough-1', role: 'supervisor', teamIds: [999999] }, 400, 'teamIds'],
    ['an unknown role', { email: 'x5@users.test', name: 'X', password: 'long-enough-1', role: 'boss' }, 400, 'role'],
    ['an unknown field', { email: 'x6@users.test', name: 'X', password: 'long-enough-1', role: 'hr', isAdmin: true }, 400, 'isAdmin'],
    ['an email already taken (other case)', { email: 'ROOT@users.test', name: 'X', password: 'long-enough-1', role: 'hr' }, 409, 'email'],
  ])('refuses %s', async (_label, body, status, field) => {
    const res = await t.http().post('/api/users').set(bearer(admin)).send(body);
    expect(res.status).toBe(status);
    expect(res.body.message).toContain(field);
    // Nothing written: the only account under that email is the one that was there before.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)`, [body.email]);
    expect(n).toBe(status === 409 ? 1 : 0);
  });

  it('refuses a second agent login for the same agent record', async () => {
    await t.http().post('/api/users').set(bearer(admin)).send({ email: 'agent.b1@users.test', name: 'B', password: 'long-enough-1', role: 'agent', agentId: org.agentB }).expect(201);
    const res = await t.http().post('/api/users').set(bearer(admin)).send({ email: 'agent.b2@users.test', name: 'B', password: 'long-enough-1', role: 'agent', agentId: org.agentB });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('agentId');
  });

  it("stops a disabled user's token at once and keeps them out", async () => {
    const created = await t.http().post('/api/users').set(bearer(admin)).send({ email: 'leaver@users.test', name: 'Leaver', password: 'long-enough-1', role: 'hr' });
    const token = await t.login('leaver@users.test', 'long-enough-1');
    await t.http().get('/api/auth/me').set(bearer(token)).expect(200); // now cached for 5 s
    const patch = await t.http().patch(`/api/users/${created.body.id}`).set(bearer(admin)).send({ active: false });
    expect(patch.status).toBe(200);
    expect(patch.body.active).toBe(false);
    expect((await t.http().get('/api/auth/me').set(bearer(token))).status).toBe(401);
    const again = await t.http().post('/api/auth/login').send({ email: 'leaver@users.test', password: 'long-enough-1' });
    expect(again.status).toBe(401);
    expect(again.body.message).toBe('The email or password is not correct.');
    const [row] = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'user.update' AND target = $1`, [`user:${created.body.id}`]);
    expect(row.detail).toMatchObject({ changed: ['active'], active: false });
  });

  it('applies a role or team change to the next request of an open session', async () => {
    const created = await t.http().post('/api/users').set(bearer(admin)).send({ email: 'mover@users.test', name: 'Mover', password: 'long-enough-1', role: 'supervisor', teamIds: [org.teamA] });
    const token = await t.login('mover@users.test', 'long-enough-1');
    expect((await t.http().get(`/api/agents/${org.agentB}`).set(bearer(token))).status).toBe(403);
    await t.http().patch(`/api/users/${created.body.id}`).set(bearer(admin)).send({ teamIds: [org.teamB] }).expect(200);
    expect((await t.http().get(`/api/agents/${org.agentB}`).set(bearer(token))).status).toBe(200);
    await t.http().patch(`/api/users/${created.body.id}`).set(bearer(admin)).send({ role: 'hr' }).expect(200);
    const me = await t.http().get('/api/auth/me').set(bearer(token));
    expect(me.body).toMatchObject({ role: 'hr', teamIds: [] });
  });

  it('ends the sessions of a user whose password an admin changed', async () => {
    const created = await t.http().post('/api/users').set(bearer(admin)).send({ email: 'forgetful@users.test', name: 'F', password: 'long-enough-1', role: 'hr' });
    const token = await t.login('forgetful@users.test', 'long-enough-1');
    await t.http().patch(`/api/users/${created.body.id}`).set(bearer(admin)).send({ password: 'another-long-one' }).expect(200);
    expect((await t.http().get('/api/auth/me').set(bearer(token))).status).toBe(401);
    await t.login('forgetful@users.test', 'another-long-one');
  });

  it('will not disable or demote the last active admin, and 404s an unknown user', async () => {
    const [me] = await t.db.query(`SELECT id FROM users WHERE email = 'root@users.test'`);
    const res = await t.http().patch(`/api/users/${me.id}`).set(bearer(admin)).send({ active: false });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('last active admin');
    expect((await t.http().patch('/api/users/999999').set(bearer(admin)).send({ name: 'x' })).status).toBe(404);
    expect((await t.http().patch(`/api/users/${me.id}`).set(bearer(admin)).send({ teamIds: [org.teamA] })).status).toBe(400);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await t.http().post('/api/auth/login').send({ email: 'root@users.test', password: 'not-the-password' });
    const unknown = await t.http().post('/api/auth/login').send({ email: 'nobody@users.test', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const failed = await t.db.query(`SELECT target, user_id FROM audit_log WHERE action = 'auth.login_failed' ORDER BY id`);
    expect(failed).toEqual(expect.arrayContaining([{ target: 'root@users.test', user_id: null }, { target: 'nobody@users.test', user_id: null }]));
  });

  it('refuses brute force on one account with 429 and Retry-After, even with the right password, without touching other accounts', async () => {
    await t.userToken('hr', { email: 'target@users.test' });
    for (let i = 0; i < 5; i++) {
      const res = await t.http().post('/api/auth/login').set('X-Forwarded-For', `198.51.100.${i}`).send({ email: 'target@users.test', password: `guess-${i}` });
      expect(res.status).toBe(401);
    }
    const blocked = await t.http().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.99').send({ email: 'TARGET@users.test', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('Too many failed sign-ins'), code: 'rate_limited' });
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // An unknown email is limited the same way: the 429 does not reveal that the account exists.
    for (let i = 0; i < 5; i++) await t.http().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.50').send({ email: 'ghost@users.test', password: 'x' });
    const ghost = await t.http().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.51').send({ email: 'ghost@users.test', password: 'x' });
    expect(ghost.status).toBe(429);
    expect(ghost.body.message).toBe(blocked.body.message);
    await t.login('root@users.test', TEST_PASSWORD);
  });

  it('refuses an address after 30 failures across accounts, leaving other addresses alone', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ email: `spray${i}@users.test`, password: 'Password1' });
      expect(res.status).toBe(401);
    }
    const blocked = await t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ email: 'root@users.test', password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    const elsewhere = await t.http().post('/api/auth/login').set('X-Forwarded-For', '203.0.113.8').send({ email: 'root@users.test', password: TEST_PASSWORD });
    expect(elsewhere.status).toBe(200);
  });

  it('invalidates the session server-side on logout, for the token and the cookie', async () => {
    const login = await t.http().post('/api/auth/login').send({ email: 'root@users.test', password: TEST_PASSWORD });
    const token = login.body.token as string;
    const cookie = login.headers['set-cookie'] as unknown as string[];
    expect(cookie[0]).toMatch(/callscope_session=.+; .*HttpOnly/i);
    expect(cookie[0]).toMatch(/SameSite=Lax/i);
    await t.http().post('/api/auth/logout').set(bearer(token)).expect(200);
    expect((await t.http().get('/api/auth/me').set(bearer(token))).status).toBe(401);
    expect((await t.http().get('/api/auth/me').set('Cookie', cookie[0].split(';')[0])).status).toBe(401);
  });

  it('refuses a session past its 12-hour expiry', async () => {
    const token = await t.login('root@users.test', TEST_PASSWORD);
    const sessionId = token.split('.')[0];
    await t.db.query(`UPDATE user_sessions SET expires_at = created_at + interval '12 hours' WHERE id = $1`, [sessionId]);
    const [{ hours }] = await t.db.query(`SELECT extract(epoch FROM expires_at - created_at) / 3600 AS hours FROM user_sessions WHERE id = $1`, [sessionId]);
    expect(Number(hours)).toBe(12);
    await t.db.query(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [sessionId]);
    expect((await t.http().get('/api/auth/me').set(bearer(token))).status).toBe(401);
  });

  it('refuses forged tokens', async () => {
    expect((await t.http().get('/api/auth/me').set(bearer('00000000-0000-0000-0000-000000000000.forged'))).status).toBe(401);
    expect((await t.http().get('/api/auth/me')).status).toBe(401);
  });
});

describe('CSRF protection of cookie sessions', () => {
  let t: TestApp;
  let cookie: string;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    await t.userToken('admin', { email: 'csrf@users.test' });
    const login = await t.http().post('/api/auth/login').send({ email: 'csrf@users.test', password: TEST_PASSWORD });
    cookie = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    token = login.body.token;
  });
  afterAll(() => t.close());

  it('refuses a cookie-authenticated write without the X-Requested-With header', async () => {
    const res = await t.http().post('/api/sites').set('Cookie', cookie).send({ name: 'Shenzhen' });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('X-Requested-With: callscope');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM sites WHERE name = 'Shenzhen'`);
    expect(n).toBe(0);
    expect((await t.http().patch('/api/settings').set('Cookie', cookie).set('X-Requested-With', 'XMLHttpRequest').send({ fcrWindowDays: 5 })).status).toBe(403);
  });

  it('accepts the write with the header, reads without it, and Bearer writes without it', async () => {
    expect((await t.http().post('/api/sites').set('Cookie', cookie).set('X-Requested-With', 'callscope').send({ name: 'Shenzhen' })).status).toBe(201);
    expect((await t.http().get('/api/sites').set('Cookie', cookie)).status).toBe(200);
    expect((await t.http().post('/api/sites').set(bearer(token)).send({ name: 'Kowloon' })).status).toBe(201);
  });

  it('lets the login through without the header (there is no session yet)', async () => {
    expect((await t.http().post('/api/auth/login').send({ email: 'csrf@users.test', password: TEST_PASSWORD })).status).toBe(200);
  });
});
