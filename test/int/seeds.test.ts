import { TRANSCRIPT_HASH } from '../../server/modules/ingest/import.repository';
import { DataSource } from 'typeorm';
import { verifyPassword } from '../../server/modules/auth/password';
import { scoreEvaluation, ScoringItem } from '../../server/modules/qa/domain/score-evaluation';
import { DEMO_LOGINS, DEMO_PASSWORD, DemoOptions, DemoSummary, seedDemo } from '../../seeds/demo';
import { copyLine } from '../../seeds/demo-copy';
import { DemoRandom, localDayMs, toTimestamptz } from '../../seeds/demo-random';
import { teamSizes } from '../../seeds/demo-roster';
import { createTestDatabase, openDataSource, TestDatabase } from './support/test-database';

// 60 agents keep every story agent; 2 weeks at 2 contacts a day keep it small.
const SMALL: DemoOptions = { today: '2026-11-02', weeks: 2, callsPerAgentPerDay: 2, seed: 7 };

interface Seeded {
  database: TestDatabase;
  db: DataSource;
  summary: DemoSummary;
  ms: number;
}

async function seeded(options: DemoOptions): Promise<Seeded> {
  const database = await createTestDatabase();
  const db = await openDataSource(database.url);
  const t0 = Date.now();
  const summary = await seedDemo(db, options);
  return { database, db, summary, ms: Date.now() - t0 };
}

async function dispose(s: Seeded | undefined): Promise<void> {
  if (!s) return;
  await s.db.destroy();
  await s.database.drop();
}

/** Everything the generator decides, reduced to numbers and digests. */
async function fingerprint(db: DataSource) {
  const [row] = await db.query(`
    SELECT (SELECT count(*) FROM calls)::int AS calls,
           (SELECT sum(talk_s) FROM calls)::bigint::text AS talk,
           (SELECT sum(queue_wait_s) FROM calls)::bigint::text AS wait,
           (SELECT count(*) FROM calls WHERE direction = 'outbound')::int AS outbound,
           (SELECT md5(string_agg(c.external_id || c.started_at::text || coalesce(a.code, '-') || coalesce(c.customer_id, '-') || coalesce(c.talk_s::text, '-'), ',' ORDER BY c.external_id))
              FROM calls c LEFT JOIN agents a ON a.id = c.agent_id) AS calls_digest,
           (SELECT count(csat)::int FROM survey_responses) AS csat_n, (SELECT sum(csat)::int FROM survey_responses) AS csat_sum,
           (SELECT count(nps)::int FROM survey_responses) AS nps_n, (SELECT sum(nps)::int FROM survey_responses) AS nps_sum,
           (SELECT count(ces)::int FROM survey_responses) AS ces_n,
           (SELECT count(*)::int FROM qa_evaluations) AS evaluations, (SELECT sum(score) FROM qa_evaluations) AS score_sum,
           (SELECT md5(string_agg(e.status || coalesce(e.submitted_at::text, '-') || a.code, ',' ORDER BY e.id)) FROM qa_evaluations e JOIN agents a ON a.id = e.agent_id) AS evaluations_digest,
           (SELECT count(*)::int FROM qa_evaluation_answers) AS answers,
           (SELECT count(*)::int FROM agent_team_memberships) AS memberships,
           (SELECT md5(string_agg(code || name, ',' ORDER BY code)) FROM agents) AS agents_digest`);
  return row;
}

