import { Injectable } from '@nestjs/common';
import type { PoolClient, QueryResult } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { compileRules, CompiledRules, scoreOutcomes } from './autoqa.engine';
import type { ContactChannel, Evidence, Finding, Outcome, RuleDefinition, Turn } from './domain/autoqa.types';
import { OUTCOME_CODE, outcomeOf, SPEAKERS } from './autoqa-codes';

/** A cursor row: call_id, channel, seq, offset_ms, speaker (index in SPEAKERS), text. */
type CursorRow = [string, string, number, number | null, number, string];
interface CursorContact {
  callId: string;
  channel: ContactChannel;
  turns: Turn[];
}
/** autoqa_results and autoqa_finding_sets rows as COPY text (tab-separated, a newline after each row), in bytes. */
export interface CopyText {
  results: CopyBytes;
  findings: CopyBytes;
}
/** A version's compiled rules with its rule keys as one text[] literal in COPY text (UTF-8) and the "\t<id>\t" that follows a call id on its lines. */
interface VersionLines {
  v: RuleSetVersion;
  rules: CompiledRules;
  keys: Buffer;
  prefix: Buffer;
}
const NO_OVERRULES: Map<string, Map<string, Outcome>> = new Map();
/** Scored calls whose lines are COPYed together (the lines are bytes outside V8's heap while they wait). */
const COPY_EVERY_CALLS = 2_000;
/** Scoring gives way to I/O (the next FETCH's rows, the last COPY's data) after this many calls. */
const YIELD_EVERY_CALLS = 250;

/** The cursor of the AutoQA scorer over stored transcripts: the turns of the calls in $1 (bigint[]) with each call's channel. */
export const STORED_TURNS_SQL = `
  SELECT t.call_id, coalesce(c.channel, 'phone') AS channel, t.seq, t.offset_ms, t.speaker, t.text
    FROM transcript_turns t LEFT JOIN calls c ON c.id = t.call_id
   WHERE t.call_id = ANY($1::bigint[])
   ORDER BY t.call_id, t.seq`;

/** Serialises every writer of AutoQA results (transcript imports, re-scoring batches, overrules, a new version). */
export const AUTOQA_WRITE_LOCK = 4_004_016;
/**
 * Rows fetched from the turn cursor at a time: whole calls are scored, a call cut by a fetch waits
 * for the next. Small batches die young (fewer rows promoted to V8's old space: 5,000 rows took
 * less Node CPU and GC than 20,000 in docs/performance.md's A/B); with the FETCHes pipelined their
 * round trips cost little.
 */
const FETCH_ROWS = 5_000;

export interface RuleSetVersion {
  id: number;
  version: number;
  rules: RuleDefinition[];
}

/** The versions new results are written for: the one the figures use and, during a re-score, the newest. */
export interface ScoringVersions {
  current: RuleSetVersion;
  target: RuleSetVersion;
}

/**
 * Scores contacts set-based: the turns come from one SQL cursor (call_id, channel, seq,
 * offset_ms, speaker, text ordered by call and seq), every whole call is scored in process by the
 * compiled rules, and results and findings are COPYed back in chunks. A round trip per chunk of
 * calls, never per call. Overrules of the chunk's calls are applied to the stored result.
 */
@Injectable()
export class AutoqaScoringService {
  private readonly compiled = new Map<number, CompiledRules>();

  compiledFor(v: RuleSetVersion): CompiledRules {
    let c = this.compiled.get(v.id);
    if (!c) this.compiled.set(v.id, (c = compileRules(v.rules)));
    return c;
  }

  /** The versions in force, under the AutoQA write lock (taken here; held to the end of the caller's transaction). */
  async lockVersions(m: EntityManager): Promise<ScoringVersions> {
    await m.query(`SELECT pg_advisory_xact_lock($1)`, [AUTOQA_WRITE_LOCK]);
    return this.versions(m);
  }

