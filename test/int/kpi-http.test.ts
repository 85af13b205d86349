import { get as httpGet, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { KpiRepository } from '../../server/modules/kpi/kpi.repository';
import { KpiService } from '../../server/modules/kpi/kpi.service';
import { SettingsService } from '../../server/modules/org/settings.service';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { createTestApp, TestApp } from './support/test-app';

describe('GET /api/kpis over HTTP', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userToken('admin');
    const [{ id: teamId }] = await t.db.query(`INSERT INTO teams (name) VALUES ('Hotline') RETURNING id`);
    const [{ id: agentId }] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('A1', '王伟') RETURNING id`);
    await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id) VALUES ($1, $2)`, [agentId, teamId]);
    // Two answered calls on 2026-11-02 (Shanghai): talk 100 + 200 s, hold 20 s, wrap-up 30 s.
    await t.db.query(
      `INSERT INTO calls (external_id, started_at, agent_id, answered, talk_s, hold_s, acw_s) VALUES
         ('H1', '2026-11-02T10:00:00+08:00', $1, true, 100, 20, NULL),
         ('H2', '2026-11-02T11:00:00+08:00', $1, true, 200, NULL, 30)`,
      [agentId],
    );
    await t.app.get(RollupService).rebuildAll();
  });
  afterAll(() => t.close());

  const get = (headers: Record<string, string> = {}) =>
    t.http().get('/api/kpis?from=2026-11-02&to=2026-11-08&groupBy=team&metrics=aht').set({ Authorization: `Bearer ${admin}`, ...headers });

  it('answers JSON with an ETag, the same bytes again, and 304 on revalidation', async () => {
    const first = await get();
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    // AHT = (100 + 20 + 0 + 200 + 0 + 30) / 2 answered calls = 175 s.
    expect(first.body.rows[0].metrics.aht).toMatchObject({ num: 350, den: 2, value: 175 });
    const etag = first.headers.etag;
    expect(etag).toMatch(/^W\/".+"$/);

    const second = await get();
    expect(second.headers.etag).toBe(etag);
    expect(second.text).toBe(first.text);

    const revalidated = await get({ 'If-None-Match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.text).toBe('');
  });

  /** The raw bytes on the wire, undecoded (supertest would decompress them itself). */
  const raw = async (path: string, encoding: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> => {
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    return new Promise((done, fail) => {
      httpGet({ host: '127.0.0.1', port, path, headers: { Authorization: `Bearer ${admin}`, 'Accept-Encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', fail);
    });
  };

  it('sends an answer over 1 KB compressed as the client accepts (br before gzip), the same JSON and ETag as uncompressed', async () => {
    const path = '/api/kpis?from=2026-11-02&to=2026-11-08&granularity=day&groupBy=agent';
    const plain = await raw(path, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const br = await raw(path, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
    const gz = await raw(path, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    expect(new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]).size).toBe(1);
    // Served again from the cache: the very same compressed bytes.
    expect((await raw(path, 'br')).body).toEqual(br.body);
  });

  it('leaves an answer under 1 KB uncompressed, and compresses other JSON answers over 1 KB through the middleware', async () => {
    const small = await raw('/api/kpis?from=2026-11-02&to=2026-11-08&groupBy=team&metrics=aht', 'br, gzip');
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    const docs = await raw('/api/docs-json', 'gzip');
    expect(docs.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(docs.body).toString('utf8')).paths['/api/kpis']).toBeDefined();
  });

  it('gives a new ETag once the data changed', async () => {
    const before = (await get()).headers.etag;
    await t.db.query(`UPDATE calls SET talk_s = 300 WHERE external_id = 'H2'`);
    await t.db.transaction((m) => t.app.get(RollupService).applyCallChanges(m, { localDates: ['2026-11-02'], customerIds: [] }));
    const after = await get();
    expect(after.headers.etag).not.toBe(before);
    // (100 + 20 + 300 + 30) / 2 = 225 s.
    expect(after.body.rows[0].metrics.aht.value).toBe(225);
  });

  it('refuses with a 400 an answer with more figures than the limit, and answers a smaller one', async () => {
    const kpi = t.app.get(KpiService);
    const limit = kpi.answerFigureLimit;
    // The team × day answer has 1 row (Hotline, 2026-11-02); aht + csat_avg over it = 2 figures.
    kpi.answerFigureLimit = 1;
    try {
      const url = '/api/kpis?from=2026-11-01&to=2026-11-03&groupBy=team&granularity=day&metrics=aht,csat_avg';
      const refused = await t.http().get(url).set({ Authorization: `Bearer ${admin}` });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/1 rows × 2 metrics, more than 1 figures/);
      kpi.answerFigureLimit = 2;
      const answered = await t.http().get(url).set({ Authorization: `Bearer ${admin}` });
      expect(answered.status).toBe(200);
      expect(answered.body.rows).toHaveLength(1);
    } finally {
      kpi.answerFigureLimit = limit;
    }
  });

  it('sends the summary as stored bytes too: ETag, br as accepted, the same compressed bytes again, 304 on revalidation', async () => {
    const path = '/api/kpis/summary?from=2026-11-02&to=2026-11-08';
    const plain = await raw(path, 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(plain.body.toString('utf8'))).toMatchObject({ from: '2026-11-02', to: '2026-11-08', previous: { from: '2026-10-26', to: '2026-11-01' } });
    expect(plain.body.length).toBeGreaterThan(1024);
    const br = await raw(path, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.headers.etag).toBe(plain.headers.etag);
    expect((await raw(path, 'br')).body).toEqual(br.body);
    const revalidated = await t.http().get(path).set({ Authorization: `Bearer ${admin}`, 'If-None-Match': plain.headers.etag! });
    expect(revalidated.status).toBe(304);
  });

  it('computes an answer once for identical requests arriving together, and serves each the same answer', async () => {
    const repo = t.app.get(KpiRepository);
    const spy = jest.spyOn(repo, 'callSums');
    try {
      const url = (to: string) => `/api/kpis?from=2026-11-02&to=${to}&groupBy=agent&granularity=day&metrics=aht`;
      // One request alone: the call-sum reads one computation makes.
      expect((await t.http().get(url('2026-11-09')).set({ Authorization: `Bearer ${admin}` })).status).toBe(200);
      const perAnswer = spy.mock.calls.length;
      expect(perAnswer).toBeGreaterThan(0);
      spy.mockClear();
      // Ten at once, for an answer not yet cached.
      const answers = await Promise.all(Array.from({ length: 10 }, () => t.http().get(url('2026-11-10')).set({ Authorization: `Bearer ${admin}` })));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(spy.mock.calls.length).toBe(perAnswer);
    } finally {
      spy.mockRestore();
    }
  });

  it('reads the data version for requests arriving together once, and always after they asked', async () => {
    const settings = t.app.get(SettingsService);
    const before = (await settings.current()).dataVersion;
    // A write committed before the call (as by another server) is seen by it.
    await t.db.query(`UPDATE settings SET data_version = data_version + 1 WHERE id = 1`);
    expect((await settings.current()).dataVersion).toBe(before + 1);
    const query = jest.spyOn(t.db.manager, 'query');
    try {
      const versions = await Promise.all(Array.from({ length: 20 }, () => settings.current()));
      expect(new Set(versions.map((v) => v.dataVersion))).toEqual(new Set([before + 1]));
      const versionReads = query.mock.calls.filter(([sql]) => /SELECT data_version FROM settings/.test(sql)).length;
      expect(versionReads).toBeGreaterThanOrEqual(1);
      expect(versionReads).toBeLessThanOrEqual(2);
    } finally {
      query.mockRestore();
    }
  });
});
