import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { hashPassword } from '../server/modules/auth/password';
import type { ScoringItem } from '../server/modules/qa/domain/score-evaluation';
import { DEFAULT_QA_FORM, ensureDefaultQaForm } from './default-qa-form';
import { CallRow, DemoCallGenerator, SurveyRow } from './demo-calls';
import { chunked, copyInto, copyLine } from './demo-copy';
import { insertDemoComplaints } from './demo-complaints';
import { AnswerRow, EvaluationRow, generateEvaluations } from './demo-qa';
import { DemoTranscriptGenerator, TurnRow } from './demo-transcripts';
import { ensureDefaultRuleSet } from '../server/modules/autoqa/autoqa-rule-set.service';
import { AutoqaScoringService, RuleSetVersion } from '../server/modules/autoqa/autoqa-scoring.service';
import { SPEAKERS } from '../server/modules/autoqa/autoqa-codes';
import { createHash } from 'node:crypto';
import { addDays, DAY_MS, DemoRandom, localDayMs, toLocalDate, toTimestamptz } from './demo-random';
import { buildRoster, DEMO_ACCOUNTS, Roster, TEAM_PROFILES } from './demo-roster';

export interface DemoLogin {
  role: 'admin' | 'hr' | 'supervisor' | 'agent';
  email: string;
  password: string;
  description: string;
}

export interface DemoOptions {
  /** Last day of data is the day before this local date (YYYY-MM-DD, Asia/Shanghai). */
  today: string;
  /** agents over all teams (default 60) */
  agents?: number;
  /** weeks of data ending yesterday (default 13); the first day is `today` minus 7 x weeks days */
  weeks?: number;
  /** PRNG seed (default 20261102): the same options always give the same data */
  seed?: number;
  /** teams (default 5: Mandarin Hotline, Cantonese Hotline, WeChat Online, VIP, Email; more repeat the profiles) */
  teams?: number;
  /** inbound contacts offered per phone agent per ordinary weekday (default 11: ~50k in the default demo) */
  callsPerAgentPerDay?: number;
  /** survey responses for ~20% of answered calls (default true) */
  surveys?: boolean;
  /** QA evaluations (default true) */
  evaluations?: boolean;
  /** evaluations per agent per week (default 1.9: ~1,500 in the default demo) */
  evaluationsPerAgentPerWeek?: number;
  /** transcripts for ~70% of answered contacts, scored by the default AutoQA rules (default true) */
  transcripts?: boolean;
}

export interface DemoSummary {
  agents: number;
  calls: number;
  surveys: number;
  evaluations: number;
  /** contacts with a transcript, and their turns */
  transcripts: number;
  turns: number;
  teams: number;
  users: number;
  /** first and last local date holding calls */
  firstDate: string;
  lastDate: string;
}

export const DEMO_PASSWORD = 'callscope-demo';

export const DEMO_LOGINS: DemoLogin[] = DEMO_ACCOUNTS.map((a) => ({ role: a.role, email: a.email, password: DEMO_PASSWORD, description: a.description }));

export const DEMO_DEFAULTS = { agents: 60, weeks: 13, seed: 20261102, teams: 5, callsPerAgentPerDay: 11, evaluationsPerAgentPerWeek: 1.9 } as const;

const CALL_COLUMNS = ['id', 'external_id', 'started_at', 'channel', 'direction', 'queue', 'agent_id', 'customer_id', 'answered', 'queue_wait_s', 'talk_s', 'hold_s', 'acw_s', 'resolved', 'escalated', 'transferred', 'topic', 'complaint_level', 'recording_url'];
const TURN_COLUMNS = ['call_id', 'seq', 'offset_ms', 'speaker', 'text'];
const SURVEY_COLUMNS = ['call_id', 'source', 'responded_at', 'csat', 'nps', 'ces', 'comment'];
const EVALUATION_COLUMNS = ['id', 'source', 'form_version_id', 'agent_id', 'call_id', 'call_external_id', 'evaluator_id', 'status', 'score', 'auto_fail', 'comment', 'submitted_at', 'acknowledged_at', 'disputed_at', 'dispute_reason', 'resolved_at', 'resolved_by', 'resolution_note', 'created_at', 'updated_at'];
const ANSWER_COLUMNS = ['evaluation_id', 'item_id', 'value', 'earned', 'possible'];

