/**
 * AutoQA scoring of one contact (docs/autoqa.md "How matching works", "How to write a rule"), pure: every rule of a compiled rule
 * set gives pass, fail or na with the words that decided it. Each agent turn is normalised once
 * and scanned once for every phrase of the set; customer turns only until every conditional
 * rule has found its first trigger; system turns never.
 *
 * Evidence (`start`/`end` are UTF-16 indices into the turn's original text, end exclusive):
 * - required / pattern pass: the first turn of the window (in seq order) that matches, its
 *   leftmost match; fail: none (nothing was said).
 * - forbidden fail: every offending agent turn, each with its leftmost match.
 * - conditional: the first triggering customer turn's trigger, then (pass) the agent turn's phrase.
 * - response_time: the customer turn and the agent turn compared, each as a whole.
 */
import type { Contact, ContactResult, Evidence, Finding, RuleDefinition, Turn } from './autoqa.types';
import { channelPlan, CompiledRuleSet, PHRASE, TRIGGER } from './compile-rule-set';
import { normaliseIntoScratch, normaliseScanning, unitsToString } from './normalise-text';
import { holdsFirstUnit } from './regex-first-units';

/** Leftmost match per (rule, list) slot in the turn being scanned (normalised units), reset per turn. */
class TurnHits {
  start = new Int32Array(16).fill(-1);
  end = new Int32Array(16);
  /** the slots set since the last clear: touched[0..count) */
  touched = new Int32Array(16);
  count = 0;

  ensure(size: number): void {
    if (this.start.length < size) {
      this.start = new Int32Array(size * 2).fill(-1);
      this.end = new Int32Array(size * 2);
      this.touched = new Int32Array(size * 2);
    }
  }

  add(slot: number, start: number, end: number): void {
    const s = this.start[slot];
    if (s === -1) {
      this.touched[this.count++] = slot;
      this.start[slot] = start;
      this.end[slot] = end;
    } else if (start < s || (start === s && end > this.end[slot])) {
      this.start[slot] = start;
      this.end[slot] = end;
    }
  }

  clear(): void {
    for (let k = 0; k < this.count; k++) this.start[this.touched[k]] = -1;
    this.count = 0;
  }
}

/** Scoring is synchronous: one set of buffers serves every call. */
const hits = new TurnHits();
/** Original spans found per (rule, agent turn): [2k] start (-1: none), [2k + 1] end; phrases and expressions apart. */
let phraseSpans = new Int32Array(256);
let patternSpans = new Int32Array(256);

/** Stores the original span of normalised units [from, to) of the scratch turn at slot k ([2k] start, [2k + 1] end). */
function putSpan(into: Int32Array, k: number, uFrom: Int32Array, uTo: Int32Array, from: number, to: number): void {
  let start = uFrom[from];
  let end = uTo[to - 1];
  for (let i = from + 1; i < to; i++) if (uFrom[i] < start) start = uFrom[i];
  for (let i = from; i < to - 1; i++) if (uTo[i] > end) end = uTo[i];
  into[2 * k] = start;
  into[2 * k + 1] = end;
}
let role = PHRASE;
let current: CompiledRuleSet | null = null;
function clearHits(): void {
  hits.clear();
}
function onHit(id: number, end: number): void {
  const refs = current!.patternRefs[id];
  const start = end - current!.matcher.lengths[id];
  for (let k = 0; k < refs.length; k++) if ((refs[k] & 1) === role) hits.add(refs[k], start, end);
}

/** Findings without evidence share one empty list (nothing was said; never written to). */
const NO_EVIDENCE: Evidence[] = Object.freeze([]) as unknown as Evidence[];
/** The contact's agent and customer turns in seq order (agent[0..A), customer[0..C)), and per rule its window: reused by every call. */
const agent: Turn[] = [];
const customer: Turn[] = [];
let applies: Uint8Array = new Uint8Array(0);
let windows = new Int32Array(32);
/** per rule: the first triggering customer turn (-1: none) and the trigger's original span */
let triggerTurn = new Int32Array(16);
let triggerSpan = new Int32Array(32);

