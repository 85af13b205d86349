/**
 * AutoQA scoring of one contact (autoqa.md sections 2-3), pure: every rule of a compiled rule
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
import type { Contact, ContactResult, Evidence, Finding, Outcome, RuleDefinition, Turn } from './autoqa.types';
import { CompiledRuleSet, PHRASE, TRIGGER } from './compile-rule-set';
import { normaliseIntoScratch, originalSpan, unitsToString } from './normalise-text';

/** Leftmost match per rule in the turn being scanned (normalised units), reset per turn. */
class TurnHits {
  start: Int32Array;
  end: Int32Array;
  touched: number[] = [];

  constructor(size: number) {
    this.start = new Int32Array(size).fill(-1);
    this.end = new Int32Array(size);
  }

  add(slot: number, start: number, end: number): void {
    const s = this.start[slot];
    if (s === -1) {
      this.touched.push(slot);
      this.start[slot] = start;
      this.end[slot] = end;
    } else if (start < s || (start === s && end > this.end[slot])) {
      this.start[slot] = start;
      this.end[slot] = end;
    }
  }

  clear(): void {
    for (const slot of this.touched) this.start[slot] = -1;
    this.touched.length = 0;
  }
}

interface Span {
  start: number;
  end: number;
}

export function scoreContact(compiled: CompiledRuleSet, contact: Contact): ContactResult {
  const { rules, matcher, patternRefs, regexes } = compiled;
  const turns = inSeqOrder(contact.turns);
  const agent: Turn[] = [];
  const customer: Turn[] = [];
  for (const t of turns) {
    if (t.speaker === 'agent') agent.push(t);
    else if (t.speaker === 'customer') customer.push(t);
  }
  const R = rules.length;
  const A = agent.length;
  const applies = rules.map((r) => !r.channels || r.channels.length === 0 || r.channels.includes(contact.channel));

  // agentHits[r * A + a]: the leftmost phrase of rule r in agent turn a (original span), if any.
  const agentHits: (Span | undefined)[] = new Array(R * A);
  const patternHits: (Span | undefined)[] = new Array(R * A);
  const hits = new TurnHits(R * 2);
  const windows = rules.map((r) => ('where' in r ? windowOf(r.where, r.turns, A) : [0, 0]));
  const needsText = new Uint8Array(A);
  rules.forEach((r, i) => {
    if (r.kind === 'pattern' && applies[i]) for (let a = windows[i][0]; a < windows[i][1]; a++) needsText[a] = 1;
  });
  let role = PHRASE;
  const onHit = (id: number, end: number) => {
    const refs = patternRefs[id];
    const start = end - matcher.lengths[id];
    for (let k = 0; k < refs.length; k++) if ((refs[k] & 1) === role) hits.add(refs[k], start, end);
  };

  for (let a = 0; a < A; a++) {
    const s = normaliseIntoScratch(agent[a].text);
    hits.clear();
    matcher.scan(s.units, s.m, onHit);
    for (const slot of hits.touched) {
      agentHits[(slot >> 1) * A + a] = originalSpan({ start: s.uFrom, end: s.uTo }, hits.start[slot], hits.end[slot]);
    }
    if (needsText[a]) {
      const text = unitsToString(s.units, 0, s.m);
      for (let r = 0; r < R; r++) {
        const re = regexes[r];
        if (re === null || !applies[r] || a < windows[r][0] || a >= windows[r][1]) continue;
        const m = re.exec(text);
        if (m === null) continue;
        const from = m.index;
        const to = m.index + m[0].length;
        patternHits[r * A + a] =
          to > from ? originalSpan({ start: s.uFrom, end: s.uTo }, from, to) : { start: from < s.m ? s.uFrom[from] : agent[a].text.length, end: from < s.m ? s.uFrom[from] : agent[a].text.length };
      }
    }
  }

  // The first triggering customer turn of each applicable conditional rule.
  const trigger: ({ c: number; span: Span } | undefined)[] = new Array(R);
  let open = rules.filter((r, i) => r.kind === 'conditional' && applies[i]).length;
  role = TRIGGER;
  for (let c = 0; c < customer.length && open > 0; c++) {
    const s = normaliseIntoScratch(customer[c].text);
    hits.clear();
    matcher.scan(s.units, s.m, onHit);
    for (const slot of hits.touched) {
      const r = slot >> 1;
      if (trigger[r] !== undefined || !applies[r] || rules[r].kind !== 'conditional') continue;
      trigger[r] = { c, span: originalSpan({ start: s.uFrom, end: s.uTo }, hits.start[slot], hits.end[slot]) };
      open--;
    }
  }

  const evidence = (t: Turn, span: Span): Evidence => ({ seq: t.seq, text: t.text, start: span.start, end: span.end });
  const findings: Finding[] = rules.map((rule, r): Finding => {
    const finding = (outcome: Outcome, ev: Evidence[] = []): Finding => ({ rule: rule.key, outcome, evidence: ev });
    if (!applies[r]) return finding('na');
    switch (rule.kind) {
      case 'required':
      case 'pattern': {
        if (A === 0) return finding('na');
        const found = rule.kind === 'required' ? agentHits : patternHits;
        for (let a = windows[r][0]; a < windows[r][1]; a++) {
          const span = found[r * A + a];
          if (span) return finding('pass', [evidence(agent[a], span)]);
        }
        return finding('fail');
      }
      case 'forbidden': {
        if (A === 0) return finding('na');
        const ev: Evidence[] = [];
        for (let a = 0; a < A; a++) {
          const span = agentHits[r * A + a];
          if (span) ev.push(evidence(agent[a], span));
        }
        return ev.length ? finding('fail', ev) : finding('pass');
      }
      case 'conditional': {
        const t = trigger[r];
        if (t === undefined) return finding('na');
        const cTurn = customer[t.c];
        const first = agent.findIndex((x) => x.seq > cTurn.seq);
        if (first >= 0) {
          for (let a = first; a < Math.min(A, first + rule.within); a++) {
            const span = agentHits[r * A + a];
            if (span) return finding('pass', [evidence(cTurn, t.span), evidence(agent[a], span)]);
          }
        }
        return finding('fail', [evidence(cTurn, t.span)]);
      }
      case 'response_time':
        return responseTime(rule.seconds, turns, finding, evidence);
    }
  });
  return { ...contactScore(rules, findings), findings };
}

