/**
 * The built server as `npm start` runs it (its Node flags, demo data): what it prints on start,
 * and its memory while refusing a workbook whose shared-string table is over the bound
 * (docs/ingest.md "Limits"). Memory is the server process's peak resident set (VmHWM), reset
 * just before the upload.
 */
import { openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_LOGINS } from '../../seeds/demo';
import { XLSX_MAX_SHARED_STRINGS } from '../../server/modules/ingest/source.reader';
import { writeWorkbookWithSharedStrings } from '../unit/ingest/support/streamed-xlsx';
import { type RunningServer, startServer, stopServer } from './support/server';

/** docs/ingest.md: refusing such a workbook keeps the server under this resident size. */
const SERVER_RSS_LIMIT_MB = 450;

const kib = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]);

describe('the server on its own', () => {
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'callscope-bounds-'));
    server = await startServer();
  }, 300_000);
  afterAll(async () => {
    if (server) await stopServer(server);
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('prints the demo logins and then the URL last, with no route mapping before them', () => {
    const lines = server.log().trim().split('\n').filter((l) => l.trim() !== '');
    expect(lines.filter((l) => /Mapped \{|RoutesResolver|RouterExplorer|InstanceLoader/.test(l))).toEqual([]);
    expect(lines[lines.length - 1]).toMatch(/Callscope is ready at http:\/\/localhost:\d+ \(started in [\d.]+ s\)/);
    const loginsAt = lines.findIndex((l) => /Demo logins \(password for all: /.test(l));
    expect(loginsAt).toBeGreaterThan(-1);
    expect(lines.slice(loginsAt + 1, -1).map((l) => /\S+@\S+/.exec(l)?.[0])).toEqual(DEMO_LOGINS.map((l) => l.email));
    expect(lines.length).toBeLessThan(DEMO_LOGINS.length + 12);
  });

  it(`refuses a workbook of ${(4 * XLSX_MAX_SHARED_STRINGS).toLocaleString('en')} shared strings with a 400, its resident size under ${SERVER_RSS_LIMIT_MB} MB`, async () => {
    const path = join(dir, 'many-strings.xlsx');
    // 40-character texts: 4x the count bound, about 200 MB of XML (what an unbounded reader would keep).
    await writeWorkbookWithSharedStrings(path, 4 * XLSX_MAX_SHARED_STRINGS, (i) => `<t>${String(i).padStart(10, '0')} customer note ${'x'.repeat(16)}</t>`);
    const admin = DEMO_LOGINS.find((l) => l.role === 'admin')!;
    const login = await fetch(`${server.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: admin.email, password: admin.password }) });
    const { token } = (await login.json()) as { token: string };

    const pid = server.child.pid!;
    const status = () => readFileSync(`/proc/${pid}/status`, 'utf8');
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // peak resident size := current
    const before = kib(status(), 'VmRSS');
    const form = new FormData();
    form.set('kind', 'calls');
    form.set('file', await openAsBlob(path), 'many-strings.xlsx');
    const res = await fetch(`${server.baseUrl}/api/imports`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    const body = (await res.json()) as { code: string; message: string };
    const peak = kib(status(), 'VmHWM');
    console.log(`server resident size: ${Math.round(before / 1024)} MB before the upload, peak ${Math.round(peak / 1024)} MB`);

    expect([res.status, body.code]).toEqual([400, 'xlsx_shared_strings_limit']);
    expect(body.message).toMatch(/too large \(more than 1,000,000 texts\).*save the sheet as CSV/i);
    expect(peak / 1024).toBeLessThan(SERVER_RSS_LIMIT_MB);
    // The server is still there and answering.
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  }, 300_000);
});