/**
 * Loads a deterministic demo contact center into the raw tables (org, people, calls, surveys,
 * QA) in one transaction. Calls, surveys and evaluations are streamed with COPY a week at a
 * time, so benchmark sizes never sit in memory. Leaves derived data (repeat_contact, rollups)
 * to the caller's `RollupService.rebuildAll()`.
 */
/** Per-channel service-level seconds of the demo center (the demo center's). */
export const DEMO_SERVICE_LEVEL_BY_CHANNEL = { chat: 60, wechat: 60, email: 86400 } as const;

export async function seedDemo(db: DataSource, options: DemoOptions): Promise<DemoSummary> {
  const o = { ...DEMO_DEFAULTS, ...withoutUndefined(options), today: options.today };
  for (const key of ['agents', 'weeks', 'teams'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new Error(`Demo option ${key} must be a whole number of at least 1, got ${o[key]}`);
  }
  if (!Number.isFinite(o.callsPerAgentPerDay) || o.callsPerAgentPerDay < 0) throw new Error(`Demo option callsPerAgentPerDay must be a number >= 0`);
  if (!Number.isFinite(o.seed)) throw new Error(`Demo option seed must be a number`);
  const r = new DemoRandom(o.seed);
  const days = o.weeks * 7;
  const startDayMs = addDays(localDayMs(o.today), -days);
  const roster = buildRoster(o.agents, o.teams, r);

  await ensureDefaultQaForm(db);
  const { versionId, items } = await defaultFormItems(db);
  const accounts = accountsFor(roster);
  const hashes = await Promise.all(accounts.map(() => hashPassword(DEMO_PASSWORD)));

  const qr = db.createQueryRunner();
  const client = (await qr.connect()) as PoolClient;
  await qr.startTransaction();
  try {
    const teamIds = await insertOrg(qr, roster);
    const agentIds = await insertAgents(qr, roster, teamIds, toLocalDate(addDays(startDayMs, Math.floor(o.weeks / 2) * 7)));
    const { supervisorByTeam, users } = await insertUsers(qr, accounts, hashes, agentIds, teamIds);
    // The center's service standards: online channels answer within 60 s, email within a day.
    await qr.query(`UPDATE settings SET service_level_by_channel = $1 WHERE id = 1`, [JSON.stringify(DEMO_SERVICE_LEVEL_BY_CHANNEL)]);

    const [{ calls: maxCall, evals: maxEval }] = await qr.query(`SELECT (SELECT coalesce(max(id), 0) FROM calls)::bigint AS calls, (SELECT coalesce(max(id), 0) FROM qa_evaluations)::bigint AS evals`);
    const generator = new DemoCallGenerator(roster, { startDayMs, days, callsPerAgentPerDay: o.callsPerAgentPerDay, moveDay: Math.floor(o.weeks / 2) * 7, surveys: o.surveys ?? true, firstCallId: Number(maxCall) + 1 }, r);
    const talk = o.transcripts === false ? null : new DemoTranscriptGenerator(o.seed);
    // Transcripts are scored as they are written, by the default AutoQA rules (as an import would score them).
    const scoring = new AutoqaScoringService();
    let version: RuleSetVersion | null = null;
    if (talk) {
      await ensureDefaultRuleSet(qr.manager);
      version = (await scoring.lockVersions(qr.manager)).current;
    }
    let turns = 0;
    let transcripts = 0;
    let calls = 0;
    let surveys = 0;
    let evaluations = 0;
    let nextEvaluationId = Number(maxEval) + 1;
    for (let weekStart = 0; weekStart < days; weekStart += 7) {
      const weekSurveys: SurveyRow[] = [];
      const weekTalk: { call: CallRow; turns: TurnRow[] }[] = [];
      const transcribe = talk
        ? (c: CallRow) => {
            const t = talk.turnsFor(c, c.agentIndex === null ? null : roster.agents[c.agentIndex]);
            if (t.length) weekTalk.push({ call: c, turns: t });
          }
        : null;
      await copyInto(client, 'calls', CALL_COLUMNS, weekOfCalls(generator, weekStart, Math.min(days, weekStart + 7), agentIds, weekSurveys, (n) => (calls += n), transcribe));
      await copyInto(client, 'survey_responses', SURVEY_COLUMNS, chunked(weekSurveys, surveyLine));
      if (weekTalk.length && version) {
        await copyInto(client, 'transcript_turns', TURN_COLUMNS, chunked(weekTalk.flatMap((x) => x.turns), (t) => copyLine([t.callId, t.seq, t.offsetMs, t.speaker, t.text])));
        const lines = scoring.resultLines(
          weekTalk.map((x) => ({ callId: x.call.id, channel: x.call.channel, turns: x.turns.map((t) => ({ seq: t.seq, offsetS: t.offsetMs === null ? null : t.offsetMs / 1000, speaker: SPEAKERS[t.speaker], text: t.text })) })),
          [version],
        );
        await scoring.copyResults(client, lines);
        // Each transcript's row with the hash an import stores (TRANSCRIPT_HASH), so re-importing the same turns changes nothing.
        await copyInto(client, 'transcripts', ['call_id', 'turns', 'row_hash'], chunked(weekTalk, (x) => copyLine([x.call.id, x.turns.length, transcriptHash(x.turns)])));
        turns += weekTalk.reduce((n, x) => n + x.turns.length, 0);
        transcripts += weekTalk.length;
      }
      surveys += weekSurveys.length;
      const candidates = generator.takeCandidates();
      if (o.evaluations === false) continue;
      const week = generateEvaluations({
        candidates, agents: roster.agents, items, perAgentPerWeek: o.evaluationsPerAgentPerWeek, endMs: generator.endMs, firstId: nextEvaluationId, r,
        teamAt: (agent, ms) => generator.teamOn(agent, Math.floor((ms - startDayMs) / DAY_MS)),
      });
      nextEvaluationId += week.evaluations.length;
      evaluations += week.evaluations.length;
      await copyInto(client, 'qa_evaluations', EVALUATION_COLUMNS, chunked(week.evaluations, (e) => evaluationLine(e, versionId, agentIds, supervisorByTeam)));
      await copyInto(client, 'qa_evaluation_answers', ANSWER_COLUMNS, chunked(week.answers, answerLine));
    }
    // Rows were copied with explicit ids: move the sequences past them.
    await qr.query(`SELECT setval(pg_get_serial_sequence('calls', 'id'), greatest((SELECT max(id) FROM calls), 1))`);
    // Complaint cases on some of the calls with a complaint level (the demo's "today" starts at local midnight, +08:00).
    await insertDemoComplaints(qr, roster, agentIds, Number(maxCall) + 1, o.seed, localDayMs(o.today) - 8 * 3_600_000);
    await qr.query(`SELECT setval(pg_get_serial_sequence('qa_evaluations', 'id'), greatest((SELECT max(id) FROM qa_evaluations), 1))`);
    await qr.commitTransaction();
    return { agents: roster.agents.length, teams: roster.teams.length, users, calls, surveys, evaluations, transcripts, turns, firstDate: toLocalDate(startDayMs), lastDate: toLocalDate(addDays(startDayMs, days - 1)) };
  } catch (error) {
    await qr.rollbackTransaction();
    throw error;
  } finally {
    await qr.release();
  }
}

/** The same md5 as the import's TRANSCRIPT_HASH (server/modules/ingest/import.repository.ts) over turns in seq order. */
function transcriptHash(turns: TurnRow[]): string {
  return createHash('md5').update(turns.map((t) => `${t.seq}|${t.offsetMs ?? ''}|${t.speaker}|${t.text}`).join('\x1f')).digest('hex');
}

function* weekOfCalls(
  generator: DemoCallGenerator,
  fromDay: number,
  toDay: number,
  agentIds: number[],
  surveys: SurveyRow[],
  count: (n: number) => void,
  transcribe: ((c: CallRow) => void) | null,
): Generator<string> {
  for (let day = fromDay; day < toDay; day++) {
    const { calls, surveys: daySurveys } = generator.generateDay(day);
    count(calls.length);
    for (const s of daySurveys) surveys.push(s);
    if (transcribe) for (const c of calls) transcribe(c);
    yield* chunked(calls, (c) => callLine(c, agentIds));
  }
}

function callLine(c: CallRow, agentIds: number[]): string {
  return copyLine([
    c.id, c.externalId, toTimestamptz(c.startMs), c.channel, c.direction, c.queue, c.agentIndex === null ? null : agentIds[c.agentIndex], c.customerId, c.answered,
    c.queueWaitS, c.talkS, c.holdS, c.acwS, c.resolved, c.escalated, c.transferred, c.topic, c.complaintLevel,
    // The phone system's recording of a phone contact (a link only: Callscope stores no audio).
    c.channel === 'phone' && c.answered ? `https://pbx.demo.callscope.dev/recordings/${encodeURIComponent(c.externalId)}.mp3` : null,
  ]);
}

const surveyLine = (s: SurveyRow) => copyLine([s.callId, 'import', s.respondedMs === null ? null : toTimestamptz(s.respondedMs), s.csat, s.nps, s.ces, s.comment]);

function evaluationLine(e: EvaluationRow, versionId: number, agentIds: number[], supervisorByTeam: Map<number, number>): string {
  const ts = (ms: number | null) => (ms === null ? null : toTimestamptz(ms));
  const evaluator = supervisorByTeam.get(e.team) ?? null;
  const updated = Math.max(e.createdMs, e.submittedMs ?? 0, e.acknowledgedMs ?? 0, e.disputedMs ?? 0, e.resolvedMs ?? 0);
  return copyLine([
    e.id, 'app', versionId, agentIds[e.agentIndex], e.callId, e.callExternalId, evaluator, e.status, e.score, e.autoFail, e.comment,
    ts(e.submittedMs), ts(e.acknowledgedMs), ts(e.disputedMs), e.disputeReason, ts(e.resolvedMs), e.resolvedMs === null ? null : evaluator, e.resolutionNote, ts(e.createdMs), ts(updated),
  ]);
}

const answerLine = (a: AnswerRow) => copyLine([a.evaluationId, a.itemId, JSON.stringify(a.value), a.earned, a.possible]);

/** The default form's newest version and its items in form order. */
async function defaultFormItems(db: DataSource): Promise<{ versionId: number; items: ScoringItem[] }> {
  const [version] = await db.query(
    `SELECT v.id FROM qa_form_versions v JOIN qa_forms f ON f.id = v.form_id
      ORDER BY (f.name = $1) DESC, f.id, v.version DESC LIMIT 1`,
    [DEFAULT_QA_FORM.name],
  );
  if (!version) throw new Error('The demo needs a QA form; ensureDefaultQaForm created none');
  const rows = await db.query(
    `SELECT i.id, i.section_id, i.text, i.kind, i.max, i.weight, i.critical, i.na_allowed
       FROM qa_form_items i JOIN qa_form_sections s ON s.id = i.section_id
      WHERE i.form_version_id = $1 ORDER BY s.position, i.position`,
    [version.id],
  );
  const items = rows.map((i: any) => ({ id: i.id, sectionId: i.section_id, text: i.text, kind: i.kind, max: i.max, weight: Number(i.weight), critical: i.critical, naAllowed: i.na_allowed }));
  return { versionId: version.id, items };
}

interface Account {
  role: DemoLogin['role'];
  email: string;
  name: string;
  team?: number;
  agentIndex?: number;
}

/** The printed demo logins, plus a supervisor for each extra team of a benchmark roster. */
function accountsFor(roster: Roster): Account[] {
  const accounts: Account[] = [];
  for (const a of DEMO_ACCOUNTS) {
    if (a.role === 'supervisor') {
      if ((a.team ?? 0) < roster.teams.length) accounts.push({ role: a.role, email: a.email, name: a.name, team: a.team });
    } else if (a.role === 'agent') {
      const agent = roster.agents.find((x) => x.login === a.email);
      if (agent) accounts.push({ role: a.role, email: a.email, name: a.name, agentIndex: agent.index });
    } else accounts.push({ role: a.role, email: a.email, name: a.name });
  }
  for (const team of roster.teams.slice(TEAM_PROFILES.length)) {
    accounts.push({ role: 'supervisor', email: `supervisor.team${team.index + 1}@demo.callscope.dev`, name: `${team.profile.supervisor.name}${team.index + 1}`, team: team.index });
  }
  return accounts;
}

async function insertOrg(qr: QueryRunner, roster: Roster): Promise<number[]> {
  const siteNames = [...new Set(roster.teams.map((t) => t.site))];
  const sites: { id: number; name: string }[] = await qr.query(
    `INSERT INTO sites (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name`,
    [siteNames],
  );
  const siteId = new Map(sites.map((s) => [s.name, s.id]));
  const teams: { id: number; name: string }[] = await qr.query(
    `INSERT INTO teams (name, site_id) SELECT * FROM unnest($1::text[], $2::int[])
     ON CONFLICT (name) DO UPDATE SET site_id = EXCLUDED.site_id RETURNING id, name`,
    [roster.teams.map((t) => t.name), roster.teams.map((t) => siteId.get(t.site))],
  );
  const teamId = new Map(teams.map((t) => [t.name, t.id]));
  return roster.teams.map((t) => teamId.get(t.name) as number);
}

/** Agents and their membership history; a moving agent gets two rows split at `moveDate`. */
async function insertAgents(qr: QueryRunner, roster: Roster, teamIds: number[], moveDate: string): Promise<number[]> {
  const rows: { id: number; code: string }[] = await qr.query(
    `INSERT INTO agents (code, name, email) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) RETURNING id, code`,
    [roster.agents.map((a) => a.code), roster.agents.map((a) => a.name), roster.agents.map((a) => a.email)],
  );
  const byCode = new Map(rows.map((a) => [a.code, a.id]));
  const agentIds = roster.agents.map((a) => byCode.get(a.code) as number);
  const m = { agent: [] as number[], team: [] as number[], from: [] as (string | null)[], to: [] as (string | null)[] };
  const push = (agent: number, team: number, from: string | null, to: string | null) => {
    m.agent.push(agent);
    m.team.push(team);
    m.from.push(from);
    m.to.push(to);
  };
  for (const a of roster.agents) {
    if (a.movesTo === undefined) push(agentIds[a.index], teamIds[a.team], null, null);
    else {
      push(agentIds[a.index], teamIds[a.team], null, moveDate);
      push(agentIds[a.index], teamIds[a.movesTo], moveDate, null);
    }
  }
  await qr.query(`INSERT INTO agent_team_memberships (agent_id, team_id, valid_from, valid_to) SELECT * FROM unnest($1::int[], $2::int[], $3::date[], $4::date[])`, [m.agent, m.team, m.from, m.to]);
  return agentIds;
}

async function insertUsers(qr: QueryRunner, accounts: Account[], hashes: string[], agentIds: number[], teamIds: number[]): Promise<{ supervisorByTeam: Map<number, number>; users: number }> {
  // ON CONFLICT: a bootstrap admin may already hold the demo admin's email.
  await qr.query(
    `INSERT INTO users (email, name, role, password_hash, agent_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) ON CONFLICT DO NOTHING`,
    [accounts.map((a) => a.email), accounts.map((a) => a.name), accounts.map((a) => a.role), hashes, accounts.map((a) => (a.agentIndex === undefined ? null : agentIds[a.agentIndex]))],
  );
  const rows: { id: number; email: string }[] = await qr.query(`SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1::text[])`, [accounts.map((a) => a.email.toLowerCase())]);
  const idByEmail = new Map(rows.map((u) => [u.email, u.id]));
  const supervisorByTeam = new Map<number, number>();
  for (const a of accounts) if (a.role === 'supervisor' && a.team !== undefined) supervisorByTeam.set(a.team, idByEmail.get(a.email.toLowerCase()) as number);
  const pairs = [...supervisorByTeam.entries()];
  await qr.query(`INSERT INTO user_teams (user_id, team_id) SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT DO NOTHING`, [pairs.map(([, u]) => u), pairs.map(([t]) => teamIds[t])]);
  return { supervisorByTeam, users: rows.length };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