export function scoreContact(compiled: CompiledRuleSet, contact: Contact): ContactResult {
  const { rules, matcher, regexes, regexFirst } = compiled;
  const turns = inSeqOrder(contact.turns);
  // Counted rather than emptied with `length = 0` (a runtime call per contact); entries past the count are stale.
  let A = 0;
  let C = 0;
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i];
    if (t.speaker === 'agent') agent[A++] = t;
    else if (t.speaker === 'customer') customer[C++] = t;
  }
  const R = rules.length;
  if (windows.length < 2 * R) {
    windows = new Int32Array(R * 4);
    triggerTurn = new Int32Array(R * 2);
    triggerSpan = new Int32Array(R * 4);
  }
  const plan = compiled.byChannel.get(contact.channel) ?? channelPlan(rules, contact.channel);
  applies = plan.applies;
  const patternWindows = plan.patterns;
  let open = plan.conditionals;
  for (let r = 0; r < R; r++) {
    const rule = rules[r];
    if ('where' in rule) {
      windows[2 * r] = rule.where === 'first' ? 0 : Math.max(0, A - rule.turns);
      windows[2 * r + 1] = windowOf(rule.where, rule.turns, A);
    } else windows[2 * r] = windows[2 * r + 1] = 0;
    triggerTurn[r] = -1;
  }

  // Slot r * A + a: the leftmost phrase (expression match) of rule r in agent turn a, if any.
  if (phraseSpans.length < 2 * R * A) {
    phraseSpans = new Int32Array(4 * R * A);
    patternSpans = new Int32Array(4 * R * A);
  }
  const agentHits = phraseSpans;
  const patternHits = patternSpans;
  agentHits.fill(-1, 0, 2 * R * A);
  if (patternWindows) patternHits.fill(-1, 0, 2 * R * A);
  hits.ensure(R * 2);
  current = compiled;
  role = PHRASE;
  for (let a = 0; a < A; a++) {
    hits.clear();
    const s = normaliseScanning(agent[a].text, matcher, onHit, clearHits);
    for (let k = 0; k < hits.count; k++) {
      const slot = hits.touched[k];
      putSpan(agentHits, (slot >> 1) * A + a, s.uFrom, s.uTo, hits.start[slot], hits.end[slot]);
    }
    if (!patternWindows) continue;
    let text: string | null = null;
    for (let r = 0; r < R; r++) {
      const re = regexes[r];
      if (re === null || applies[r] === 0 || a < windows[2 * r] || a >= windows[2 * r + 1]) continue;
      // A turn holding no unit a match can start with cannot match: no string, no regex.
      const first = regexFirst[r];
      if (first !== null && !holdsFirstUnit(s.units, s.m, first)) continue;
      text ??= unitsToString(s.units, 0, s.m);
      const m = re.exec(text);
      if (m === null) continue;
      const from = m.index;
      const to = m.index + m[0].length;
      if (to > from) putSpan(patternHits, r * A + a, s.uFrom, s.uTo, from, to);
      else {
        const at = from < s.m ? s.uFrom[from] : agent[a].text.length;
        patternHits[2 * (r * A + a)] = at;
        patternHits[2 * (r * A + a) + 1] = at;
      }
    }
  }

  // The first triggering customer turn of each applicable conditional rule; a turn the trigger
  // filter rules out (most of them) is not normalised at all.
  role = TRIGGER;
  for (let c = 0; c < C && open > 0; c++) {
    if (!compiled.triggerFilter.mayOccurIn(customer[c].text)) continue;
    const s = normaliseIntoScratch(customer[c].text);
    hits.clear();
    matcher.scan(s.units, s.m, onHit);
    for (let k = 0; k < hits.count; k++) {
      const slot = hits.touched[k];
      const r = slot >> 1;
      if (triggerTurn[r] >= 0 || applies[r] === 0 || rules[r].kind !== 'conditional') continue;
      triggerTurn[r] = c;
      putSpan(triggerSpan, r, s.uFrom, s.uTo, hits.start[slot], hits.end[slot]);
      open--;
    }
  }
  hits.clear();
  current = null;

  const findings: Finding[] = new Array(R);
  for (let r = 0; r < R; r++) findings[r] = findingOf(rules[r], r, A, turns, agentHits, patternHits);
  const { score, autoFail } = contactScore(rules, findings);
  return { score, autoFail, findings };
}

function evidenceOf(t: Turn, start: number, end: number): Evidence {
  return { seq: t.seq, text: t.text, start, end };
}