  /** The versions in force, read without the lock (previews, reads). */
  async versions(m: EntityManager): Promise<ScoringVersions> {
    const rows: { which: string; id: number; version: number; rules: RuleDefinition[] }[] = await m.query(
      `SELECT 'current' AS which, r.id, r.version, r.rules FROM autoqa_state s JOIN autoqa_rule_sets r ON r.id = s.current_rule_set_id
       UNION ALL
       SELECT 'target', r.id, r.version, r.rules FROM autoqa_state s JOIN autoqa_rule_sets r ON r.id = s.target_rule_set_id`,
    );
    const current = rows.find((r) => r.which === 'current');
    const target = rows.find((r) => r.which === 'target');
    if (!current || !target) throw new Error('No AutoQA rule set: it is created at start-up (AutoqaRuleSetService)');
    return { current: { id: current.id, version: current.version, rules: current.rules }, target: { id: target.id, version: target.version, rules: target.rules } };
  }

  /**
   * Scores the calls the cursor SQL yields — rows (call_id, channel, seq, offset_ms, speaker,
   * text), every call's rows together (ORDER BY call_id; the engine puts a call's turns in seq
   * order itself) — under each version given, replacing their stored results of those versions
   * (the caller deletes them first, see deleteResults). Returns the number of calls.
   *
   * PostgreSQL and Node work side by side: the next FETCH is sent before a batch is scored and
   * the batch's COPY is sent when it is scored (the connection runs them in order: FETCH k + 1,
   * COPY k, FETCH k + 2, …), and scoring yields to I/O every few hundred calls so the rows and
   * the COPY data move while it runs.
   */
  async scoreFromCursor(client: PoolClient, sourceSql: string, params: unknown[], versions: RuleSetVersion[]): Promise<number> {
    const compiled = this.linesOf([...new Map(versions.map((v) => [v.id, v])).values()]);
    const cursor = `autoqa_src_${Math.random().toString(36).slice(2, 10)}`;
    await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sourceSql}`, params);
    const { rows: [{ any: anyOverrule }] } = await client.query(`SELECT EXISTS (SELECT 1 FROM autoqa_overrules) AS any`);
    const connection = new Sequence();
    const fetch = () => connection.then(() => client.query<CursorRow>({ text: `FETCH ${FETCH_ROWS} FROM ${cursor}`, rowMode: 'array' }));
    let next: Promise<QueryResult<CursorRow>> | null = fetch();
    let calls = 0;
    let pending: CursorContact | null = null;
    let out: CopyText = { results: new CopyBytes(), findings: new CopyBytes() };
    let unsent = 0;
    try {
      while (next) {
        const { rows }: QueryResult<CursorRow> = await next;
        const done: boolean = rows.length < FETCH_ROWS;
        next = done ? null : fetch();
        const contacts: CursorContact[] = [];
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i];
          if (pending === null || pending.callId !== r[0]) {
            if (pending !== null) contacts.push(pending);
            pending = { callId: r[0], channel: r[1] as ContactChannel, turns: [] };
          }
          pending.turns.push({ seq: r[2], offsetS: r[3] === null ? null : r[3] / 1000, speaker: SPEAKERS[r[4]], text: r[5] });
        }
        if (done && pending !== null) {
          contacts.push(pending);
          pending = null;
        }
        if (contacts.length) {
          const ids = contacts.map((c) => c.callId);
          const overrules = anyOverrule ? await connection.then(() => this.overrulesOf(client, ids)) : NO_OVERRULES;
          for (let i = 0; i < contacts.length; i++) {
            appendLines(out, contacts[i], compiled, overrules);
            if (i % YIELD_EVERY_CALLS === YIELD_EVERY_CALLS - 1) await yieldToIo();
          }
          calls += contacts.length;
          unsent += contacts.length;
        }
        // The lines go out a few fetches at a time: a COPY statement has its own fixed cost.
        if (unsent >= COPY_EVERY_CALLS || (next === null && unsent > 0)) {
          const text = out;
          connection.then(() => copyIn(client, RESULTS_COPY, text.results));
          connection.then(() => copyIn(client, FINDINGS_COPY, text.findings));
          out = { results: new CopyBytes(), findings: new CopyBytes() };
          unsent = 0;
        }
      }
      await connection.idle();
    } finally {
      await connection.settled();
      await client.query(`CLOSE ${cursor}`).catch(() => undefined);
    }
    return calls;
  }

  /**
   * The autoqa_results and autoqa_finding_sets rows (COPY text) of contacts scored under each
   * version, overrules applied to the stored result. Pure apart from the compiled-rules cache.
   */
  resultLines(
    contacts: { callId: string | number; channel: ContactChannel; turns: Turn[] }[],
    versions: RuleSetVersion[],
    overrules: Map<string, Map<string, Outcome>> = NO_OVERRULES,
  ): CopyText {
    const compiled = this.linesOf(versions);
    const out: CopyText = { results: new CopyBytes(), findings: new CopyBytes() };
    for (const contact of contacts) appendLines(out, contact, compiled, overrules);
    return out;
  }

  /** COPYs resultLines' text into autoqa_results and autoqa_finding_sets (on the client, in its transaction). */
  async copyResults(client: PoolClient, text: CopyText): Promise<void> {
    await copyIn(client, RESULTS_COPY, text.results);
    await copyIn(client, FINDINGS_COPY, text.findings);
  }

  private linesOf(versions: RuleSetVersion[]): VersionLines[] {
    return versions.map((v) => ({ v, rules: this.compiledFor(v), keys: Buffer.from(copyText(textArrayLiteral(v.rules.map((r) => r.key)))), prefix: Buffer.from(`\t${v.id}\t`) }));
  }

  private async overrulesOf(client: PoolClient, callIds: string[]): Promise<Map<string, Map<string, Outcome>>> {
    const { rows } = await client.query(`SELECT call_id::text AS call_id, rule, outcome FROM autoqa_overrules WHERE call_id = ANY($1::bigint[])`, [callIds]);
    const out = new Map<string, Map<string, Outcome>>();
    for (const r of rows as { call_id: string; rule: string; outcome: Outcome }[]) {
      let m = out.get(r.call_id);
      if (!m) out.set(r.call_id, (m = new Map()));
      m.set(r.rule, r.outcome);
    }
    return out;
  }

  /** Removes the stored results of these calls (a SQL set of call ids) for these versions. */
  async deleteResults(m: EntityManager, callIdsSql: string, versionIds: number[], params: unknown[] = []): Promise<void> {
    const n = params.length;
    await m.query(`DELETE FROM autoqa_finding_sets WHERE rule_set_id = ANY($${n + 1}::int[]) AND call_id IN (${callIdsSql})`, [...params, versionIds]);
    await m.query(`DELETE FROM autoqa_results WHERE rule_set_id = ANY($${n + 1}::int[]) AND call_id IN (${callIdsSql})`, [...params, versionIds]);
  }

  /**
   * Recomputes the stored effective results of one call (every version it has findings for)
   * from its findings and overrules, without scoring the text again (after an overrule).
   */
  async refreshEffective(m: EntityManager, callId: string): Promise<void> {
    const rows: { rule_set_id: number; rules: RuleDefinition[]; findings: { rule: string; outcome: string }[] }[] = await m.query(
      `SELECT f.rule_set_id, rs.rules, json_agg(json_build_object('rule', f.rule, 'outcome', f.outcome)) AS findings
         FROM autoqa_findings f JOIN autoqa_rule_sets rs ON rs.id = f.rule_set_id
        WHERE f.call_id = $1 GROUP BY f.rule_set_id, rs.rules`,
      [callId],
    );
    const overrules: { rule: string; outcome: Outcome }[] = await m.query(`SELECT rule, outcome FROM autoqa_overrules WHERE call_id = $1`, [callId]);
    const mine = new Map(overrules.map((o) => [o.rule, o.outcome]));
    for (const r of rows) {
      const findings = r.findings.map((f) => ({ rule: f.rule, outcome: outcomeOf(f.outcome), evidence: [] }));
      const e = applyOverrules(r.rules, findings, mine);
      await m.query(`UPDATE autoqa_results SET score = $3, auto_fail = $4, forbidden = $5 WHERE call_id = $1 AND rule_set_id = $2`, [callId, r.rule_set_id, e.score, e.autoFail, e.forbidden]);
    }
  }
}

/** The contact's score, auto-fail and forbidden_phrases outcome code with the overrules in place of the engine's outcomes. */
export function applyOverrules(rules: RuleDefinition[], findings: Finding[], overrules: Map<string, Outcome>): { score: number | null; autoFail: boolean; forbidden: string | null } {
  const effective = findings.map((f) => ({ rule: f.rule, outcome: overrules.get(f.rule) ?? f.outcome }));
  const { score, autoFail } = scoreOutcomes(rules, effective);
  return { score, autoFail, forbidden: forbiddenOf(effective) };
}

function forbiddenOf(findings: Pick<Finding, 'rule' | 'outcome'>[]): string | null {
  const f = findings.find((x) => x.rule === 'forbidden_phrases');
  return f ? OUTCOME_CODE[f.outcome] : null;
}

/** Evidence as stored: [[seq, start, end], ...] (JSON of integers). */
function writeEvidence(out: CopyBytes, evidence: readonly Evidence[]): void {
  out.byte(LBRACKET);
  for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i];
    if (i > 0) out.byte(COMMA);
    out.byte(LBRACKET);
    out.number(e.seq);
    out.byte(COMMA);
    out.number(e.start);
    out.byte(COMMA);
    out.number(e.end);
    out.byte(RBRACKET);
  }
  out.byte(RBRACKET);
}

const TAB = 9;
const NEWLINE = 10;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const JSON_NULL = Buffer.from('null');
const NULL_FIELD = Buffer.from('\\N');
const OUTCOME_BYTE: Record<Outcome, number> = { pass: OUTCOME_CODE.pass.charCodeAt(0), fail: OUTCOME_CODE.fail.charCodeAt(0), na: OUTCOME_CODE.na.charCodeAt(0) };

/**
 * COPY text written straight into byte chunks: no string per line or field, nothing for the
 * garbage collector but the chunks themselves, and nothing to encode when it is sent.
 */
export class CopyBytes {
  private static readonly CHUNK = 64 * 1024;
  private readonly full: Buffer[] = [];
  private buf = Buffer.allocUnsafe(CopyBytes.CHUNK);
  private at = 0;

  get empty(): boolean {
    return this.at === 0 && this.full.length === 0;
  }

  /** The text so far, as chunks to send in order. */
  chunks(): Buffer[] {
    return this.at === 0 ? this.full : [...this.full, this.buf.subarray(0, this.at)];
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    if (this.at > 0) this.full.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(Math.max(CopyBytes.CHUNK, n));
    this.at = 0;
  }

  byte(c: number): void {
    if (this.at === this.buf.length) this.room(1);
    this.buf[this.at++] = c;
  }

  bytes(b: Buffer): void {
    this.room(b.length);
    this.at += b.copy(this.buf, this.at);
  }

  /** A string of ASCII characters that need no COPY escaping (digits, a number's text). */
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.at++] = s.charCodeAt(i);
  }

  /** A number as JavaScript (and JSON) writes it; small non-negative integers digit by digit. */
  number(n: number): void {
    if (!(n >= 0 && n < 1e9 && Number.isInteger(n))) return this.ascii(String(n));
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    this.room(digits);
    let end = this.at + digits;
    this.at = end;
    do {
      this.buf[--end] = 48 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }
}

/**
 * A text[] literal of these strings ('{"a","b"}'): every element double-quoted, with `"` and `\\`
 * backslash-escaped, so any string (empty, "NULL", commas, braces, spaces) reads back as itself.
 * For COPY text it still needs copyText.
 */
export function textArrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** A string as a COPY text field (backslash, tab, newline and carriage return escaped). */
export function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

const RESULTS_COPY = 'autoqa_results (call_id, rule_set_id, score, auto_fail, forbidden)';
const FINDINGS_COPY = 'autoqa_finding_sets (call_id, rule_set_id, rules, outcomes, evidence)';

/** COPYs text (rows, each ending in a newline) into `target` ("table (columns)") on the client, inside its transaction. */
function copyIn(client: PoolClient, target: string, text: CopyBytes): Promise<void> {
  if (text.empty) return Promise.resolve();
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
  return new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    for (const chunk of text.chunks()) stream.write(chunk);
    stream.end();
  });
}

