/**
 * Issue 22 acceptance: scheduled deliveries through a real SMTP server (smtp-server, started
 * here), two servers on one database, retries of a refused message, notifications, and push
 * ingestion (equal to a file import, idempotent, keys refused when revoked or expired).
 */
import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Test } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { AppModule } from '../../server/app.module';
import { configureApp } from '../../server/app.setup';
import { batchHash } from '../../server/modules/ingest/push.service';
import { DeliveryWorker } from '../../server/modules/schedule/delivery.worker';
import { loadWorkbook } from '../unit/export/workbook-reader';
import { attachmentsOf, headerOf, SmtpSink, startSmtpSink } from './support/smtp-sink';
import { createTestApp, TestApp, TEST_PASSWORD } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Five calls (Asia/Shanghai) and three surveys. Handle time = talk + hold + wrap-up of answered calls:
 * AA1 330 + 230 → AHT 280; BB1 120 + 500 → AHT 310; org 1180 / 4 = 295 (AU-4 was abandoned, no agent).
 * CSAT: AU-1 5 (AA1), AU-3 2 and AU-5 4 (BB1) → org average 11 / 3.
 */
const callRecords: Record<string, unknown>[] = [
  { external_id: 'AU-1', started_at: '2026-11-03T09:00:00+08:00', agent_code: 'AA1', answered: true, queue_wait_s: 5, talk_s: 300, hold_s: 0, acw_s: 30, queue: 'Cantonese' },
  { external_id: 'AU-2', started_at: '2026-11-03T10:00:00+08:00', agent_code: 'AA1', answered: true, queue_wait_s: 10, talk_s: 200, hold_s: 20, acw_s: 10, queue: 'Cantonese' },
  { external_id: 'AU-3', started_at: '2026-11-04T11:00:00+08:00', agent_code: 'BB1', answered: true, queue_wait_s: 40, talk_s: 100, hold_s: 0, acw_s: 20, queue: 'Mandarin' },
  // Fields a record does not have are simply left out (the push fills the columns).
  { external_id: 'AU-4', started_at: '2026-11-04T12:00:00+08:00', answered: false, queue_wait_s: 60, queue: 'Mandarin' },
  { external_id: 'AU-5', started_at: '2026-11-05T09:30:00+08:00', agent_code: 'BB1', answered: true, queue_wait_s: 8, talk_s: 400, hold_s: 60, acw_s: 40, queue: 'Mandarin' },
];
const callsCsv = [
  'external_id,started_at,agent_code,answered,queue_wait_s,talk_s,hold_s,acw_s,queue',
  'AU-1,2026-11-03T09:00:00+08:00,AA1,true,5,300,0,30,Cantonese',
  'AU-2,2026-11-03T10:00:00+08:00,AA1,true,10,200,20,10,Cantonese',
  'AU-3,2026-11-04T11:00:00+08:00,BB1,true,40,100,0,20,Mandarin',
  'AU-4,2026-11-04T12:00:00+08:00,,false,60,,,,Mandarin',
  'AU-5,2026-11-05T09:30:00+08:00,BB1,true,8,400,60,40,Mandarin',
].join('\n');
const surveyRecords = [
  { call_external_id: 'AU-1', csat: 5 },
  { call_external_id: 'AU-3', csat: 2 },
  { call_external_id: 'AU-5', csat: 4 },
];
const surveysCsv = 'call_external_id,csat\nAU-1,5\nAU-3,2\nAU-5,4\n';

/** A second Nest app (its own pool, worker and mailer) on the same database: a second server. */
async function secondServer(databaseUrl: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot({ databaseUrl })] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.init();
  return app;
}

/** Every sheet's cells as text, with generation instants (which differ between two builds) masked. */
async function sheetContents(buffer: Buffer): Promise<Record<string, string[][]>> {
  const wb: ExcelJS.Workbook = await loadWorkbook(buffer);
  const out: Record<string, string[][]> = {};
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => {
        const v = cell.value;
        const text = v instanceof Date ? v.toISOString() : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v ?? '');
        // Only the "Generated at" / "Data as of" texts carry the instant of the build.
        cells.push(typeof v === 'string' && /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/.test(v) ? '<instant>' : text);
      });
      rows.push(cells);
    });
    out[ws.name] = rows;
  });
  return out;
}

