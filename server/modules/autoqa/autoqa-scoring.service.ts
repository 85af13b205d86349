import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { compileRules, CompiledRules, scoreOutcomes } from './autoqa.engine';
import type { ContactChannel, Evidence, Finding, Outcome, RuleDefinition, Speaker, Turn } from './domain/autoqa.types';
import { OUTCOME_CODE, outcomeOf, SPEAKERS } from './autoqa-codes';

/** Serialises every writer of AutoQA results (transcript imports, re-scoring batches, overrules, a new version). */
export const AUTOQA_WRITE_LOCK = 4_004_016;
/** Rows fetched from the turn cursor at a time: whole calls are scored, a call cut by a fetch waits for the next. */
const FETCH_ROWS = 20_000;

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
   * Scores the calls the cursor SQL yields (call_id, seq, offset_ms, speaker, text in call and seq
   * order; the channel is read per chunk of calls) under each version given, replacing their stored
   * results of those versions (the caller deletes them first, see deleteResults). Returns the number of calls.
   */
  async scoreFromCursor(client: PoolClient, sourceSql: string, params: unknown[], versions: RuleSetVersion[]): Promise<number> {
    const unique = [...new Map(versions.map((v) => [v.id, v])).values()];
    const compiled = unique.map((v) => ({ v, rules: this.compiledFor(v) }));
    const cursor = `autoqa_src_${Math.random().toString(36).slice(2, 10)}`;
    await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sourceSql}`, params);
    const { rows: [{ any: anyOverrule }] } = await client.query(`SELECT EXISTS (SELECT 1 FROM autoqa_overrules) AS any`);
    let calls = 0;
    let pending: { callId: string; channel: ContactChannel | null; turns: Turn[] } | null = null;
    try {
      for (;;) {
        const { rows } = await client.query({ text: `FETCH ${FETCH_ROWS} FROM ${cursor}`, rowMode: 'array' });
        const done = rows.length < FETCH_ROWS;
        const contacts: { callId: string; channel: ContactChannel | null; turns: Turn[] }[] = [];
        for (const r of rows as [string, number, number | null, number, string][]) {
          const callId = String(r[0]);
          if (!pending || pending.callId !== callId) {
            if (pending) contacts.push(pending);
            pending = { callId, channel: null, turns: [] };
          }
          pending.turns.push({ seq: r[1], offsetS: r[2] === null ? null : r[2] / 1000, speaker: SPEAKERS[r[3]] as Speaker, text: r[4] });
        }
        if (done && pending) {
          contacts.push(pending);
          pending = null;
        }
        if (contacts.length) {
          await this.writeResults(client, contacts, compiled, anyOverrule);
          calls += contacts.length;
        }
        if (done) break;
      }
    } finally {
      await client.query(`CLOSE ${cursor}`).catch(() => undefined);
    }
    return calls;
  }

  private async writeResults(
    client: PoolClient,
    contacts: { callId: string; channel: ContactChannel | null; turns: Turn[] }[],
    compiled: { v: RuleSetVersion; rules: CompiledRules }[],
    anyOverrule: boolean,
  ): Promise<void> {
    const ids = contacts.map((c) => c.callId);
    const { rows: channels } = await client.query({ text: `SELECT id::text, channel FROM calls WHERE id = ANY($1::bigint[])`, values: [ids], rowMode: 'array' });
    const channelOf = new Map<string, ContactChannel>(channels as [string, ContactChannel][]);
    const overrules = anyOverrule ? await this.overrulesOf(client, ids) : new Map<string, Map<string, Outcome>>();
    const lines = this.resultLines(
      contacts.map((c) => ({ callId: c.callId, channel: channelOf.get(c.callId) ?? 'phone', turns: c.turns })),
      compiled.map((c) => c.v),
      overrules,
    );
    await this.copyResults(client, lines);
  }

  /**
   * The autoqa_results and autoqa_findings rows (COPY text lines) of contacts scored under each
   * version, overrules applied to the stored result. Pure apart from the compiled-rules cache.
   */
  resultLines(
    contacts: { callId: string | number; channel: ContactChannel; turns: Turn[] }[],
    versions: RuleSetVersion[],
    overrules: Map<string, Map<string, Outcome>> = new Map(),
  ): { results: string[]; findings: string[] } {
    const compiled = versions.map((v) => ({ v, rules: this.compiledFor(v), keys: v.rules.map((r) => copyText(r.key)) }));
    const results: string[] = [];
    const findings: string[] = [];
    for (const contact of contacts) {
      const mine = overrules.get(String(contact.callId));
      for (const { v, rules, keys } of compiled) {
        const r = rules.score({ channel: contact.channel, turns: contact.turns });
        const effective = mine ? applyOverrules(v.rules, r.findings, mine) : { score: r.score, autoFail: r.autoFail, forbidden: forbiddenOf(r.findings) };
        const prefix = `${contact.callId}\t${v.id}\t`;
        results.push(`${prefix}${effective.score === null ? '\\N' : effective.score}\t${effective.autoFail ? 't' : 'f'}\t${effective.forbidden ?? '\\N'}`);
        // One line per finding; the findings come in rule order, so the key's COPY text is looked up by position.
        for (let k = 0; k < r.findings.length; k++) {
          const f = r.findings[k];
          const key = f.rule === v.rules[k]?.key ? keys[k] : copyText(f.rule);
          findings.push(`${prefix}${key}\t${OUTCOME_CODE[f.outcome]}\t${f.evidence.length ? evidenceJson(f.evidence) : '\\N'}`);
        }
      }
    }
    return { results, findings };
  }

  async copyResults(client: PoolClient, lines: { results: string[]; findings: string[] }): Promise<void> {
    await copyLines(client, 'autoqa_results (call_id, rule_set_id, score, auto_fail, forbidden)', lines.results);
    await copyLines(client, 'autoqa_findings (call_id, rule_set_id, rule, outcome, evidence)', lines.findings);
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
    await m.query(`DELETE FROM autoqa_findings WHERE rule_set_id = ANY($${n + 1}::int[]) AND call_id IN (${callIdsSql})`, [...params, versionIds]);
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

/** Evidence as stored: [[seq, start, end], ...] (JSON of integers, written without intermediate arrays). */
function evidenceJson(evidence: readonly Evidence[]): string {
  let out = '[';
  for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i];
    out += `${i === 0 ? '' : ','}[${e.seq},${e.start},${e.end}]`;
  }
  return out + ']';
}

function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

/** COPYs tab-separated lines into `target` ("table (columns)") on the client (inside its transaction). */
export async function copyLines(client: PoolClient, target: string, lines: string[]): Promise<void> {
  if (!lines.length) return;
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN`));
  const CHUNK = 2000;
  async function* chunks() {
    for (let i = 0; i < lines.length; i += CHUNK) yield lines.slice(i, i + CHUNK).join('\n') + '\n';
  }
  await pipeline(Readable.from(chunks()), stream);
}