/** Rule r's finding from the spans found (agent, customer, windows and triggers as scoreContact left them). */
function findingOf(rule: RuleDefinition, r: number, A: number, turns: readonly Turn[], agentHits: Int32Array, patternHits: Int32Array): Finding {
  if (applies[r] === 0) return { rule: rule.key, outcome: 'na', evidence: NO_EVIDENCE };
  switch (rule.kind) {
    case 'required':
    case 'pattern': {
      if (A === 0) return { rule: rule.key, outcome: 'na', evidence: NO_EVIDENCE };
      const found = rule.kind === 'required' ? agentHits : patternHits;
      for (let a = windows[2 * r]; a < windows[2 * r + 1]; a++) {
        const k = 2 * (r * A + a);
        if (found[k] >= 0) return { rule: rule.key, outcome: 'pass', evidence: [evidenceOf(agent[a], found[k], found[k + 1])] };
      }
      return { rule: rule.key, outcome: 'fail', evidence: NO_EVIDENCE };
    }
    case 'forbidden': {
      if (A === 0) return { rule: rule.key, outcome: 'na', evidence: NO_EVIDENCE };
      let ev: Evidence[] | null = null;
      for (let a = 0; a < A; a++) {
        const k = 2 * (r * A + a);
        if (agentHits[k] >= 0) (ev ??= []).push(evidenceOf(agent[a], agentHits[k], agentHits[k + 1]));
      }
      return ev === null ? { rule: rule.key, outcome: 'pass', evidence: NO_EVIDENCE } : { rule: rule.key, outcome: 'fail', evidence: ev };
    }
    case 'conditional': {
      const c = triggerTurn[r];
      if (c < 0) return { rule: rule.key, outcome: 'na', evidence: NO_EVIDENCE };
      const cTurn = customer[c];
      const trigger = evidenceOf(cTurn, triggerSpan[2 * r], triggerSpan[2 * r + 1]);
      let first = 0;
      while (first < A && agent[first].seq <= cTurn.seq) first++;
      for (let a = first; a < Math.min(A, first + rule.within); a++) {
        const k = 2 * (r * A + a);
        if (agentHits[k] >= 0) return { rule: rule.key, outcome: 'pass', evidence: [trigger, evidenceOf(agent[a], agentHits[k], agentHits[k + 1])] };
      }
      return { rule: rule.key, outcome: 'fail', evidence: [trigger] };
    }
    case 'response_time':
      return { rule: rule.key, ...responseTime(rule.seconds, turns) };
  }
}

function responseTime(seconds: number, turns: readonly Turn[]): Pick<Finding, 'outcome' | 'evidence'> {
  const ci = turns.findIndex((t) => t.speaker === 'customer');
  if (ci < 0) return { outcome: 'na', evidence: NO_EVIDENCE };
  const c = turns[ci];
  if (c.offsetS === null || c.offsetS === undefined) return { outcome: 'na', evidence: NO_EVIDENCE };
  const whole = (t: Turn) => evidenceOf(t, 0, t.text.length);
  let ag: Turn | undefined;
  for (let i = ci + 1; i < turns.length && ag === undefined; i++) if (turns[i].speaker === 'agent') ag = turns[i];
  if (ag === undefined) return { outcome: 'fail', evidence: [whole(c)] };
  if (ag.offsetS === null || ag.offsetS === undefined) return { outcome: 'na', evidence: NO_EVIDENCE };
  return { outcome: ag.offsetS - c.offsetS <= seconds ? 'pass' : 'fail', evidence: [whole(c), whole(ag)] };
}

/**
 * The AutoQA score (docs/autoqa.md "How to write a rule", the same arithmetic as QA forms): 100 × Σ weight of
 * pass / Σ weight of pass and fail; null when no rule applies; a failed critical rule → 0.
 */
export function contactScore(rules: readonly RuleDefinition[], findings: readonly Pick<Finding, 'rule' | 'outcome'>[]): { score: number | null; autoFail: boolean } {
  // Findings in rule order (as scoreContact gives them) need no lookup.
  let aligned = findings.length === rules.length;
  for (let i = 0; aligned && i < findings.length; i++) aligned = findings[i].rule === rules[i].key;
  const byKey = aligned ? null : new Map(rules.map((r) => [r.key, r]));
  let earned = 0;
  let possible = 0;
  let autoFail = false;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    const rule = byKey ? byKey.get(f.rule) : rules[i];
    if (!rule || f.outcome === 'na') continue;
    possible += rule.weight;
    if (f.outcome === 'pass') earned += rule.weight;
    else if (rule.critical) autoFail = true;
  }
  if (autoFail) return { score: 0, autoFail };
  return { score: possible > 0 ? (100 * earned) / possible : null, autoFail };
}

/** End (exclusive) of a rule's window over `count` agent turns. */
function windowOf(where: 'first' | 'last', turns: number, count: number): number {
  return where === 'first' ? Math.min(turns, count) : count;
}

function inSeqOrder(turns: readonly Turn[]): readonly Turn[] {
  for (let i = 1; i < turns.length; i++) if (turns[i].seq < turns[i - 1].seq) return [...turns].sort((x, y) => x.seq - y.seq);
  return turns;
}
