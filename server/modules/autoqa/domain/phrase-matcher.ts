/**
 * Aho-Corasick over UTF-16 units, pure: every phrase of a rule set found in one pass over a
 * normalised turn. Small on purpose: the scorer feeds it the normaliser's unit buffer directly
 * (no string is built per turn), which no packaged matcher accepts.
 */
export class PhraseMatcher {
  /** transitions of the root, by unit (0 = none: stay at the root) */
  private readonly rootNext = new Int32Array(0x10000);
  private readonly next: Map<number, number>[] = [new Map()];
  private fail: Int32Array = new Int32Array(1);
  /** per node: the pattern ids that end here, including through failure links */
  private outputs: (Int32Array | null)[] = [null];
  /** length in units of each pattern */
  readonly lengths: Int32Array;

  constructor(patterns: readonly string[]) {
    this.lengths = Int32Array.from(patterns, (p) => p.length);
    const own: number[][] = [[]];
    patterns.forEach((p, id) => {
      if (p.length === 0) throw new Error(`pattern ${id} is empty`);
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        let t = s === 0 ? this.rootNext[c] || undefined : this.next[s].get(c);
        if (t === undefined) {
          t = this.next.length;
          this.next.push(new Map());
          own.push([]);
          if (s === 0) this.rootNext[c] = t;
          else this.next[s].set(c, t);
        }
        s = t;
      }
      own[s].push(id);
    });
    this.build(own);
  }

  private build(own: number[][]): void {
    const n = this.next.length;
    this.fail = new Int32Array(n);
    const out: number[][] = own.map((o) => [...o]);
    const queue: number[] = [];
    for (let c = 0; c < 0x10000; c++) if (this.rootNext[c] !== 0) queue.push(this.rootNext[c]);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      out[s].push(...out[this.fail[s]].filter((id) => !out[s].includes(id)));
      for (const [c, t] of this.next[s]) {
        let f = this.fail[s];
        for (;;) {
          const g = f === 0 ? this.rootNext[c] : (this.next[f].get(c) ?? 0);
          if (g !== 0 && g !== t) {
            this.fail[t] = g;
            break;
          }
          if (f === 0) {
            this.fail[t] = 0;
            break;
          }
          f = this.fail[f];
        }
        queue.push(t);
      }
    }
    this.outputs = out.map((o) => (o.length ? Int32Array.from(o) : null));
  }

  /** Calls `hit(patternId, end)` for every occurrence in units[0..n), `end` exclusive, in order of end. */
  scan(units: Uint16Array, n: number, hit: (patternId: number, end: number) => void): void {
    const rootNext = this.rootNext;
    const next = this.next;
    const fail = this.fail;
    const outputs = this.outputs;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = units[i];
      for (;;) {
        if (s === 0) {
          s = rootNext[c];
          break;
        }
        const t = next[s].get(c);
        if (t !== undefined) {
          s = t;
          break;
        }
        s = fail[s];
      }
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