describe('scheduled deliveries and notifications (real SMTP server, two servers)', () => {
  let t: TestApp;
  let second: INestApplication;
  let sink: SmtpSink;
  let admin: string;
  let hr: string;
  let sup: string;
  let agent: string;
  const ids: Record<string, number> = {};
  const previousSmtp = process.env.CALLSCOPE_SMTP_URL;

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.CALLSCOPE_SMTP_URL = sink.url;
    t = await createTestApp();
    second = await secondServer(t.database.url);
    const [site] = await t.db.query(`INSERT INTO sites (name) VALUES ('Auto Site') RETURNING id`);
    const [teamA, teamB] = await t.db.query(`INSERT INTO teams (name, site_id) VALUES ('Auto Team A', $1), ('Auto Team B', $1) RETURNING id`, [site.id]);
    const [aa1, bb1] = await t.db.query(`INSERT INTO agents (code, name) VALUES ('AA1', '陈小明'), ('BB1', 'Wong Ka Yan') RETURNING id`);
    await t.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id) VALUES ($1, $3), ($2, $4)`, [aa1.id, bb1.id, teamA.id, teamB.id]);
    Object.assign(ids, { teamA: teamA.id, teamB: teamB.id, aa1: aa1.id, bb1: bb1.id });
    admin = await t.userToken('admin', { email: 'admin@auto.test' });
    hr = await t.userToken('hr', { email: 'hr@auto.test' });
    sup = await t.userToken('supervisor', { email: 'sup@auto.test', teamIds: [teamA.id] });
    agent = await t.userToken('agent', { email: 'agent@auto.test', agentId: aa1.id });
    for (const [kind, records] of [['calls', callRecords], ['surveys', surveyRecords]] as const) {
      const res = await t.http().post(`/api/ingest/${kind}`).set(bearer(admin)).send({ records });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('succeeded');
    }
  });

  afterAll(async () => {
    await second?.close();
    await t?.close();
    await sink?.close();
    if (previousSmtp === undefined) delete process.env.CALLSCOPE_SMTP_URL;
    else process.env.CALLSCOPE_SMTP_URL = previousSmtp;
  });

  const workers = () => [t.app.get(DeliveryWorker), second.get(DeliveryWorker)];
  const download = (url: string, token: string) => t.http().get(url).set(bearer(token)).buffer(true).parse(binary as never);

  it('sends a due monthly schedule once, from two servers, one message per recipient who may see it, with the export endpoint\'s workbook', async () => {
    const created = await t.http().post('/api/schedules').set(bearer(admin)).send({
      kind: 'monthly',
      recipients: ['hr@auto.test', 'SUP@auto.test', 'agent@auto.test', 'stranger@elsewhere.test'],
      language: 'en',
      dayOfMonth: 1,
      time: '07:00',
      timezone: 'Asia/Shanghai',
    });
    expect(created.status).toBe(201);
    // Its first run is 1 December 07:00 in Shanghai; the clock here is past it.
    await t.db.query(`UPDATE schedules SET next_run_at = '2026-12-01T07:00:00+08:00' WHERE id = $1`, [created.body.id]);
    const now = new Date('2026-12-01T00:30:00Z');

    const [a, b] = workers();
    await Promise.all([a.tick(now), b.tick(now), a.tick(now), b.tick(now)]);
    await Promise.all([a.tick(now), b.tick(now)]);

    const deliveries = await t.http().get(`/api/schedules/${created.body.id}/deliveries`).set(bearer(admin));
    expect(deliveries.status).toBe(200);
    expect(deliveries.body).toHaveLength(1);
    const [d] = deliveries.body;
    expect(d).toMatchObject({ status: 'sent', period: '2026-11', trigger: 'schedule', attempts: 1 });
    const byEmail = Object.fromEntries(d.recipients.map((r: { email: string; status: string }) => [r.email, r.status]));
    // The agent's role may not have the monthly workbook; the stranger is no user: neither gets anything.
    expect(byEmail).toEqual({ 'hr@auto.test': 'sent', 'sup@auto.test': 'sent', 'agent@auto.test': 'skipped', 'stranger@elsewhere.test': 'skipped' });

    const monthly = sink.messages.filter((m) => headerOf(m.raw, 'Subject')?.includes('monthly'));
    expect(monthly.map((m) => m.to).flat().sort()).toEqual(['hr@auto.test', 'sup@auto.test']);
    for (const [email, token] of [['hr@auto.test', hr], ['sup@auto.test', sup]] as const) {
      const message = monthly.find((m) => m.to.includes(email))!;
      const files = attachmentsOf(message.raw);
      expect(files).toHaveLength(1);
      expect(files[0].fileName).toMatch(/^callscope-kpi-2026-11-.*\.xlsx$/);
      const endpoint = await download('/api/exports/monthly?month=2026-11', token);
      expect(endpoint.status).toBe(200);
      expect(await sheetContents(files[0].content)).toEqual(await sheetContents(endpoint.body as Buffer));
    }
    // The supervisor's copy holds only team A's agent; HR's both.
    const supWb = await loadWorkbook(attachmentsOf(monthly.find((m) => m.to.includes('sup@auto.test'))!.raw)[0].content);
    const hrWb = await loadWorkbook(attachmentsOf(monthly.find((m) => m.to.includes('hr@auto.test'))!.raw)[0].content);
    const codes = (wb: ExcelJS.Workbook) => {
      const found: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => /^(AA1|BB1)$/.test(c.text) && found.push(c.text))));
      return [...new Set(found)].sort();
    };
    expect(codes(supWb)).toEqual(['AA1']);
    expect(codes(hrWb)).toEqual(['AA1', 'BB1']);

    const [schedule] = await t.db.query(`SELECT next_run_at FROM schedules WHERE id = $1`, [created.body.id]);
    expect(new Date(schedule.next_run_at).toISOString()).toBe('2026-12-31T23:00:00.000Z');
    const audit = await t.db.query(`SELECT action, user_email FROM audit_log WHERE action IN ('export', 'schedule.delivery') AND at > now() - interval '5 minutes'`);
    expect(audit.filter((r: { action: string }) => r.action === 'schedule.delivery')).toHaveLength(1);
    expect(audit.filter((r: { action: string; user_email: string }) => r.action === 'export' && ['hr@auto.test', 'sup@auto.test'].includes(r.user_email)).length).toBeGreaterThanOrEqual(2);
  });

  it('records a refused message with the server\'s answer, retries it with back-off and then sends it', async () => {
    const created = await t.http().post('/api/schedules').set(bearer(admin)).send({ kind: 'weekly', teamId: ids.teamA, recipients: ['sup@auto.test'], language: 'zh-cn', dayOfWeek: 1, time: '08:00' });
    expect(created.status).toBe(201);
    sink.refuseNext(1);
    const before = sink.messages.length;
    const run = await t.http().post(`/api/schedules/${created.body.id}/run`).set(bearer(admin));
    expect(run.status).toBe(202);
    expect(run.body.status).toBe('queued');

    const settle = async () => {
      for (let i = 0; i < 100; i++) {
        await workers()[1].tick();
        const [row] = await t.db.query(`SELECT status FROM schedule_deliveries WHERE id = $1`, [run.body.id]);
        if (row.status !== 'queued' && row.status !== 'sending') return;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await settle();
    let [d] = (await t.http().get(`/api/schedules/${created.body.id}/deliveries`).set(bearer(admin))).body;
    expect(d).toMatchObject({ id: run.body.id, status: 'retrying', attempts: 1 });
    expect(d.recipients[0]).toMatchObject({ email: 'sup@auto.test', status: 'failed' });
    expect(d.recipients[0].detail).toMatch(/451.*temporarily unavailable/);
    // Back-off: the next attempt is a minute later, not now.
    expect(new Date(d.nextAttemptAt).getTime() - Date.now()).toBeGreaterThan(30_000);
    expect(sink.messages.length).toBe(before);
    await Promise.all(workers().map((w) => w.tick()));
    expect((await t.db.query(`SELECT status FROM schedule_deliveries WHERE id = $1`, [run.body.id]))[0].status).toBe('retrying');

    await t.db.query(`UPDATE schedule_deliveries SET next_attempt_at = now() WHERE id = $1`, [run.body.id]);
    await Promise.all(workers().map((w) => w.tick()));
    [d] = (await t.http().get(`/api/schedules/${created.body.id}/deliveries`).set(bearer(admin))).body;
    expect(d).toMatchObject({ status: 'sent', attempts: 2 });
    const sent = sink.messages.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toEqual(['sup@auto.test']);
    expect(attachmentsOf(sent[0].raw)[0].fileName).toMatch(/^callscope-weekly-2026-W\d\d-Auto-Team-A\.xlsx$/);
  });

  it('sends an agent scorecard to the agent themself and their supervisor, the same workbook the export endpoint gives each', async () => {
    const created = await t.http().post('/api/schedules').set(bearer(admin)).send({ kind: 'scorecard', agentId: ids.aa1, recipients: ['agent@auto.test', 'sup@auto.test'], dayOfMonth: 2, time: '06:00' });
    expect(created.status).toBe(201);
    const before = sink.messages.length;
    const run = await t.http().post(`/api/schedules/${created.body.id}/run`).set(bearer(admin));
    expect(run.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      await workers()[0].tick();
      const [row] = await t.db.query(`SELECT status FROM schedule_deliveries WHERE id = $1`, [run.body.id]);
      if (row.status === 'sent') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [d] = (await t.http().get(`/api/schedules/${created.body.id}/deliveries`).set(bearer(admin))).body;
    // "Send now" on 2 December (or later in December) delivers the last whole month.
    expect(d).toMatchObject({ status: 'sent', trigger: 'manual' });
    const { from, to } = { from: `${d.period}-01`, to: new Date(Date.UTC(Number(d.period.slice(0, 4)), Number(d.period.slice(5, 7)), 0)).toISOString().slice(0, 10) };
    const sent = sink.messages.slice(before);
    expect(sent.map((m) => m.to[0]).sort()).toEqual(['agent@auto.test', 'sup@auto.test']);
    for (const [email, token] of [['agent@auto.test', agent], ['sup@auto.test', sup]] as const) {
      const file = attachmentsOf(sent.find((m) => m.to.includes(email))!.raw)[0];
      const endpoint = await download(`/api/exports/agent/${ids.aa1}?from=${from}&to=${to}`, token);
      expect(endpoint.status).toBe(200);
      expect(await sheetContents(file.content)).toEqual(await sheetContents(endpoint.body as Buffer));
    }
  });

  it('refuses schedules to everyone but admins and names a missing field', async () => {
    for (const token of [hr, sup, agent]) expect((await t.http().get('/api/schedules').set(bearer(token))).status).toBe(403);
    const res = await t.http().post('/api/schedules').set(bearer(admin)).send({ kind: 'weekly', recipients: ['hr@auto.test'], time: '07:00', dayOfWeek: 1 });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^teamId:/);
  });

  it('tells the agent of a new evaluation, a resolved dispute and a coaching note, and the supervisor of a dispute; e-mails those who asked', async () => {
    expect((await t.http().patch('/api/notifications/settings').set(bearer(agent)).send({ email: true })).body).toEqual({ email: true });
    const form = await t.http().post('/api/qa/forms').set(bearer(sup)).send({ name: 'Auto form', sections: [{ title: 'Opening', items: [{ text: 'Greeting', kind: 'yes_no', weight: 10 }] }] });
    const item = form.body.currentVersion.sections[0].items[0].id;
    const evaluation = await t.http().post('/api/qa/evaluations').set(bearer(sup)).send({ formVersionId: form.body.currentVersion.id, agentId: ids.aa1, answers: [{ itemId: item, value: true }] });
    expect(evaluation.status).toBe(201);
    // A draft tells nobody; submitting does.
    expect((await t.http().get('/api/notifications').set(bearer(agent))).body.unread).toBe(0);
    expect((await t.http().post(`/api/qa/evaluations/${evaluation.body.id}/submit`).set(bearer(sup))).status).toBe(200);
    let inbox = (await t.http().get('/api/notifications').set(bearer(agent))).body;
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'evaluation.new', link: `/evaluations/${evaluation.body.id}`, read: false });

    expect((await t.http().post(`/api/qa/evaluations/${evaluation.body.id}/dispute`).set(bearer(agent)).send({ reason: 'The caller hung up first.' })).status).toBe(200);
    const supInbox = (await t.http().get('/api/notifications').set(bearer(sup))).body;
    expect(supInbox.items.map((n: { kind: string }) => n.kind)).toEqual(['dispute.new']);
    expect(supInbox.items[0].text).toContain('The caller hung up first.');
    expect((await t.http().post(`/api/qa/evaluations/${evaluation.body.id}/resolve`).set(bearer(sup)).send({ note: 'Score stands.' })).status).toBe(200);
    expect((await t.http().post('/api/coaching-notes').set(bearer(sup)).send({ agentId: ids.aa1, text: 'Close with the survey invite.' })).status).toBe(201);
    inbox = (await t.http().get('/api/notifications').set(bearer(agent))).body;
    expect(inbox.items.map((n: { kind: string }) => n.kind)).toEqual(['coaching.note', 'dispute.resolved', 'evaluation.new']);
    expect(inbox.unread).toBe(3);
    // HR sees none of it, and nobody can mark someone else's notification read.
    expect((await t.http().get('/api/notifications').set(bearer(hr))).body.items).toEqual([]);
    expect((await t.http().post(`/api/notifications/${inbox.items[0].id}/read`).set(bearer(sup))).status).toBe(404);
    expect((await t.http().post(`/api/notifications/${inbox.items[0].id}/read`).set(bearer(agent))).status).toBe(204);
    expect((await t.http().get('/api/notifications').set(bearer(agent))).body.unread).toBe(2);

    // The agent asked for e-mail, the supervisor did not: three messages, all to the agent, once across both servers.
    const before = sink.messages.length;
    await Promise.all(workers().map((w) => w.tick()));
    await Promise.all(workers().map((w) => w.tick()));
    const mails = sink.messages.slice(before);
    expect(mails.map((m) => m.to[0])).toEqual(['agent@auto.test', 'agent@auto.test', 'agent@auto.test']);
  });

  it('a signed-in session still works with the key code path in the guard', async () => {
    expect((await t.http().get('/api/auth/me').set(bearer(await t.login('hr@auto.test', TEST_PASSWORD)))).status).toBe(200);
  });
});

describe('push ingestion', () => {
  let viaFile: TestApp;
  let viaPush: TestApp;
  let fileAdmin: string;
  let pushAdmin: string;
  let ingestKey: string;

  beforeAll(async () => {
    [viaFile, viaPush] = await Promise.all([createTestApp(), createTestApp()]);
    fileAdmin = await viaFile.userToken('admin');
    pushAdmin = await viaPush.userToken('admin');
    const key = await viaPush.http().post('/api/api-keys').set(bearer(pushAdmin)).send({ name: 'Asterisk CDR hook', scope: 'ingest' });
    expect(key.status).toBe(201);
    expect(key.body.key).toMatch(/^csk_/);
    ingestKey = key.body.key;
  });
  afterAll(async () => {
    await viaFile?.close();
    await viaPush?.close();
  });

  const upload = (kind: string, csv: string) =>
    viaFile.http().post('/api/imports').set(bearer(fileAdmin)).field('kind', kind).field('wait', 'true').attach('file', Buffer.from(csv), `${kind}.csv`);
  const push = (kind: string, body: object, key = ingestKey, idempotencyKey?: string) => {
    const req = viaPush.http().post(`/api/ingest/${kind}`).set(bearer(key));
    return (idempotencyKey ? req.set('Idempotency-Key', idempotencyKey) : req).send(body);
  };
  const counts = (b: Record<string, unknown>) => ({ status: b.status, rowsInserted: b.rowsInserted, rowsUpdated: b.rowsUpdated, rowsUnchanged: b.rowsUnchanged, rowsRejected: b.rowsRejected });

  it('gives the same answer and the same figures as importing the same records from a file', async () => {
    const fileCalls = await upload('calls', callsCsv);
    const pushedCalls = await push('calls', { records: callRecords }, ingestKey, 'calls-2026-11-05');
    expect(fileCalls.status).toBe(200);
    expect(pushedCalls.status).toBe(200);
    expect(counts(pushedCalls.body)).toEqual({ status: 'succeeded', rowsInserted: 5, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0 });
    expect(counts(pushedCalls.body)).toEqual(counts(fileCalls.body));
    const fileSurveys = await upload('surveys', surveysCsv);
    const pushedSurveys = await push('surveys', { records: surveyRecords });
    expect(counts(pushedSurveys.body)).toEqual(counts(fileSurveys.body));
    expect(pushedSurveys.body.rowsInserted + pushedSurveys.body.rowsUpdated).toBe(3);

    const query = '/api/kpis?from=2026-11-01&to=2026-11-30&groupBy=agent&metrics=aht,csat_avg,asa';
    const a = await viaFile.http().get(query).set(bearer(fileAdmin));
    const b = await viaPush.http().get(query).set(bearer(pushAdmin));
    expect(b.status).toBe(200);
    const byCode = (rows: { group: { code: string }; metrics: Record<string, { value: number | null; num: number; den: number }> }[]) =>
      Object.fromEntries(rows.map((r) => [r.group.code, Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, { value: m.value, num: m.num, den: m.den }]))]));
    expect(byCode(b.body.rows)).toEqual(byCode(a.body.rows));
    expect(byCode(b.body.rows).AA1.aht).toEqual({ value: 280, num: 560, den: 2 });
    expect(byCode(b.body.rows).BB1.aht).toEqual({ value: 310, num: 620, den: 2 });
    const org = await viaPush.http().get('/api/kpis?from=2026-11-01&to=2026-11-30&metrics=aht,csat_avg').set(bearer(pushAdmin));
    expect(org.body.rows[0].metrics.aht).toMatchObject({ value: 295, num: 1180, den: 4 });
    expect(org.body.rows[0].metrics.csat_avg).toMatchObject({ num: 11, den: 3 });
  });

  it('changes nothing when the same batch comes again, and replays the first answer for the same Idempotency-Key', async () => {
    const importsBefore = (await viaPush.db.query(`SELECT count(*)::int AS n FROM imports`))[0].n;
    const replay = await push('calls', { records: callRecords }, ingestKey, 'calls-2026-11-05');
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(counts(replay.body)).toEqual({ status: 'succeeded', rowsInserted: 5, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0 });
    expect((await viaPush.db.query(`SELECT count(*)::int AS n FROM imports`))[0].n).toBe(importsBefore);

    const other = await push('calls', { records: callRecords.slice(0, 2) }, ingestKey, 'calls-2026-11-05');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');

    // A key whose first request is still importing: 409; one left without an answer for half an hour is free again.
    const [{ id: keyId }] = await viaPush.db.query(`SELECT id FROM api_keys WHERE name = 'Asterisk CDR hook'`);
    await viaPush.db.query(`INSERT INTO ingest_idempotency (actor, key, kind, body_hash) VALUES ($1, 'busy', 'calls', $2), ($1, 'stale', 'calls', $2)`, [
      `api-key:${keyId}`,
      batchHash('calls', 'reject', callRecords),
    ]);
    await viaPush.db.query(`UPDATE ingest_idempotency SET created_at = now() - interval '31 minutes' WHERE key = 'stale'`);
    const busy = await push('calls', { records: callRecords }, ingestKey, 'busy');
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('idempotency_in_progress');
    const stale = await push('calls', { records: callRecords }, ingestKey, 'stale');
    expect(stale.status).toBe(200);
    expect(stale.headers['idempotent-replayed']).toBeUndefined();

    const again = await push('calls', { records: callRecords });
    expect(counts(again.body)).toEqual({ status: 'succeeded', rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 5, rowsRejected: 0 });
    const [{ n }] = await viaPush.db.query(`SELECT count(*)::int AS n FROM calls WHERE external_id LIKE 'AU-%'`);
    expect(n).toBe(5);
  });

  it('reports invalid records by their position, like rows of a file, and refuses what is not a batch', async () => {
    const res = await push('calls', { records: [callRecords[0], { external_id: 'AU-9', started_at: 'yesterday-ish' }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'failed', rowsRejected: 1, written: false });
    expect(res.body.errors[0]).toMatchObject({ row: 2, column: 'started_at', value: 'yesterday-ish' });
    const skip = await push('calls', { records: [{ ...callRecords[0], external_id: 'AU-10' }, { external_id: 'AU-11', started_at: 'nope' }], onError: 'skip' });
    expect(counts(skip.body)).toEqual({ status: 'succeeded', rowsInserted: 1, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 1 });

    const notObject = await push('calls', { records: [callRecords[0], 'AU-2'] });
    expect(notObject.status).toBe(400);
    expect(notObject.body.message).toMatch(/^records\[1\]/);
    expect((await push('calls', { records: [] })).status).toBe(400);
    expect((await push('calls', { records: [], extra: 1 })).status).toBe(400);
    const unknown = await push('bananas', { records: [{}] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('unknown_import_kind');
    const tooMany = await push('calls', { records: Array.from({ length: 10_001 }, () => ({})) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.code).toBe('batch_too_large');
  });

  it('refuses revoked and expired keys (401), confines keys to their scope and records every use', async () => {
    const make = async (body: object) => {
      const res = await viaPush.http().post('/api/api-keys').set(bearer(pushAdmin)).send(body);
      expect(res.status).toBe(201);
      return res.body as { id: number; key: string };
    };
    const revoked = await make({ name: 'old hook', scope: 'ingest' });
    expect((await push('calls', { records: [callRecords[0]] }, revoked.key)).status).toBe(200);
    expect((await viaPush.http().delete(`/api/api-keys/${revoked.id}`).set(bearer(pushAdmin))).status).toBe(204);
    const afterRevoke = await push('calls', { records: [callRecords[0]] }, revoked.key);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body.code).toBe('api_key_invalid');

    const expiring = await make({ name: 'short-lived', scope: 'read', expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await viaPush.http().get('/api/kpis?from=2026-11-01&to=2026-11-30').set(bearer(expiring.key))).status).toBe(200);
    await viaPush.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expiring.id]);
    expect((await viaPush.http().get('/api/kpis?from=2026-11-01&to=2026-11-30').set(bearer(expiring.key))).status).toBe(401);
    expect((await viaPush.http().get('/api/kpis?from=2026-11-01&to=2026-11-30').set(bearer('csk_not-a-key'))).status).toBe(401);

    // An ingest key reads nothing; a read key pushes nothing.
    expect((await viaPush.http().get('/api/kpis?from=2026-11-01&to=2026-11-30').set(bearer(ingestKey))).status).toBe(403);
    const reader = await make({ name: 'BI tool', scope: 'read' });
    expect((await push('calls', { records: [callRecords[0]] }, reader.key)).status).toBe(403);

    const list = await viaPush.http().get('/api/api-keys').set(bearer(pushAdmin));
    expect(list.body.every((k: Record<string, unknown>) => !('key' in k) && !JSON.stringify(k).includes(ingestKey.slice(10)))).toBe(true);
    expect(list.body.find((k: { id: number }) => k.id === revoked.id)).toMatchObject({ revokedAt: expect.any(String), lastUsedAt: expect.any(String) });
    const stored = await viaPush.db.query(`SELECT key_hash FROM api_keys`);
    expect(stored.some((r: { key_hash: string }) => r.key_hash.includes(ingestKey.slice(4)))).toBe(false);
    // finish handlers run after the answer: give them a moment.
    await new Promise((r) => setTimeout(r, 200));
    const uses = await viaPush.db.query(`SELECT user_id, user_email, detail FROM audit_log WHERE action = 'api_key.use' AND target = $1`, [`api-key:${revoked.id}`]);
    // One row per request the key signed while it was valid (after revocation it signs nothing).
    expect(uses.map((u: { detail: { status: number; path: string } }) => [u.detail.path, u.detail.status])).toEqual([['/api/ingest/calls', 200]]);
    expect(uses[0]).toMatchObject({ user_id: null, user_email: 'api-key:old hook' });
  });

  it('applies the import scope of a supervisor of its teams to an ingest key restricted to teams', async () => {
    const [team] = await viaPush.db.query(`INSERT INTO teams (name) VALUES ('Push Team X') RETURNING id`);
    const [px1] = await viaPush.db.query(`INSERT INTO agents (code, name) VALUES ('PX1', 'Push Agent') RETURNING id`);
    await viaPush.db.query(`INSERT INTO agent_team_memberships (agent_id, team_id) VALUES ($1, $2)`, [px1.id, team.id]);
    const key = await viaPush.http().post('/api/api-keys').set(bearer(pushAdmin)).send({ name: 'Team X hook', scope: 'ingest', teamIds: [team.id] });
    expect(key.body.teamIds).toEqual([team.id]);
    const own = { external_id: 'PX-1', started_at: '2026-11-07T09:00:00+08:00', agent_code: 'PX1', answered: true, talk_s: 100 };
    // AA1 is in another team (Unassigned): its row is refused, and in reject mode nothing is written.
    const other = { external_id: 'PX-2', started_at: '2026-11-07T10:00:00+08:00', agent_code: 'AA1', answered: true, talk_s: 100 };
    const res = await push('calls', { records: [own, other] }, key.body.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'failed', rowsRejected: 1, written: false });
    expect(res.body.errors[0].row).toBe(2);
    const ok = await push('calls', { records: [own] }, key.body.key);
    expect(counts(ok.body)).toEqual({ status: 'succeeded', rowsInserted: 1, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0 });
  });

  it('takes a finished call from the documented Asterisk CDR hook, once however often the hook fires', async () => {
    const server = viaPush.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const script = join(__dirname, '../../docs/examples/asterisk-cdr-push.mjs');
      const env = { ...process.env, CALLSCOPE_URL: url, CALLSCOPE_INGEST_KEY: ingestKey, CALLSCOPE_CDR_TZ: '+08:00' };
      const args = [script, '1764640000.42', '2026-11-06 09:00:00', '2026-11-06 09:00:12', '2026-11-06 09:05:12', '300', 'ANSWERED', 'Cantonese', 'SIP/AA1', '85291234567'];
      for (let i = 0; i < 2; i++) await promisify(execFile)(process.execPath, args, { env });
      const rows = await viaPush.db.query(
        `SELECT c.answered, c.queue_wait_s, c.talk_s, c.queue, a.code FROM calls c LEFT JOIN agents a ON a.id = c.agent_id WHERE c.external_id = '1764640000.42'`,
      );
      expect(rows).toEqual([{ answered: true, queue_wait_s: 12, talk_s: 300, queue: 'Cantonese', code: 'AA1' }]);
      expect((await viaPush.db.query(`SELECT count(*)::int AS n FROM imports WHERE file_name = 'push-calls.jsonl' AND created_at > now() - interval '1 minute' AND rows_inserted = 1 AND rows_total = 1`))[0].n).toBeGreaterThanOrEqual(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