/**
 * The statements of one connection, run one after another without blocking the caller: each
 * starts when the one before has finished (a pg client runs one query at a time). After a
 * failure the rest do not run; their promises reject with the first error.
 */
class Sequence {
  private tail: Promise<unknown> = Promise.resolve();

  then<T>(statement: () => Promise<T>): Promise<T> {
    const p = this.tail.then(statement);
    this.tail = p;
    // Seen by whoever awaits it (or by idle()); never an unhandled rejection meanwhile.
    p.catch(() => undefined);
    return p;
  }

  /** Resolves when every statement has run; rejects with the first failure. */
  async idle(): Promise<void> {
    await this.tail;
  }

  /** Resolves when nothing runs any more, failed or not. */
  async settled(): Promise<void> {
    await this.tail.catch(() => undefined);
  }
}

/**
 * Appends one contact's autoqa_results line and its autoqa_finding_sets line under each version
 * (COPY text): the rule keys as a text[], the outcomes as a "char"[] and the evidence as one JSON
 * array aligned with them (null where a finding has none; the field is NULL when none has any).
 */
function appendLines(out: CopyText, contact: { callId: string | number; channel: ContactChannel; turns: Turn[] }, compiled: VersionLines[], overrules: Map<string, Map<string, Outcome>>): void {
  const mine = overrules.size ? overrules.get(String(contact.callId)) : undefined;
  const callId = String(contact.callId);
  const { results, findings } = out;
  for (let c = 0; c < compiled.length; c++) {
    const { v, rules, keys, prefix } = compiled[c];
    const r = rules.score({ channel: contact.channel, turns: contact.turns });
    const effective = mine ? applyOverrules(v.rules, r.findings, mine) : { score: r.score, autoFail: r.autoFail, forbidden: forbiddenOf(r.findings) };
    results.ascii(callId);
    results.bytes(prefix);
    if (effective.score === null) results.bytes(NULL_FIELD);
    else results.number(effective.score);
    results.byte(TAB);
    results.byte(effective.autoFail ? 116 /* t */ : 102 /* f */);
    results.byte(TAB);
    if (effective.forbidden === null) results.bytes(NULL_FIELD);
    else results.ascii(effective.forbidden);
    results.byte(NEWLINE);
    const fs = r.findings;
    if (fs.length === 0) continue;
    findings.ascii(callId);
    findings.bytes(prefix);
    // The findings come in rule order: the version's keys literal serves unless they differ.
    findings.bytes(sameKeys(fs, v.rules) ? keys : Buffer.from(copyText(textArrayLiteral(fs.map((f) => f.rule)))));
    findings.byte(TAB);
    findings.byte(LBRACE);
    let withEvidence = false;
    for (let k = 0; k < fs.length; k++) {
      if (k > 0) findings.byte(COMMA);
      findings.byte(OUTCOME_BYTE[fs[k].outcome]);
      if (fs[k].evidence.length) withEvidence = true;
    }
    findings.byte(RBRACE);
    findings.byte(TAB);
    if (withEvidence) {
      findings.byte(LBRACKET);
      for (let k = 0; k < fs.length; k++) {
        if (k > 0) findings.byte(COMMA);
        if (fs[k].evidence.length) writeEvidence(findings, fs[k].evidence);
        else findings.bytes(JSON_NULL);
      }
      findings.byte(RBRACKET);
    } else findings.bytes(NULL_FIELD);
    findings.byte(NEWLINE);
  }
}

function sameKeys(findings: readonly Finding[], rules: readonly RuleDefinition[]): boolean {
  if (findings.length !== rules.length) return false;
  for (let k = 0; k < findings.length; k++) if (findings[k].rule !== rules[k].key) return false;
  return true;
}