describe('demo building blocks', () => {
  it.each([
    // 1 agent each, the rest in proportion to 18:14:12:6:10, largest remainder first.
    [60, 5, [18, 14, 12, 6, 10]],
    // 7 spare: 2.1, 1.63, 1.4, 0.7, 1.17 -> floors 2,1,1,0,1; remainders .7 (VIP) and .63 (Cantonese) get the last 2.
    [12, 5, [3, 3, 2, 2, 2]],
    [5, 5, [1, 1, 1, 1, 1]],
  ])('splits %i agents over %i teams as %j', (agents, teams, sizes) => {
    expect(teamSizes(agents, teams)).toEqual(sizes);
  });

  it('refuses fewer agents than teams', () => {
    expect(() => teamSizes(4, 5)).toThrow('at least one agent per team');
  });

  it('writes COPY text lines with NULLs, booleans and escapes', () => {
    expect(copyLine([1, 'a\tb', null, true, false, 'x\\y\nz', '张磊'])).toBe('1\ta\\tb\t\\N\tt\tf\tx\\\\y\\nz\t张磊\n');
  });

  it.each([
    ['2026-03-01', 9 * 3600 + 5 * 60 + 7, '2026-03-01T09:05:07+08:00'],
    ['2026-02-28', 86_399, '2026-02-28T23:59:59+08:00'],
    ['2026-12-31', 0, '2026-12-31T00:00:00+08:00'],
  ])('formats local %s + %i s as %s', (date, seconds, expected) => {
    expect(toTimestamptz(localDayMs(date) + seconds * 1000)).toBe(expected);
  });

  it('refuses a today that is not a date', () => {
    expect(() => localDayMs('2026-13-01')).toThrow('YYYY-MM-DD');
    expect(() => localDayMs('yesterday')).toThrow('YYYY-MM-DD');
  });

  it('draws the same stream for the same seed only', () => {
    const draw = (seed: number) => {
      const r = new DemoRandom(seed);
      return [r.next(), r.next(), r.next()];
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(43)).not.toEqual(draw(42));
    expect(draw(42).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('demo data generator', () => {
  let a: Seeded | undefined;
  let b: Seeded | undefined;
  let other: Seeded | undefined;
  beforeAll(async () => {
    a = await seeded(SMALL);
    b = await seeded(SMALL);
    other = await seeded({ ...SMALL, seed: 8 });
  }, 120_000);
  afterAll(async () => {
    await dispose(a);
    await dispose(b);
    await dispose(other);
  }, 60_000);
  const A = () => a as Seeded;

  it('gives identical data for the same options and different data for another seed', async () => {
    const first = await fingerprint(A().db);
    expect(await fingerprint((b as Seeded).db)).toEqual(first);
    const third = await fingerprint((other as Seeded).db);
    expect(third.talk).not.toBe(first.talk);
    expect(third.calls_digest).not.toBe(first.calls_digest);
    expect(third.score_sum).not.toBe(first.score_sum);
    // Same roster shape whatever the seed: the special agents keep their fixed names.
    expect(third.memberships).toBe(61);
  });

  it('returns counts that match the rows it wrote', async () => {
    const f = await fingerprint(A().db);
    const [s] = await A().db.query(`SELECT count(*)::int AS n FROM survey_responses`);
    const [tx] = await A().db.query(`SELECT count(*)::int AS transcripts, coalesce(sum(turns), 0)::int AS turns FROM transcripts`);
    expect(A().summary).toEqual({ agents: 60, teams: 5, users: DEMO_LOGINS.length, calls: f.calls, surveys: s.n, evaluations: f.evaluations, ...tx, firstDate: '2026-10-19', lastDate: '2026-11-01' });
    expect(tx.transcripts).toBeGreaterThan(0);
    // The demo's transcript hashes are the ones an import computes, so re-importing the same turns changes nothing.
    const [{ differ }] = await A().db.query(
      `SELECT count(*)::int AS differ FROM transcripts t WHERE t.row_hash IS DISTINCT FROM (SELECT ${TRANSCRIPT_HASH} FROM transcript_turns n WHERE n.call_id = t.call_id)`,
    );
    expect(differ).toBe(0);
  });

  it('builds the two sites, five teams and 60 agents with codes by site, named in Chinese with the English beside', async () => {
    const db = A().db;
    const teams = await db.query(`SELECT t.name, s.name AS site FROM teams t JOIN sites s ON s.id = t.site_id ORDER BY t.id`);
    expect(teams).toEqual([
      { name: '普通话热线 Mandarin Hotline', site: '广州 Guangzhou' },
      { name: '粵語熱線 Cantonese Hotline', site: '香港 Hong Kong' },
      { name: '微信在线 WeChat Online', site: '广州 Guangzhou' },
      { name: '貴賓專線 VIP', site: '香港 Hong Kong' },
      { name: '电子邮件 Email', site: '广州 Guangzhou' },
    ]);
    expect(await db.query(`SELECT name FROM sites ORDER BY id`)).toEqual([{ name: '广州 Guangzhou' }, { name: '香港 Hong Kong' }]);
    // Team sizes 18, 14, 12, 6, 10: Guangzhou 18 + 12 + 10 = 40 agents, Hong Kong 14 + 6 = 20.
    const [codes] = await db.query(`SELECT count(*) FILTER (WHERE code LIKE 'GZ%')::int AS gz, count(*) FILTER (WHERE code LIKE 'HK%')::int AS hk, min(code) AS first_gz FROM agents`);
    expect(codes).toEqual({ gz: 40, hk: 20, first_gz: 'GZ1001' });
    const [hk] = await db.query(`SELECT min(code) AS first, max(code) AS last FROM agents WHERE code LIKE 'HK%'`);
    expect(hk).toEqual({ first: 'HK2001', last: 'HK2020' });
  });

  it("names the QA form's sections and items in Chinese with the English beside", async () => {
    const texts: { text: string }[] = await A().db.query(`SELECT title AS text FROM qa_form_sections UNION ALL SELECT text FROM qa_form_items`);
    expect(texts).toHaveLength(6 + 13);
    for (const { text } of texts) expect(text).toMatch(/^[\u3400-\u9fff].* [A-Z][a-z]/);
    expect(texts.map((t) => t.text)).toContain("谈及账户前先核实客户身份 Verified the customer's identity before discussing the account");
  });

  it('gives the moved agent two membership rows split on the move date, everyone else one', async () => {
    const db = A().db;
    const moved = await db.query(
      `SELECT t.name AS team, m.valid_from::text AS valid_from, m.valid_to::text AS valid_to
         FROM agent_team_memberships m JOIN agents a ON a.id = m.agent_id JOIN teams t ON t.id = m.team_id
        WHERE a.name = '王芳' ORDER BY m.valid_from NULLS FIRST`,
    );
    // 2 weeks from 2026-10-19: the move is after week 1, on Monday 2026-10-26.
    expect(moved).toEqual([
      { team: '普通话热线 Mandarin Hotline', valid_from: null, valid_to: '2026-10-26' },
      { team: '微信在线 WeChat Online', valid_from: '2026-10-26', valid_to: null },
    ]);
    const [others] = await db.query(`SELECT count(*)::int AS n FROM agent_team_memberships m JOIN agents a ON a.id = m.agent_id WHERE a.name <> '王芳' AND m.valid_from IS NULL AND m.valid_to IS NULL`);
    expect(others.n).toBe(59);
    // Her calls follow her team: phone before the move, WeChat/chat from it.
    const channels = await db.query(
      `SELECT DISTINCT (c.started_at AT TIME ZONE 'Asia/Shanghai')::date >= '2026-10-26' AS after, c.channel
         FROM calls c JOIN agents a ON a.id = c.agent_id WHERE a.name = '王芳' AND c.direction = 'inbound' ORDER BY 1, 2`,
    );
    expect(channels.filter((r: any) => !r.after).map((r: any) => r.channel)).toEqual(['phone']);
    expect(channels.filter((r: any) => r.after).every((r: any) => ['wechat', 'chat'].includes(r.channel))).toBe(true);
  });

  it('puts every call in the period: from 2026-10-19 to yesterday, none on or after today', async () => {
    const [range] = await A().db.query(
      `SELECT min((started_at AT TIME ZONE 'Asia/Shanghai')::date)::text AS first, max((started_at AT TIME ZONE 'Asia/Shanghai')::date)::text AS last,
              count(*) FILTER (WHERE started_at >= '2026-11-02T00:00:00+08:00')::int AS late,
              (SELECT count(*) FROM call_repeat_flags)::int AS flagged
         FROM calls`,
    );
    expect(range).toEqual({ first: '2026-10-19', last: '2026-11-01', late: 0, flagged: 0 });
    const [later] = await A().db.query(
      `SELECT (SELECT count(*) FROM survey_responses WHERE responded_at >= '2026-11-02T00:00:00+08:00')::int AS surveys,
              (SELECT count(*) FROM qa_evaluations WHERE greatest(submitted_at, acknowledged_at, disputed_at, resolved_at) >= '2026-11-02T00:00:00+08:00')::int AS evaluations`,
    );
    expect(later).toEqual({ surveys: 0, evaluations: 0 });
  });

  it('writes contacts that are consistent with their kind', async () => {
    const [c] = await A().db.query(`
      SELECT count(*) FILTER (WHERE NOT answered AND direction = 'inbound' AND (talk_s IS NOT NULL OR queue_wait_s IS NULL))::int AS bad_abandoned,
             count(*) FILTER (WHERE answered AND direction = 'inbound' AND (agent_id IS NULL OR talk_s IS NULL))::int AS bad_answered,
             count(*) FILTER (WHERE channel = 'email' AND NOT answered)::int AS abandoned_email,
             count(*) FILTER (WHERE queue NOT IN ('Mandarin', 'Cantonese', 'Online', 'VIP', 'Email'))::int AS bad_queue,
             count(*) FILTER (WHERE NOT answered AND direction = 'inbound')::int AS abandoned,
             count(*) FILTER (WHERE direction = 'outbound')::int AS outbound
        FROM calls`);
    expect(c).toMatchObject({ bad_abandoned: 0, bad_answered: 0, abandoned_email: 0, bad_queue: 0 });
    expect(c.abandoned).toBeGreaterThan(0);
    expect(c.outbound).toBeGreaterThan(0);
  });

  it('stores every evaluation with the score scoreEvaluation gives its stored answers', async () => {
    const db = A().db;
    const items: ScoringItem[] = (
      await db.query(`SELECT id, section_id, text, kind, max, weight, critical, na_allowed FROM qa_form_items ORDER BY id`)
    ).map((i: any) => ({ id: i.id, sectionId: i.section_id, text: i.text, kind: i.kind, max: i.max, weight: i.weight, critical: i.critical, naAllowed: i.na_allowed }));
    const evaluations = await db.query(`SELECT id, score, auto_fail FROM qa_evaluations ORDER BY id`);
    const answers = await db.query(`SELECT evaluation_id::int AS evaluation_id, item_id, value, earned, possible FROM qa_evaluation_answers ORDER BY evaluation_id, item_id`);
    expect(evaluations.length).toBeGreaterThan(100);
    const byEvaluation = new Map<number, any[]>();
    for (const a of answers) byEvaluation.set(a.evaluation_id, [...(byEvaluation.get(a.evaluation_id) ?? []), a]);
    let autoFails = 0;
    for (const e of evaluations) {
      const stored = byEvaluation.get(Number(e.id)) ?? [];
      expect(stored).toHaveLength(13);
      const result = scoreEvaluation(items, stored.map((a) => ({ itemId: a.item_id, value: a.value })));
      expect([e.id, e.score, e.auto_fail]).toEqual([e.id, result.score, result.autoFail]);
      for (const s of result.items) {
        const a = stored.find((x) => x.item_id === s.itemId);
        expect([a.earned, a.possible]).toEqual([s.earned, s.possible]);
      }
      if (e.auto_fail) autoFails++;
    }
    expect(autoFails).toBeGreaterThan(0);
  });

  it('gives evaluations believable statuses and evaluators: the team supervisor', async () => {
    const db = A().db;
    const statuses = await db.query(`SELECT status, count(*)::int AS n, count(submitted_at)::int AS submitted, count(dispute_reason)::int AS reasons FROM qa_evaluations GROUP BY status`);
    const by = Object.fromEntries(statuses.map((s: any) => [s.status, s]));
    expect(by.draft?.submitted ?? 0).toBe(0);
    expect(by.acknowledged.n).toBeGreaterThan(0);
    expect(by.submitted.n).toBeGreaterThan(0);
    expect(by.disputed.reasons).toBe(by.disputed.n);
    const [wrong] = await db.query(`
      SELECT count(*)::int AS n FROM qa_evaluations e
       WHERE NOT EXISTS (
         SELECT 1 FROM agent_team_memberships m JOIN user_teams ut ON ut.team_id = m.team_id JOIN users u ON u.id = ut.user_id AND u.role = 'supervisor'
          WHERE m.agent_id = e.agent_id AND u.id = e.evaluator_id
            AND (m.valid_from IS NULL OR m.valid_from <= (coalesce(e.submitted_at, e.created_at) AT TIME ZONE 'Asia/Shanghai')::date)
            AND (m.valid_to IS NULL OR m.valid_to > (coalesce(e.submitted_at, e.created_at) AT TIME ZONE 'Asia/Shanghai')::date))`);
    expect(wrong.n).toBe(0);
  });

  it('creates the demo logins with one password, supervisors on their team, agent logins on their agent', async () => {
    const db = A().db;
    const users = await db.query(
      `SELECT u.email, u.role, u.password_hash, a.name AS agent, array_remove(array_agg(t.name), NULL) AS teams
         FROM users u LEFT JOIN agents a ON a.id = u.agent_id LEFT JOIN user_teams ut ON ut.user_id = u.id LEFT JOIN teams t ON t.id = ut.team_id
        GROUP BY u.id, a.name ORDER BY u.id`,
    );
    expect(users.map((u: any) => u.email)).toEqual(DEMO_LOGINS.map((l) => l.email));
    expect(DEMO_LOGINS[0]).toMatchObject({ role: 'admin', email: 'admin@demo.callscope.dev' });
    expect(users.filter((u: any) => u.role === 'supervisor').map((u: any) => u.teams)).toEqual([['普通话热线 Mandarin Hotline'], ['粵語熱線 Cantonese Hotline'], ['微信在线 WeChat Online'], ['貴賓專線 VIP'], ['电子邮件 Email']]);
    expect(users.filter((u: any) => u.role === 'agent').map((u: any) => u.agent)).toEqual(['张磊', '李静', '王芳', '陳家豪']);
    expect(users.filter((u: any) => u.role === 'hr')).toHaveLength(1);
    await expect(verifyPassword(users[3].password_hash, DEMO_PASSWORD)).resolves.toBe(true);
  });
});

describe('demo data at the default size', () => {
  let s: Seeded | undefined;
  beforeAll(async () => {
    s = await seeded({ today: '2026-11-02' });
  }, 120_000);
  afterAll(() => dispose(s), 60_000);
  const db = () => (s as Seeded).db;

  it('loads ~50k calls, ~20% surveyed, ~1,500 evaluations over 13 weeks in under 20 s', async () => {
    const { summary, ms } = s as Seeded;
    expect(ms).toBeLessThan(20_000);
    expect(summary).toMatchObject({ agents: 60, firstDate: '2026-08-03', lastDate: '2026-11-01' });
    expect(summary.calls).toBeGreaterThan(45_000);
    expect(summary.calls).toBeLessThan(56_000);
    expect(summary.evaluations).toBeGreaterThan(1_300);
    expect(summary.evaluations).toBeLessThan(1_700);
    const [x] = await db().query(`
      SELECT count(*) FILTER (WHERE c.answered AND c.direction = 'inbound')::int AS answered, count(sr.id)::int AS surveys,
             count(*) FILTER (WHERE sr.responded_at IS NOT NULL AND date_trunc('month', sr.responded_at AT TIME ZONE 'Asia/Shanghai') > date_trunc('month', c.started_at AT TIME ZONE 'Asia/Shanghai'))::int AS next_month,
             count(*) FILTER (WHERE c.direction = 'outbound')::int AS outbound, count(*)::int AS calls
        FROM calls c LEFT JOIN survey_responses sr ON sr.call_id = c.id`);
    expect(x.surveys / x.answered).toBeGreaterThan(0.18);
    expect(x.surveys / x.answered).toBeLessThan(0.22);
    expect(x.next_month).toBeGreaterThan(0);
    expect(x.outbound / x.calls).toBeGreaterThan(0.01);
    expect(x.outbound / x.calls).toBeLessThan(0.05);
  });

  it('shapes the load: weekdays busier than weekends, peaks at 10-12 and 14-17', async () => {
    const hours = await db().query(`SELECT extract(hour FROM started_at AT TIME ZONE 'Asia/Shanghai')::int AS h, count(*)::int AS n FROM calls WHERE direction = 'inbound' GROUP BY 1`);
    const n = (h: number) => hours.find((r: any) => r.h === h)?.n ?? 0;
    for (const peak of [10, 11, 14, 15, 16]) {
      expect(n(peak)).toBeGreaterThan(n(8));
      expect(n(peak)).toBeGreaterThan(n(13));
      expect(n(peak)).toBeGreaterThan(n(20));
    }
    const [days] = await db().query(`
      SELECT avg(n) FILTER (WHERE dow BETWEEN 1 AND 5) AS weekday, avg(n) FILTER (WHERE dow IN (0, 6)) AS weekend
        FROM (SELECT (started_at AT TIME ZONE 'Asia/Shanghai')::date AS d, extract(dow FROM started_at AT TIME ZONE 'Asia/Shanghai') AS dow, count(*) AS n FROM calls GROUP BY 1, 2) x`);
    expect(Number(days.weekday)).toBeGreaterThan(1.4 * Number(days.weekend));
  });

  it('has repeat callers within 7 days', async () => {
    const [r] = await db().query(`
      SELECT count(*)::int AS n FROM calls c
       WHERE c.direction = 'inbound' AND c.customer_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM calls d WHERE d.customer_id = c.customer_id AND d.direction = 'inbound' AND d.started_at > c.started_at AND d.started_at <= c.started_at + interval '7 days')`);
    expect(r.n).toBeGreaterThan(1_000);
  });

  /** Handle time (talk + hold + wrap-up) per answered inbound call, by agent name or by team, in 7-day windows back from the end. */
  async function ahtByWeek(where: string, params: unknown[]): Promise<number[]> {
    const rows = await db().query(
      `SELECT ((date '2026-11-01' - (c.started_at AT TIME ZONE 'Asia/Shanghai')::date) / 7)::int AS w,
              sum(c.talk_s + coalesce(c.hold_s, 0) + coalesce(c.acw_s, 0))::float8 / count(*) AS aht
         FROM calls c JOIN agents a ON a.id = c.agent_id
        WHERE c.answered AND c.direction = 'inbound' AND ${where} GROUP BY 1 ORDER BY 1`,
      params,
    );
    return rows.map((r: any) => r.aht);
  }
  const teamOf = `c.queue = (SELECT queue FROM calls q JOIN agents x ON x.id = q.agent_id WHERE x.name = $1 AND q.direction = 'inbound' LIMIT 1)`;

  it('tells the stories: struggling agents above their team on AHT, one worsening 3 weeks running, a low-sample new hire', async () => {
    const team = await ahtByWeek(teamOf, ['陳家豪']);
    const chan = await ahtByWeek(`a.name = $1`, ['陳家豪']);
    for (let w = 0; w < 4; w++) expect(chan[w]).toBeGreaterThan(team[w] * 1.15);
    const liu = await ahtByWeek(`a.name = $1`, ['刘洋']);
    expect(liu[0]).toBeGreaterThan(liu[1]);
    expect(liu[1]).toBeGreaterThan(liu[2]);
    expect(liu[2]).toBeGreaterThan(liu[3]);
    const zhang = await ahtByWeek(`a.name = $1`, ['张磊']);
    const mandarin = await ahtByWeek(teamOf, ['张磊']);
    expect(zhang.reduce((x, y) => x + y) / zhang.length).toBeGreaterThan(1.2 * (mandarin.reduce((x, y) => x + y) / mandarin.length));
    const [zhao] = await db().query(`SELECT count(*)::int AS n FROM calls c JOIN agents a ON a.id = c.agent_id WHERE a.name = '赵雪' AND c.direction = 'inbound'`);
    expect(zhao.n).toBeGreaterThan(0);
    expect(zhao.n).toBeLessThan(20);
  });

  it('separates struggling from excellent agents on FCR, CSAT and QA', async () => {
    const rows = await db().query(`
      SELECT a.name,
             (SELECT count(*) FILTER (WHERE resolved)::float8 / count(resolved) FROM calls c WHERE c.agent_id = a.id AND c.answered AND c.direction = 'inbound') AS fcr,
             (SELECT avg(sr.csat)::float8 FROM survey_responses sr JOIN calls c ON c.id = sr.call_id WHERE c.agent_id = a.id) AS csat,
             (SELECT avg(CASE WHEN auto_fail THEN 0 ELSE score END) FROM qa_evaluations e WHERE e.agent_id = a.id AND e.status <> 'draft') AS qa,
             (SELECT count(*) FILTER (WHERE auto_fail)::int FROM qa_evaluations e WHERE e.agent_id = a.id) AS auto_fails
        FROM agents a WHERE a.name IN ('张磊', '孙浩', '李静', '黃詠詩', '梁嘉欣', '吴敏')`);
    const by = Object.fromEntries(rows.map((r: any) => [r.name, r]));
    for (const bad of ['张磊', '孙浩']) {
      for (const good of ['李静', '黃詠詩', '梁嘉欣', '吴敏']) {
        expect(by[bad].fcr).toBeLessThan(by[good].fcr);
        expect(by[bad].csat).toBeLessThan(by[good].csat);
        expect(by[bad].qa).toBeLessThan(by[good].qa);
      }
      expect(by[bad].auto_fails).toBeGreaterThanOrEqual(3);
    }
  });

  it('transcribes half the answered contacts, in the team’s language, and AutoQA tells the same stories', async () => {
    const [share] = await db().query(`SELECT count(t.call_id)::float8 / count(*) AS share FROM calls c LEFT JOIN transcripts t ON t.call_id = c.id WHERE c.answered`);
    expect(share.share).toBeGreaterThan(0.45);
    expect(share.share).toBeLessThan(0.55);
    const langs = await db().query(`
      SELECT c.queue, bool_or(n.text ~ '[這們係咩冇]') AS traditional, bool_or(n.text ~ '^[A-Za-z]') AS english, bool_or(n.text ~ '[这们么没]') AS simplified
        FROM transcript_turns n JOIN calls c ON c.id = n.call_id GROUP BY c.queue`);
    const lang = Object.fromEntries(langs.map((r: any) => [r.queue, r]));
    expect(lang.Mandarin).toMatchObject({ simplified: true, traditional: false, english: false });
    expect(lang.Cantonese).toMatchObject({ traditional: true, english: false });
    expect(lang.VIP).toMatchObject({ traditional: true, english: true });
    const rows = await db().query(`
      SELECT a.name, avg(r.score)::float8 AS score, count(*) FILTER (WHERE r.forbidden = 'f')::int AS forbidden,
             count(*) FILTER (WHERE f.outcome = 'f')::float8 / count(*) AS no_closing
        FROM agents a JOIN calls c ON c.agent_id = a.id JOIN autoqa_results r ON r.call_id = c.id
        JOIN autoqa_findings f ON f.call_id = c.id AND f.rule_set_id = r.rule_set_id AND f.rule = 'closing'
       WHERE a.name IN ('张磊', '孙浩', '李静', '黃詠詩', '梁嘉欣', '吴敏') GROUP BY a.name`);
    const by = Object.fromEntries(rows.map((r: any) => [r.name, r]));
    for (const bad of ['张磊', '孙浩']) {
      expect(by[bad].forbidden).toBeGreaterThanOrEqual(20);
      expect(by[bad].no_closing).toBeGreaterThan(0.3);
      for (const good of ['李静', '黃詠詩', '梁嘉欣', '吴敏']) expect(by[bad].score).toBeLessThan(by[good].score - 20);
    }
    for (const good of ['李静', '黃詠詩', '梁嘉欣', '吴敏']) expect([good, by[good].forbidden, by[good].no_closing]).toEqual([good, 0, 0]);
  });
});