function responseTime(
  seconds: number,
  turns: readonly Turn[],
  finding: (o: Outcome, ev?: Evidence[]) => Finding,
  evidence: (t: Turn, span: Span) => Evidence,
): Finding {
  const ci = turns.findIndex((t) => t.speaker === 'customer');
  if (ci < 0) return finding('na');
  const c = turns[ci];
  if (c.offsetS === null || c.offsetS === undefined) return finding('na');
  const whole = (t: Turn) => evidence(t, { start: 0, end: t.text.length });
  const ag = turns.slice(ci + 1).find((t) => t.speaker === 'agent');
  if (ag === undefined) return finding('fail', [whole(c)]);
  if (ag.offsetS === null || ag.offsetS === undefined) return finding('na');
  return finding(ag.offsetS - c.offsetS <= seconds ? 'pass' : 'fail', [whole(c), whole(ag)]);
}

/**
 * The AutoQA score (autoqa.md section 3, the same arithmetic as QA forms): 100 × Σ weight of
 * pass / Σ weight of pass and fail; null when no rule applies; a failed critical rule → 0.
 */
export function contactScore(rules: readonly RuleDefinition[], findings: readonly Pick<Finding, 'rule' | 'outcome'>[]): { score: number | null; autoFail: boolean } {
  const byKey = new Map(rules.map((r) => [r.key, r]));
  let earned = 0;
  let possible = 0;
  let autoFail = false;
  for (const f of findings) {
    const rule = byKey.get(f.rule);
    if (!rule || f.outcome === 'na') continue;
    possible += rule.weight;
    if (f.outcome === 'pass') earned += rule.weight;
    else if (rule.critical) autoFail = true;
  }
  if (autoFail) return { score: 0, autoFail };
  return { score: possible > 0 ? (100 * earned) / possible : null, autoFail };
}

function windowOf(where: 'first' | 'last', turns: number, count: number): [number, number] {
  return where === 'first' ? [0, Math.min(turns, count)] : [Math.max(0, count - turns), count];
}

function inSeqOrder(turns: readonly Turn[]): readonly Turn[] {
  for (let i = 1; i < turns.length; i++) if (turns[i].seq < turns[i - 1].seq) return [...turns].sort((x, y) => x.seq - y.seq);
  return turns;
}
