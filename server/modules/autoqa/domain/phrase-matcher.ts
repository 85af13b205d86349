/**
 * Aho-Corasick over UTF-16 units, pure: every phrase of a rule set found in one pass over a
 * normalised turn. Small on purpose: the scorer feeds it the normaliser's unit buffer directly
 * (no string is built per turn), which no packaged matcher accepts.
 */
export class PhraseMatcher {
  /** length in units of each pattern */
  readonly lengths: Int32Array;
  // The automaton's tables are read directly by the fused normalising scan (normalise-text.ts).
  /** code unit → its class (0: a unit no pattern contains) */
  readonly unitClass = new Uint16Array(0x10000);
  readonly classes: number;
  /** the automaton as a full transition table: delta[state × classes + class] */
  delta: Int32Array = new Int32Array(0);
  /** per state: the pattern ids that end there, including through failure links */
  outputs: (Int32Array | null)[] = [];

  constructor(patterns: readonly string[]) {
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    let classes = 1;
    for (const p of patterns) {
      if (p.length === 0) throw new Error('a pattern is empty');
      for (let i = 0; i < p.length; i++) {
        const u = p.charCodeAt(i);
        if (this.unitClass[u] === 0) this.unitClass[u] = classes++;
      }
    }
    this.classes = classes;
    // The trie: goto[state] maps class → state.
    const goto: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    patterns.forEach((p, id) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const a = this.unitClass[p.charCodeAt(i)];
        let t = goto[s].get(a);
        if (t === undefined) {
          t = goto.length;
          goto.push(new Map());
          own.push([]);
          goto[s].set(a, t);
        }
        s = t;
      }
      own[s].push(id);
    });
    this.build(goto, own);
  }

  private build(goto: Map<number, number>[], own: number[][]): void {
    const K = this.classes;
    const delta = new Int32Array(goto.length * K);
    const fail = new Int32Array(goto.length);
    const out = own.map((o) => [...o]);
    const queue: number[] = [];
    for (const [a, t] of goto[0]) {
      delta[a] = t;
      queue.push(t);
    }
    // Breadth first, so a state's failure target is complete before the state is.
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      for (const id of out[fail[s]]) if (!out[s].includes(id)) out[s].push(id);
      for (let a = 0; a < K; a++) {
        const t = goto[s].get(a);
        if (t === undefined) delta[s * K + a] = delta[fail[s] * K + a];
        else {
          delta[s * K + a] = t;
          fail[t] = delta[fail[s] * K + a];
          queue.push(t);
        }
      }
    }
    this.delta = delta;
    this.outputs = out.map((o) => (o.length ? Int32Array.from(o) : null));
  }

  /** Calls `hit(patternId, end)` for every occurrence in units[0..n), `end` exclusive, in order of end. */
  scan(units: Uint16Array, n: number, hit: (patternId: number, end: number) => void): void {
    const K = this.classes;
    const delta = this.delta;
    const unitClass = this.unitClass;
    const outputs = this.outputs;
    let s = 0;
    for (let i = 0; i < n; i++) {
      s = delta[s * K + unitClass[units[i]]];
      const o = outputs[s];
      if (o !== null) for (let k = 0; k < o.length; k++) hit(o[k], i + 1);
    }
  }

  /** Every occurrence in a string, as [patternId, start, end] (tests and previews). */
  findAll(text: string): [number, number, number][] {
    const units = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    const found: [number, number, number][] = [];
    this.scan(units, text.length, (id, end) => found.push([id, end - this.lengths[id], end]));
    return found;
  }
}
