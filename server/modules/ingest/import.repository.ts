import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { ImportKind } from './domain/import-fields';
import { missingFields } from './domain/missing-fields';
import type { CanonicalRow, CanonicalValue } from './domain/row.parser';
import type { ImportJob } from './import.types';
import { UNASSIGNED_TEAM } from '../org/org.service';

/** Staging columns per kind, in COPY order (row_no first). */
const STAGING: Record<ImportKind, Array<[string, string]>> = {
  calls: [
    ['external_id', 'text'], ['started_at', 'timestamptz'], ['channel', 'text'], ['direction', 'text'], ['queue', 'text'],
    ['agent_code', 'text'], ['customer_id', 'text'], ['answered', 'boolean'], ['queue_wait_s', 'integer'], ['talk_s', 'integer'],
    ['hold_s', 'integer'], ['acw_s', 'integer'], ['resolved', 'boolean'], ['escalated', 'boolean'], ['transferred', 'boolean'],
    ['topic', 'text'], ['complaint_level', 'text'], ['csat', 'smallint'], ['nps', 'smallint'], ['recording_url', 'text'],
  ],
  surveys: [['call_external_id', 'text'], ['responded_at', 'timestamptz'], ['csat', 'smallint'], ['nps', 'smallint'], ['ces', 'smallint'], ['comment', 'text']],
  agents: [['agent_code', 'text'], ['name', 'text'], ['team', 'text'], ['site', 'text'], ['email', 'text'], ['team_since', 'date'], ['active', 'boolean']],
  evaluations: [
    ['agent_code', 'text'], ['evaluated_at', 'timestamptz'], ['score', 'double precision'], ['auto_fail', 'boolean'],
    ['call_external_id', 'text'], ['evaluator', 'text'], ['form', 'text'], ['comment', 'text'],
  ],
  transcripts: [['call_external_id', 'text'], ['seq', 'integer'], ['offset_s', 'double precision'], ['speaker', 'text'], ['text', 'text']],
  complaints: [
    ['external_id', 'text'], ['opened_at', 'timestamptz'], ['level', 'text'], ['call_external_id', 'text'], ['agent_code', 'text'],
    ['first_response_at', 'timestamptz'], ['resolved_at', 'timestamptz'], ['category', 'text'],
  ],
};

/** The staging columns the upsert joins on: the only ones whose statistics the planner needs. */
const JOIN_COLUMNS: Record<ImportKind, string[]> = {
  calls: ['external_id', 'agent_code'],
  surveys: ['call_external_id'],
  agents: ['agent_code', 'team', 'site'],
  evaluations: ['agent_code', 'call_external_id'],
  transcripts: ['call_external_id'],
  complaints: ['external_id', 'call_external_id', 'agent_code'],
};

/** The key a row may carry only once per file, as SQL over the staging table. */
const KEY_SQL: Record<ImportKind, { expr: string; label: string }> = {
  calls: { expr: `external_id`, label: 'external_id' },
  surveys: { expr: `call_external_id`, label: 'call_external_id' },
  agents: { expr: `agent_code`, label: 'agent_code' },
  evaluations: { expr: `agent_code || ' ' || to_char(evaluated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || coalesce(' ' || call_external_id, '')`, label: 'agent_code + evaluated_at + call_external_id' },
  transcripts: { expr: `call_external_id || ' #' || seq`, label: 'call_external_id + seq' },
  complaints: { expr: `external_id`, label: 'external_id' },
};

/** TypeORM answers UPDATE/DELETE … RETURNING with [rows, count] and INSERT … RETURNING with rows. */
export function returnedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? (r[0] as T[]) : (r as T[]);
}

export interface SqlRowError {
  row: number;
  column: string;
  value: string;
  message: string;
}

export interface WriteOutcome {
  inserted: number;
  updated: number;
  newAgents: string[];
}

const COPY_SPECIAL = /[\\\t\n\r]/;

function copyText(v: CanonicalValue | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return COPY_SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return v.toISOString();
}

/**
 * Streams canonical rows into a TEMP staging table with COPY, in chunks of joined lines so the
 * socket sees few large writes; respects back-pressure.
 */
export class StagingWriter {
  private stream!: Writable;
  private buffer: string[] = [];
  private done!: Promise<void>;
  private readonly columns: string[];
  private copying = false;
  count = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly kind: ImportKind,
  ) {
    this.columns = STAGING[kind].map(([c]) => c);
  }

  async open(): Promise<void> {
    const cols = STAGING[this.kind].map(([c, t]) => `${c} ${t}`).join(', ');
    await this.client.query(`CREATE TEMP TABLE stg (row_no integer NOT NULL, ${cols}) ON COMMIT DROP`);
    this.stream = this.client.query(copyFrom(`COPY stg (row_no, ${this.columns.join(', ')}) FROM STDIN`));
    this.copying = true;
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', reject);
      this.stream.on('close', () => reject(new Error('The COPY stream closed before it finished.')));
    });
    // Surface a COPY failure even while nothing is being written.
    this.done.catch(() => undefined);
  }

  add(row: number, values: CanonicalRow): void {
    // One join per line allocates less than concatenating its cells one by one.
    const cells = [String(row)];
    for (const c of this.columns) cells.push(copyText(values[c]));
    this.buffer.push(cells.join('\t'));
    this.count++;
  }

  /** Hands the buffered lines to COPY; waits when the socket is busy. */
  async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('\n') + '\n';
    this.buffer = [];
    if (!this.stream.write(chunk)) {
      await Promise.race([new Promise((r) => this.stream.once('drain', r)), this.done]);
    }
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
    this.copying = false;
    await this.client.query(`ANALYZE stg (${JOIN_COLUMNS[this.kind].join(', ')})`);
  }

  /**
   * Ends an unfinished COPY with CopyFail so the connection can run ROLLBACK: while a COPY is
   * open, every later query on the connection waits behind it. True when PostgreSQL answered
   * within `timeoutMs` (false: the connection must be thrown away).
   */
  async abort(reason: string, timeoutMs = 5000): Promise<boolean> {
    if (!this.copying) return true;
    this.copying = false;
    this.buffer = [];
    let timer: NodeJS.Timeout | undefined;
    const settled = new Promise<boolean>((resolve) => {
      this.done.then(() => resolve(true), () => resolve(true));
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    if (!this.stream.destroyed) this.stream.destroy(new Error(reason));
    const ok = await settled;
    clearTimeout(timer);
    return ok;
  }
}

/** Rows whose key already appeared earlier in the file; they are removed from staging. */
export async function takeDuplicateKeys(m: EntityManager, kind: ImportKind): Promise<SqlRowError[]> {
  const key = KEY_SQL[kind];
  // One hash aggregate answers the common case (no key repeated) without sorting the file.
  const [{ repeated }] = await m.query(`SELECT EXISTS (SELECT 1 FROM stg GROUP BY ${key.expr} HAVING count(*) > 1) AS repeated`);
  if (!repeated) return [];
  const rows = returnedRows<{ row_no: number; k: string; first_row: number }>(await m.query(
    `DELETE FROM stg USING (
       SELECT row_no, k, first_row FROM (
         SELECT row_no, ${key.expr} AS k, row_number() OVER w AS n, first_value(row_no) OVER w AS first_row
           FROM stg WINDOW w AS (PARTITION BY ${key.expr} ORDER BY row_no)) x WHERE n > 1) d
      WHERE stg.row_no = d.row_no
      RETURNING d.row_no, d.k, d.first_row`,
  ));
  return rows.map((r) => ({ row: r.row_no, column: key.label, value: r.k, message: `${key.label} "${r.k}" appears more than once in the file (first on row ${r.first_row}); each may appear only once.` }));
}

/** Rows that refer to something not stored (a survey's call, an evaluation's agent, a backdated team move); removed from staging. */
export async function takeUnresolvedReferences(m: EntityManager, kind: ImportKind, today: string): Promise<SqlRowError[]> {
  if (kind === 'surveys' || kind === 'transcripts') {
    const rows = returnedRows<any>(await m.query(
      `DELETE FROM stg s WHERE NOT EXISTS (SELECT 1 FROM calls c WHERE c.external_id = s.call_external_id) RETURNING row_no, call_external_id`,
    ));
    return rows.map((r: any) => ({ row: r.row_no, column: 'call_external_id', value: r.call_external_id, message: `No call with id "${r.call_external_id}" has been imported; import the call log first.` }));
  }
  if (kind === 'evaluations') {
    const rows = returnedRows<any>(await m.query(`DELETE FROM stg s WHERE NOT EXISTS (SELECT 1 FROM agents a WHERE a.code = s.agent_code) RETURNING row_no, agent_code`));
    return rows.map((r: any) => ({ row: r.row_no, column: 'agent_code', value: r.agent_code, message: `No agent has the code "${r.agent_code}"; import the agent list or a call log with this agent first.` }));
  }
  if (kind === 'agents') {
    const rows = returnedRows<any>(await m.query(
      `DELETE FROM stg s USING agents a, agent_team_memberships m, teams t
        WHERE a.code = s.agent_code AND m.agent_id = a.id AND m.valid_to IS NULL AND t.id = m.team_id
          AND s.team IS NOT NULL AND s.team <> t.name AND m.valid_from IS NOT NULL
          AND coalesce(s.team_since, $1::date) <= m.valid_from
        RETURNING s.row_no, to_char(s.team_since, 'YYYY-MM-DD') AS team_since, t.name AS current_team, to_char(m.valid_from, 'YYYY-MM-DD') AS current_from`,
      [today],
    ));
    return rows.map((r: any) => ({
      row: r.row_no,
      column: 'team_since',
      value: r.team_since ?? '',
      message: `The agent joined their current team (${r.current_team}) on ${r.current_from}; a team change must be dated after that.`,
    }));
  }
  return [];
}

export async function stagedCount(m: EntityManager): Promise<number> {
  const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM stg`);
  return n;
}

async function unassignedTeamId(m: EntityManager): Promise<number> {
  await m.query(`INSERT INTO teams (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [UNASSIGNED_TEAM]);
  const [{ id }] = await m.query(`SELECT id FROM teams WHERE name = $1`, [UNASSIGNED_TEAM]);
  return id;
}

export interface CallsOutcome extends WriteOutcome {
  localDates: string[];
  customerIds: string[];
}

/**
 * The row hash of a staged call (alias `s`): its canonical values incl. inline csat/nps, as stored
 * in calls.row_hash. A recording link is hashed only when present, so calls stored before the
 * field existed keep their hash and an unchanged file stays unchanged.
 */
const CALL_ROW_HASH = `md5(ROW(extract(epoch FROM s.started_at), s.channel, s.direction, s.queue, s.agent_code, s.customer_id, s.answered,
                      s.queue_wait_s, s.talk_s, s.hold_s, s.acw_s, s.resolved, s.escalated, s.transferred, s.topic,
                      s.complaint_level, s.csat, s.nps)::text || coalesce(' ' || s.recording_url, ''))`;

/**
 * Upserts staged calls (and their inline survey scores) set-based. Rows stored with the same
 * row hash are removed from staging first (one hash join), so a re-import of an unchanged file
 * costs no upsert work at all; the rest goes through INSERT … ON CONFLICT.
 */
export async function writeCalls(m: EntityManager, importId: string, timezone: string): Promise<CallsOutcome> {
  const teamId = await unassignedTeamId(m);
  const created: Array<{ code: string }> = await m.query(
    `WITH na AS (
       INSERT INTO agents (code, name)
       SELECT DISTINCT s.agent_code, s.agent_code FROM stg s
        WHERE s.agent_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM agents a WHERE a.code = s.agent_code)
       ON CONFLICT (code) DO NOTHING RETURNING id, code),
     mm AS (INSERT INTO agent_team_memberships (agent_id, team_id, valid_from) SELECT id, $1, NULL FROM na)
     SELECT code FROM na ORDER BY code`,
    [teamId],
  );
  await m.query(`DELETE FROM stg s USING calls c WHERE c.external_id = s.external_id AND c.row_hash = ${CALL_ROW_HASH}`);
  const [r] = await m.query(
    `WITH old AS (
       SELECT c.external_id, c.started_at, c.customer_id FROM calls c JOIN stg s ON s.external_id = c.external_id),
     src AS (
       SELECT s.*, a.id AS agent_id,
              ${CALL_ROW_HASH} AS hash
         FROM stg s LEFT JOIN agents a ON a.code = s.agent_code),
     up AS (
       INSERT INTO calls AS c (external_id, started_at, channel, direction, queue, agent_id, customer_id, answered, queue_wait_s,
                               talk_s, hold_s, acw_s, resolved, escalated, transferred, topic, complaint_level, recording_url, row_hash, import_id)
       SELECT external_id, started_at, channel, direction, queue, agent_id, customer_id, answered, queue_wait_s,
              talk_s, hold_s, acw_s, resolved, escalated, transferred, topic, complaint_level, recording_url, hash, $1 FROM src
       ON CONFLICT (external_id) DO UPDATE SET
         started_at = EXCLUDED.started_at, channel = EXCLUDED.channel, direction = EXCLUDED.direction, queue = EXCLUDED.queue,
         agent_id = EXCLUDED.agent_id, customer_id = EXCLUDED.customer_id, answered = EXCLUDED.answered,
         queue_wait_s = EXCLUDED.queue_wait_s, talk_s = EXCLUDED.talk_s, hold_s = EXCLUDED.hold_s, acw_s = EXCLUDED.acw_s,
         resolved = EXCLUDED.resolved, escalated = EXCLUDED.escalated, transferred = EXCLUDED.transferred, topic = EXCLUDED.topic,
         complaint_level = EXCLUDED.complaint_level, recording_url = EXCLUDED.recording_url, row_hash = EXCLUDED.row_hash,
         import_id = EXCLUDED.import_id, updated_at = now()
       WHERE c.row_hash IS DISTINCT FROM EXCLUDED.row_hash
       RETURNING c.id, c.external_id, c.started_at, c.customer_id, (c.xmax = 0) AS inserted),
     sv AS (
       INSERT INTO survey_responses AS r (call_id, source, csat, nps, import_id)
       SELECT up.id, 'inline', s.csat, s.nps, $1 FROM up JOIN stg s ON s.external_id = up.external_id
        WHERE s.csat IS NOT NULL OR s.nps IS NOT NULL
       ON CONFLICT (call_id) DO UPDATE SET csat = EXCLUDED.csat, nps = EXCLUDED.nps, import_id = EXCLUDED.import_id, updated_at = now()
       WHERE r.source = 'inline'
       RETURNING r.call_id),
     dl AS (
       DELETE FROM survey_responses r USING up, stg s
        WHERE s.external_id = up.external_id AND r.call_id = up.id AND r.source = 'inline' AND s.csat IS NULL AND s.nps IS NULL
       RETURNING r.call_id),
     touched AS (
       SELECT started_at, customer_id FROM up
       UNION ALL
       SELECT o.started_at, o.customer_id FROM old o JOIN up ON up.external_id = o.external_id AND NOT up.inserted)
     SELECT (SELECT count(*) FILTER (WHERE inserted) FROM up)::int AS inserted,
            (SELECT count(*) FILTER (WHERE NOT inserted) FROM up)::int AS updated,
            (SELECT count(*) FROM sv)::int + (SELECT count(*) FROM dl)::int AS surveys,
            ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM (SELECT DISTINCT (started_at AT TIME ZONE $2)::date AS d FROM touched) t ORDER BY 1) AS dates,
            ARRAY(SELECT DISTINCT customer_id FROM touched WHERE customer_id IS NOT NULL) AS customers`,
    [importId, timezone],
  );
  return { inserted: r.inserted, updated: r.updated, newAgents: created.map((c) => c.code), localDates: r.dates, customerIds: r.customers };
}

/** Ids of stored calls with a transcript whose staged row changes their channel (before writeCalls). */
export async function stagedCallsChangingChannel(m: EntityManager): Promise<string[]> {
  const [{ ids }]: { ids: string[] }[] = await m.query(
    `SELECT ARRAY(SELECT c.id::text FROM stg s JOIN calls c ON c.external_id = s.external_id JOIN transcripts t ON t.call_id = c.id
                   WHERE c.channel IS DISTINCT FROM s.channel) AS ids`,
  );
  return ids;
}

/** Upserts staged survey responses; an import response replaces an inline one of the same call. */
export async function writeSurveys(m: EntityManager, importId: string, timezone: string): Promise<WriteOutcome & { localDates: string[] }> {
  const [r] = await m.query(
    `WITH up AS (
       INSERT INTO survey_responses AS r (call_id, source, responded_at, csat, nps, ces, comment, row_hash, import_id)
       SELECT c.id, 'import', s.responded_at, s.csat, s.nps, s.ces, s.comment,
              md5(ROW(extract(epoch FROM s.responded_at), s.csat, s.nps, s.ces, s.comment)::text), $1
         FROM stg s JOIN calls c ON c.external_id = s.call_external_id
       ON CONFLICT (call_id) DO UPDATE SET source = 'import', responded_at = EXCLUDED.responded_at, csat = EXCLUDED.csat,
         nps = EXCLUDED.nps, ces = EXCLUDED.ces, comment = EXCLUDED.comment, row_hash = EXCLUDED.row_hash,
         import_id = EXCLUDED.import_id, updated_at = now()
       WHERE r.source <> 'import' OR r.row_hash IS DISTINCT FROM EXCLUDED.row_hash
       RETURNING r.call_id, (r.xmax = 0) AS inserted)
     SELECT (SELECT count(*) FILTER (WHERE inserted) FROM up)::int AS inserted,
            (SELECT count(*) FILTER (WHERE NOT inserted) FROM up)::int AS updated,
            ARRAY(SELECT DISTINCT to_char(c.started_at AT TIME ZONE $2, 'YYYY-MM-DD') FROM up JOIN calls c ON c.id = up.call_id ORDER BY 1) AS dates`,
    [importId, timezone],
  );
  return { inserted: r.inserted, updated: r.updated, newAgents: [], localDates: r.dates };
}

/** Upserts staged evaluations on (agent, evaluated_at, call). The sheet's score is kept as given; the KPI code counts an auto-fail as 0. */
export async function writeEvaluations(m: EntityManager, importId: string, timezone: string): Promise<WriteOutcome & { localDates: string[] }> {
  const [r] = await m.query(
    `WITH up AS (
       INSERT INTO qa_evaluations AS e (source, agent_id, call_id, call_external_id, evaluator_label, form_label, status, score,
                                        auto_fail, comment, submitted_at, row_hash, import_id)
       SELECT 'import', a.id, c.id, s.call_external_id, s.evaluator, s.form, 'submitted',
              s.score, s.auto_fail, s.comment, s.evaluated_at,
              md5(ROW(s.score, s.auto_fail, s.evaluator, s.form, s.comment, c.id)::text), $1
         FROM stg s JOIN agents a ON a.code = s.agent_code LEFT JOIN calls c ON c.external_id = s.call_external_id
       ON CONFLICT (agent_id, submitted_at, coalesce(call_external_id, '')) WHERE source = 'import' DO UPDATE SET
         call_id = EXCLUDED.call_id, evaluator_label = EXCLUDED.evaluator_label, form_label = EXCLUDED.form_label,
         score = EXCLUDED.score, auto_fail = EXCLUDED.auto_fail, comment = EXCLUDED.comment, row_hash = EXCLUDED.row_hash,
         import_id = EXCLUDED.import_id, updated_at = now()
       WHERE e.row_hash IS DISTINCT FROM EXCLUDED.row_hash
       RETURNING e.submitted_at, (e.xmax = 0) AS inserted)
     SELECT (SELECT count(*) FILTER (WHERE inserted) FROM up)::int AS inserted,
            (SELECT count(*) FILTER (WHERE NOT inserted) FROM up)::int AS updated,
            ARRAY(SELECT DISTINCT to_char(submitted_at AT TIME ZONE $2, 'YYYY-MM-DD') FROM up ORDER BY 1) AS dates`,
    [importId, timezone],
  );
  return { inserted: r.inserted, updated: r.updated, newAgents: [], localDates: r.dates };
}

export interface AgentsOutcome extends WriteOutcome {
  /** Team changes to make from team_since (OrgService.moveAgent), in file order; then DataChangeService.agentsMoved. */
  moves: Array<{ agentId: number; teamId: number; since: string }>;
}

/**
 * Upserts staged agents: missing sites and teams are created; a new agent's first team covers
 * all earlier data. A changed team is returned as a move from team_since (default today), for
 * the org module to make.
 */
export async function writeAgents(m: EntityManager, today: string): Promise<AgentsOutcome> {
  const unassigned = await unassignedTeamId(m);
  await m.query(
    `CREATE TEMP TABLE stg_cls ON COMMIT DROP AS
     SELECT s.row_no, s.agent_code, s.team, coalesce(s.team_since, $1::date) AS since, (a.id IS NULL) AS is_new,
            (a.id IS NOT NULL AND (a.name IS DISTINCT FROM s.name OR (s.email IS NOT NULL AND a.email IS DISTINCT FROM s.email)
                                   OR a.active IS DISTINCT FROM s.active)) AS fields_changed,
            (a.id IS NOT NULL AND s.team IS NOT NULL AND t.name IS DISTINCT FROM s.team) AS team_changed
       FROM stg s LEFT JOIN agents a ON a.code = s.agent_code
       LEFT JOIN agent_team_memberships m ON m.agent_id = a.id AND m.valid_to IS NULL
       LEFT JOIN teams t ON t.id = m.team_id`,
    [today],
  );
  await m.query(`INSERT INTO sites (name) SELECT DISTINCT site FROM stg WHERE site IS NOT NULL ON CONFLICT (name) DO NOTHING`);
  await m.query(
    `INSERT INTO teams (name, site_id)
     SELECT DISTINCT ON (s.team) s.team, st.id FROM stg s LEFT JOIN sites st ON st.name = s.site
      WHERE s.team IS NOT NULL ORDER BY s.team, st.id NULLS LAST
     ON CONFLICT (name) DO NOTHING`,
  );
  await m.query(
    `INSERT INTO agents AS a (code, name, email, active) SELECT agent_code, name, email, active FROM stg
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, email = coalesce(EXCLUDED.email, a.email), active = EXCLUDED.active, updated_at = now()
     WHERE (a.name, a.email, a.active) IS DISTINCT FROM (EXCLUDED.name, coalesce(EXCLUDED.email, a.email), EXCLUDED.active)`,
  );
  await m.query(
    `INSERT INTO agent_team_memberships (agent_id, team_id, valid_from)
     SELECT a.id, coalesce(t.id, $1), NULL FROM stg_cls c JOIN agents a ON a.code = c.agent_code LEFT JOIN teams t ON t.name = c.team
      WHERE c.is_new`,
    [unassigned],
  );
  const moves: Array<{ agent_id: number; team_id: number; since: string }> = await m.query(
    `SELECT a.id AS agent_id, t.id AS team_id, to_char(c.since, 'YYYY-MM-DD') AS since
       FROM stg_cls c JOIN agents a ON a.code = c.agent_code JOIN teams t ON t.name = c.team WHERE c.team_changed ORDER BY c.row_no`,
  );
  const [counts] = await m.query(
    `SELECT count(*) FILTER (WHERE is_new)::int AS inserted,
            count(*) FILTER (WHERE NOT is_new AND (fields_changed OR team_changed))::int AS updated FROM stg_cls c
      WHERE EXISTS (SELECT 1 FROM stg s WHERE s.row_no = c.row_no)`,
  );
  return { inserted: counts.inserted, updated: counts.updated, newAgents: [], moves: moves.map((mv) => ({ agentId: mv.agent_id, teamId: mv.team_id, since: mv.since })) };
}

/** The hash of one call's turns (an aggregate over rows with seq, offset_ms, speaker, text), as stored in transcripts.row_hash. */
export const TRANSCRIPT_HASH = `md5(string_agg(seq || '|' || coalesce(offset_ms::text, '') || '|' || speaker || '|' || text, chr(31) ORDER BY seq))`;

/**
 * Replaces the transcripts of the staged calls set-based (docs/ingest.md "Transcripts"). A call whose
 * staged turns hash like its stored transcript is left alone (its rows are unchanged); for the
 * others every stored turn is replaced by the file's, counted per turn: a new seq is inserted, a
 * seq whose offset, speaker or text differ is updated, the rest unchanged. Leaves the changed
 * calls in the temp table `stg_tx (call_id)` and their turns in `stg_turns`, for scoring.
 */
export async function writeTranscripts(m: EntityManager, importId: string, timezone: string): Promise<WriteOutcome & { localDates: string[]; calls: number }> {
  await m.query(
    `CREATE TEMP TABLE stg_turns ON COMMIT DROP AS
     SELECT c.id AS call_id, s.seq, CASE WHEN s.offset_s IS NULL THEN NULL ELSE round(s.offset_s * 1000)::int END AS offset_ms,
            (CASE s.speaker WHEN 'agent' THEN 0 WHEN 'customer' THEN 1 ELSE 2 END)::smallint AS speaker, s.text
       FROM stg s JOIN calls c ON c.external_id = s.call_external_id`,
  );
  await m.query(
    `CREATE TEMP TABLE stg_tx ON COMMIT DROP AS
     SELECT call_id, count(*)::int AS turns,
            ${TRANSCRIPT_HASH} AS hash
       FROM stg_turns GROUP BY call_id`,
  );
  await m.query(`DELETE FROM stg_tx x USING transcripts t WHERE t.call_id = x.call_id AND t.row_hash = x.hash`);
  await m.query(`ANALYZE stg_tx`);
  const [counts] = await m.query(
    `SELECT count(*) FILTER (WHERE o.call_id IS NULL)::int AS inserted,
            count(*) FILTER (WHERE o.call_id IS NOT NULL AND (o.offset_ms, o.speaker, o.text) IS DISTINCT FROM (n.offset_ms, n.speaker, n.text))::int AS updated
       FROM stg_turns n JOIN stg_tx x ON x.call_id = n.call_id
       LEFT JOIN transcript_turns o ON o.call_id = n.call_id AND o.seq = n.seq`,
  );
  await m.query(`DELETE FROM transcript_turns t USING stg_tx x WHERE t.call_id = x.call_id`);
  await m.query(
    `INSERT INTO transcript_turns (call_id, seq, offset_ms, speaker, text)
     SELECT n.call_id, n.seq, n.offset_ms, n.speaker, n.text FROM stg_turns n JOIN stg_tx x ON x.call_id = n.call_id ORDER BY n.call_id, n.seq`,
  );
  await m.query(
    `INSERT INTO transcripts AS t (call_id, turns, row_hash, import_id) SELECT call_id, turns, hash, $1 FROM stg_tx
     ON CONFLICT (call_id) DO UPDATE SET turns = EXCLUDED.turns, row_hash = EXCLUDED.row_hash, import_id = EXCLUDED.import_id, updated_at = now()`,
    [importId],
  );
  const [r] = await m.query(
    `SELECT count(*)::int AS calls,
            ARRAY(SELECT DISTINCT to_char(c.started_at AT TIME ZONE $1, 'YYYY-MM-DD') FROM stg_tx x JOIN calls c ON c.id = x.call_id ORDER BY 1) AS dates
       FROM stg_tx`,
    [timezone],
  );
  return { inserted: counts.inserted, updated: counts.updated, newAgents: [], localDates: r.dates, calls: r.calls };
}

/**
 * The stored turns of the calls in stg_tx with each call's channel, call by call: the cursor the
 * AutoQA scorer reads (AutoqaScoringService.scoreFromCursor). The calls are sorted (stg_tx is one
 * row per call) and each call's turns read by the primary key of transcript_turns, so no sort of
 * the turns is needed, whatever the size of the table (docs/performance.md, "the scoring cursor").
 */
export const STAGED_TURNS_SQL = `
  SELECT x.call_id, x.channel, t.seq, t.offset_ms, t.speaker, t.text
    FROM (SELECT x.call_id, coalesce(c.channel, 'phone') AS channel
            FROM stg_tx x LEFT JOIN calls c ON c.id = x.call_id
           ORDER BY x.call_id) x
   CROSS JOIN LATERAL (SELECT t.seq, t.offset_ms, t.speaker, t.text FROM transcript_turns t WHERE t.call_id = x.call_id ORDER BY t.seq) t
   ORDER BY x.call_id`;

/**
 * In skip mode a call's transcript is imported whole or not at all: the valid turns of a call
 * that has an invalid row (its key is in $1) are taken out of staging and reported.
 */
export async function takeTurnsOfRejectedCalls(m: EntityManager, rejectedCalls: string[]): Promise<SqlRowError[]> {
  if (!rejectedCalls.length) return [];
  const rows = returnedRows<{ row_no: number; call_external_id: string }>(await m.query(
    `DELETE FROM stg s WHERE s.call_external_id = ANY($1::text[]) RETURNING row_no, call_external_id`,
    [rejectedCalls],
  ));
  return rows.map((r) => ({
    row: r.row_no,
    column: 'call_external_id',
    value: r.call_external_id,
    message: `Not imported: another row of call "${r.call_external_id}" is invalid, and a call's transcript is imported whole (fix that row and import the call's turns again).`,
  }));
}

/**
 * Resolves each staged complaint's call and agent (the row's agent, else the call's) into
 * stg_complaint, then removes and reports the rows that cannot be stored: an unknown call id or
 * agent code. (A supervisor's rows outside their teams were taken out before, by the one scope
 * check of imports: import-scope.repository.ts, subject agent_code / call_external_id at opened_at.)
 */
export async function takeComplaintProblems(m: EntityManager, timezone: string): Promise<SqlRowError[]> {
  await m.query(
    `CREATE TEMP TABLE stg_complaint ON COMMIT DROP AS
     SELECT s.row_no, call.id AS call_id, coalesce(a.id, CASE WHEN s.agent_code IS NULL THEN call.agent_id END) AS agent_id,
            (s.call_external_id IS NOT NULL AND call.id IS NULL) AS unknown_call,
            (s.agent_code IS NOT NULL AND a.id IS NULL) AS unknown_agent,
            (s.opened_at AT TIME ZONE $1)::date AS local_date
       FROM stg s LEFT JOIN calls call ON call.external_id = s.call_external_id LEFT JOIN agents a ON a.code = s.agent_code`,
    [timezone],
  );
  const rows: Array<{ row_no: number; column: string; value: string; message: string }> = await m.query(
    `SELECT s.row_no, 'call_external_id' AS column, s.call_external_id AS value,
            'No call with id "' || s.call_external_id || '" has been imported; import the call log first or leave call_external_id blank.' AS message
       FROM stg s JOIN stg_complaint x USING (row_no) WHERE x.unknown_call
     UNION ALL
     SELECT s.row_no, 'agent_code', s.agent_code,
            'No agent has the code "' || s.agent_code || '"; import the agent list first, or leave agent_code blank to charge the call''s agent.'
       FROM stg s JOIN stg_complaint x USING (row_no) WHERE x.unknown_agent
      ORDER BY 1`,
  );
  if (rows.length) await m.query(`DELETE FROM stg WHERE row_no = ANY($1::int[])`, [rows.map((r) => r.row_no)]);
  return rows.map((r) => ({ row: r.row_no, column: r.column, value: r.value, message: r.message }));
}

/** Upserts staged complaints by external_id (after takeComplaintProblems); an unchanged case is not touched. */
export async function writeComplaints(m: EntityManager, importId: string): Promise<WriteOutcome> {
  const [r] = await m.query(
    `WITH src AS (
       SELECT s.*, x.call_id, x.agent_id,
              md5(ROW(extract(epoch FROM s.opened_at), s.level, x.call_id, x.agent_id, extract(epoch FROM s.first_response_at),
                      extract(epoch FROM s.resolved_at), s.category)::text) AS hash
         FROM stg s JOIN stg_complaint x USING (row_no)),
     up AS (
       INSERT INTO complaints AS c (external_id, opened_at, level, call_id, agent_id, first_response_at, resolved_at, category, row_hash, import_id)
       SELECT external_id, opened_at, level, call_id, agent_id, first_response_at, resolved_at, category, hash, $1 FROM src
       ON CONFLICT (external_id) DO UPDATE SET
         opened_at = EXCLUDED.opened_at, level = EXCLUDED.level, call_id = EXCLUDED.call_id, agent_id = EXCLUDED.agent_id,
         first_response_at = EXCLUDED.first_response_at, resolved_at = EXCLUDED.resolved_at, category = EXCLUDED.category,
         row_hash = EXCLUDED.row_hash, import_id = EXCLUDED.import_id, updated_at = now()
       WHERE c.row_hash IS DISTINCT FROM EXCLUDED.row_hash
       RETURNING (c.xmax = 0) AS inserted)
     SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`,
    [importId],
  );
  return { inserted: r.inserted, updated: r.updated, newAgents: [] };
}

// --- the imports table: one row per import, its queue state, progress and outcome ----------------

export type Queryable = Pick<EntityManager, 'query'>;

export interface NewImportJob {
  kind: ImportKind;
  fileName: string;
  fileSize: number;
  options: Record<string, unknown>;
  userId: number | null;
}

export async function insertImportJob(db: Queryable, j: NewImportJob): Promise<ImportJob> {
  const [row] = await db.query(`INSERT INTO imports (kind, file_name, file_size, options, user_id, heartbeat_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING *`, [
    j.kind,
    j.fileName,
    j.fileSize,
    JSON.stringify(j.options),
    j.userId,
  ]);
  return toJob(row);
}

/** An import with who started it (null: the command line or an API key) and the source file's header. */
export async function findImportJob(db: Queryable, id: string): Promise<{ job: ImportJob; startedBy: number | null; header: string[] } | null> {
  const [row] = await db.query(`SELECT * FROM imports WHERE id = $1`, [id]);
  return row ? { job: toJob(row), startedBy: row.user_id, header: row.options?.header ?? [] } : null;
}

/** The latest imports first; `startedBy` null lists everyone's. */
export async function listImportJobs(db: Queryable, limit: number, startedBy: number | null): Promise<ImportJob[]> {
  const rows = await db.query(`SELECT * FROM imports WHERE $2::int IS NULL OR user_id = $2 ORDER BY created_at DESC LIMIT $1`, [limit, startedBy]);
  return rows.map(toJob);
}

export async function markImportRunning(db: Queryable, id: string, backendPid: number): Promise<void> {
  await db.query(`UPDATE imports SET status = 'running', started_at = now(), options = options || jsonb_build_object('backendPid', $2::int) WHERE id = $1`, [id, backendPid]);
}

export async function recordImportProgress(db: Queryable, id: string, p: { progress: number; rowsTotal: number; rowsRejected: number; rowsSkipped: number }): Promise<void> {
  await db.query(`UPDATE imports SET progress = $2, rows_total = $3, rows_rejected = $4, rows_skipped = $5 WHERE id = $1`, [id, p.progress, p.rowsTotal, p.rowsRejected, p.rowsSkipped]);
}

/** What a finished import did: the job's counts and outcome, with how long each phase took. */
export type ImportOutcome = Pick<
  ImportJob,
  'rowsTotal' | 'rowsInserted' | 'rowsUpdated' | 'rowsUnchanged' | 'rowsRejected' | 'rowsSkipped' | 'newAgents' | 'errors' | 'failureMessage' | 'written' | 'dateRange'
> & { status: 'succeeded' | 'failed'; timings: Record<string, number> };

export async function finishImportJob(db: Queryable, id: string, o: ImportOutcome): Promise<ImportJob> {
  const [row] = returnedRows<Record<string, any>>(await db.query(
    `UPDATE imports SET status = $2, progress = 1, rows_total = $3, rows_inserted = $4, rows_updated = $5, rows_unchanged = $6,
            rows_rejected = $7, rows_skipped = $8, new_agents = $9, errors = $10, failure_message = $11, finished_at = now(),
            options = options || jsonb_build_object('written', $12::boolean, 'timings', $13::jsonb, 'dateRange', $14::jsonb)
      WHERE id = $1 RETURNING *`,
    [
      id, o.status, o.rowsTotal, o.rowsInserted, o.rowsUpdated, o.rowsUnchanged, o.rowsRejected, o.rowsSkipped,
      JSON.stringify(o.newAgents), JSON.stringify(o.errors), o.failureMessage, o.written, JSON.stringify(o.timings), JSON.stringify(o.dateRange),
    ],
  ));
  return toJob(row);
}

/** Stamps the unfinished imports a live process owns, so no other process takes them for orphans. */
export async function stampImportHeartbeats(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length) await db.query(`UPDATE imports SET heartbeat_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
}

/**
 * Fails the imports nobody is doing any more: running ones whose backend is gone, queued ones
 * whose owner stopped stamping them for `staleSeconds`. `ownIds` (this process's) are left alone.
 */
export async function failOrphanedImports(db: Queryable, ownIds: string[], message: string, staleSeconds: number): Promise<number> {
  const rows = returnedRows(await db.query(
    `UPDATE imports SET status = 'failed', finished_at = now(), failure_message = $1
      WHERE id <> ALL($2::uuid[])
        AND ((status = 'running' AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = (imports.options->>'backendPid')::int))
          OR (status = 'queued' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $3))))
      RETURNING id`,
    [message, ownIds, staleSeconds],
  ));
  return rows.length;
}

function toJob(row: Record<string, any>): ImportJob {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: Number(row.progress),
    rowsTotal: row.rows_total,
    rowsInserted: row.rows_inserted,
    rowsUpdated: row.rows_updated,
    rowsUnchanged: row.rows_unchanged,
    rowsRejected: row.rows_rejected,
    rowsSkipped: row.rows_skipped,
    newAgents: row.new_agents ?? [],
    errors: row.errors ?? [],
    missingFields: missingFields(row.kind, row.options?.columns),
    fileName: row.file_name,
    fileSize: row.file_size === null ? null : Number(row.file_size),
    onError: row.options?.onError ?? 'reject',
    dryRun: row.options?.dryRun ?? false,
    written: row.options?.written ?? false,
    dateRange: row.options?.dateRange ?? null,
    failureMessage: row.failure_message,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  };
}
