/**
 * Traditional → Simplified folding with OpenCC's Hong Kong and Taiwan tables (hk2s, then tw2s),
 * pure. `reference` is opencc-js itself; `inPlace` is the same conversion replayed on an array
 * of code points with the very same tries (built by opencc-js from its own dictionaries), but
 * without building strings and skipping every position no table starts with. The unit tests
 * hold the two equal on every dictionary key and on a generated corpus.
 *
 * What is replayed (opencc-js 1.4 ConverterBuilder for a config with segmentation):
 *   normalise (CJK compatibility ideographs) → segment by the phrase table (longest match from
 *   the left; a matched phrase is a segment, so is each run between them) → every segment
 *   converted on its own by each table of the conversion chain in turn (longest match).
 * Every key of these tables has as many code points as its value (asserted below), so
 * conversion never moves a code point: the caller's span map stays valid.
 *
 * Most text needs none of that: `PerCharacter` gives each BMP character's image through every
 * table, which is the whole result whenever no longer key whose value differs from the
 * character-by-character conversion can match (checked on the first two characters of each).
 */
import { Converter, Locale, Trie } from 'opencc-js';

type DictLike = string | readonly (readonly [string, string])[];
type DictGroup = readonly DictLike[];
interface SegmentedConfig {
  normalizationChain?: readonly DictGroup[];
  segmentation: DictLike | DictGroup;
  conversionChain: readonly DictGroup[];
}

/** The configs `Converter({ from: 'hk' | 'tw', to: 'cn' })` uses, in the order applied. */
const CONFIG_NAMES = ['hk2s', 'tw2s'] as const;

class TrieNode {
  next: Map<number, TrieNode> | null = null;
  value: Int32Array | null = null;
}

/**
 * One OpenCC trie. Most positions are decided by two table loads: `kind` says whether a key
 * starts with the code unit (none / only the one-character key / longer keys too), `second`
 * whether any longer key has the next code unit second; only then is the trie walked.
 */
class Table {
  readonly root = new TrieNode();
  /** BMP: 0 no key starts here, 1 only the one-character key, 2 longer keys start here too */
  readonly kind = new Uint8Array(0x10000);
  /** BMP: the one-character key's value (a single code point), -1 when there is none */
  readonly single = new Int32Array(0x10000).fill(-1);
  /** BMP: 1 when some longer key has this code unit second */
  readonly second = new Uint8Array(0x10000);
  /**
   * first × 0x10000 + second of every longer key (BMP) whose value differs from converting its
   * characters one by one: only such a key can make the table's result differ from a per-character map.
   */
  readonly pairs = new Set<number>();
  /** BMP: 1 when such a key starts with this unit */
  readonly differingStart = new Uint8Array(0x10000);
  private readonly secondAstral = new Set<number>();

  constructor(source: Trie) {
    copy((source as unknown as { map: Map<number, unknown> }).map, this.root);
    for (const [cp, child] of this.root.next ?? []) {
      for (const cp2 of child.next?.keys() ?? []) {
        if (cp2 < 0x10000) this.second[cp2] = 1;
        else this.secondAstral.add(cp2);
      }
      if (cp >= 0x10000) continue;
      this.kind[cp] = child.next ? 2 : 1;
      if (child.value) this.single[cp] = child.value[0];
    }
    const path: number[] = [];
    const visit = (node: TrieNode) => {
      if (path.length > 1 && node.value !== null && path[0] < 0x10000 && path[1] < 0x10000) {
        const differs = path.some((c, i) => node.value![i] !== (c < 0x10000 && this.single[c] >= 0 ? this.single[c] : this.singleAstral(c)));
        if (differs) {
          this.pairs.add(path[0] * 0x10000 + path[1]);
          this.differingStart[path[0]] = 1;
        }
      }
      for (const [cp, child] of node.next ?? []) {
        path.push(cp);
        visit(child);
        path.pop();
      }
    };
    visit(this.root);
  }

  /**
   * Per BMP code point x: the BMP code points that this table turns into x at some position —
   * the one-character keys whose value is x, and the characters of longer keys whose value holds
   * x at the same position (keys and values have as many code points). Built on first use.
   */
  sourcesInto(): Map<number, number[]> {
    if (this.sources !== null) return this.sources;
    const into = new Map<number, Set<number>>();
    const path: number[] = [];
    const visit = (node: TrieNode) => {
      if (node.value !== null) {
        for (let k = 0; k < path.length; k++) {
          const from = path[k];
          const to = node.value[k];
          if (from === to || from >= 0x10000 || to >= 0x10000) continue;
          let set = into.get(to);
          if (!set) into.set(to, (set = new Set()));
          set.add(from);
        }
      }
      for (const [cp, child] of node.next ?? []) {
        path.push(cp);
        visit(child);
        path.pop();
      }
    };
    visit(this.root);
    this.sources = new Map([...into].map(([to, from]) => [to, [...from]]));
    return this.sources;
  }

  private sources: Map<number, number[]> | null = null;

  private singleAstral(cp: number): number {
    const v = cp >= 0x10000 ? this.root.next?.get(cp)?.value : null;
    return v ? v[0] : cp;
  }

  startsAt(cp: number): boolean {
    return cp < 0x10000 ? this.kind[cp] !== 0 : this.root.next?.has(cp) === true;
  }

  /** Whether a key longer than one code point could start at i (else at most the one-character key applies). */
  private longerPossible(cps: Int32Array, i: number, n: number, barrier: Uint8Array): boolean {
    const c = cps[i];
    if (c < 0x10000 && this.kind[c] !== 2) return false;
    if (i + 1 >= n || barrier[i + 1] === 1) return false;
    const d = cps[i + 1];
    return d < 0x10000 ? this.second[d] === 1 : this.secondAstral.has(d);
  }

  /**
   * Longest key starting at i (not crossing a barrier): its end, or 0. The value is left in
   * `lastSingle` (one code point, `lastValue` null) or `lastValue`.
   */
  match(cps: Int32Array, i: number, n: number, barrier: Uint8Array): number {
    const c = cps[i];
    if (c < 0x10000 && !this.longerPossible(cps, i, n, barrier)) {
      const v = this.single[c];
      if (v < 0) return 0;
      this.lastSingle = v;
      this.lastValue = null;
      return i + 1;
    }
    let node = this.root;
    let end = 0;
    for (let j = i; j < n; ) {
      if (j > i && barrier[j] === 1) break;
      const nx = node.next?.get(cps[j]);
      if (nx === undefined) break;
      node = nx;
      j++;
      if (node.value !== null) {
        end = j;
        this.lastValue = node.value;
      }
    }
    return end;
  }

  private lastSingle = 0;
  private lastValue: Int32Array | null = null;

  /**
   * Converts in place, longest match from the left, visiting only the listed positions
   * (ascending; every other position holds a character no key contains, so nothing happens
   * there); matches never cross a barrier (a segment boundary).
   */
  convert(cps: Int32Array, n: number, list: Int32Array, count: number, barrier: Uint8Array): void {
    const kind = this.kind;
    let next = 0;
    for (let q = 0; q < count; q++) {
      const i = list[q];
      if (i < next) continue;
      const c = cps[i];
      if (c < 0x10000) {
        const k = kind[c];
        if (k === 0) continue;
        if (k === 1 || !this.longerPossible(cps, i, n, barrier)) {
          const v = this.single[c];
          if (v >= 0) cps[i] = v;
          continue;
        }
      } else if (this.root.next?.has(c) !== true) continue;
      const end = this.match(cps, i, n, barrier);
      if (end === 0) continue;
      if (this.lastValue === null) cps[i] = this.lastSingle;
      else cps.set(this.lastValue, i);
      next = end;
    }
  }
}

function copy(src: Map<number, unknown>, dst: TrieNode): void {
  const v = (src as unknown as { trie_val?: string }).trie_val;
  if (v !== undefined) dst.value = Int32Array.from(v, (c) => c.codePointAt(0)!);
  if (src.size === 0) return;
  dst.next = new Map();
  for (const [cp, child] of src) {
    const node = new TrieNode();
    copy(child as Map<number, unknown>, node);
    dst.next.set(cp, node);
  }
}

function trieOf(group: DictGroup): Trie {
  const t = new Trie();
  t.loadDictGroup(group as never);
  return t;
}

function entries(d: DictLike): (readonly [string, string])[] {
  return typeof d === 'string' ? (d === '' ? [] : d.split('|').map((l) => l.split(' ') as unknown as [string, string])) : [...d];
}

/** Positions worth visiting and segment boundaries, shared by every call (conversion is synchronous). */
let listed = new Int32Array(256);
let barrier = new Uint8Array(257);

class Stage {
  readonly normalisation: Table[];
  readonly segmentation: Table;
  readonly chain: Table[];
  /** BMP code units that occur in some key of some table of this stage; no other character is ever changed. */
  readonly inKey = new Uint8Array(0x10000);
  readonly inKeyAstral = new Set<number>();
  /**
   * Whether the stage can change anything at all: 1 = a one-character key starting with this
   * BMP unit has a different value; 2 = a longer key starting with it does (then `changers`
   * holds first × 0x10000 + second of every such key). No such start → the text is left as is.
   */
  private readonly changes = new Uint8Array(0x10000);
  private readonly changers = new Set<number>();

  constructor(config: SegmentedConfig) {
    const groups: DictGroup[] = [...(config.normalizationChain ?? []), ...config.conversionChain];
    const seg: DictGroup = typeof config.segmentation === 'string' ? [config.segmentation] : (config.segmentation as DictGroup);
    for (const g of [...groups, seg]) {
      for (const d of g) {
        for (const [k, v] of entries(d)) {
          const key = [...k];
          if (key.length !== [...v].length) throw new Error(`OpenCC entry "${k}" → "${v}" changes the number of code points; the AutoQA span map assumes it never does`);
          if (k !== v && g !== seg) {
            const c0 = key[0].codePointAt(0)!;
            if (c0 < 0x10000) {
              if (key.length === 1) this.changes[c0] |= 1;
              else {
                this.changes[c0] |= 2;
                this.changers.add(c0 * 0x10000 + key[1].codePointAt(0)!);
              }
            }
          }
          for (const ch of k) {
            const cp = ch.codePointAt(0)!;
            if (cp < 0x10000) this.inKey[cp] = 1;
            else this.inKeyAstral.add(cp);
          }
        }
      }
    }
    this.normalisation = (config.normalizationChain ?? []).map((g) => new Table(trieOf(g)));
    this.segmentation = new Table(trieOf(seg));
    this.chain = config.conversionChain.map((g) => new Table(trieOf(g)));
  }

  /** Whether some key with a value other than itself starts somewhere in cps[0..n) (conservative for astral code points). */
  private mayChange(cps: Int32Array, n: number): boolean {
    const changes = this.changes;
    for (let i = 0; i < n; i++) {
      const c = cps[i];
      if (c >= 0x10000) return true;
      const k = changes[c];
      if (k === 0) continue;
      if ((k & 1) === 1) return true;
      if (i + 1 < n && (cps[i + 1] >= 0x10000 || this.changers.has(c * 0x10000 + cps[i + 1]))) return true;
    }
    return false;
  }

  run(cps: Int32Array, n: number): void {
    if (!this.mayChange(cps, n)) return;
    if (listed.length < n) listed = new Int32Array(n * 2);
    if (barrier.length < n + 1) barrier = new Uint8Array(n * 2 + 1);
    const list = listed;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const c = cps[i];
      if (c < 0x10000 ? this.inKey[c] === 1 : this.inKeyAstral.has(c)) list[count++] = i;
    }
    if (count === 0) return;
    const bar = barrier;
    for (const t of this.normalisation) t.convert(cps, n, list, count, bar);
    // Segments: every phrase of the segmentation table found (longest, from the left) is one,
    // and so is each run between two; the conversion tables work inside a segment only.
    const seg = this.segmentation;
    let next = 0;
    let marked = false;
    for (let q = 0; q < count; q++) {
      const i = list[q];
      if (i < next || !seg.startsAt(cps[i])) continue;
      const end = seg.match(cps, i, n, bar);
      if (end === 0) continue;
      bar[i] = 1;
      bar[end] = 1;
      marked = true;
      next = end;
    }
    for (const t of this.chain) t.convert(cps, n, list, count, bar);
    if (marked) bar.fill(0, 0, n + 1);
  }
}

/**
 * Both stages seen one character at a time. Where no key longer than one character can match
 * anywhere in a text (checked pair by pair on the images each table would see), every table
 * converts each character on its own, so the whole fold is a per-character map: `image`.
 */
class PerCharacter {
  /** per table, in the order applied: what each BMP code point has become before it */
  readonly before: Int32Array[] = [];
  readonly tables: Table[];
  /** the image after every table */
  readonly image = new Int32Array(0x10000);
  /** 0 left alone, 1 changed, |2 a longer key may start on its way (check pairs), |4 passes through an astral code point (fold fully) */
  readonly flags = new Uint8Array(0x10000);

  constructor(all: Stage[]) {
    this.tables = all.flatMap((st) => [...st.normalisation, ...st.chain]);
    let img = new Int32Array(0x10000);
    for (let c = 0; c < 0x10000; c++) img[c] = c;
    for (const t of this.tables) {
      this.before.push(img);
      const next = new Int32Array(0x10000);
      for (let c = 0; c < 0x10000; c++) {
        const x = img[c];
        if (x >= 0x10000) {
          this.flags[c] |= 4;
          next[c] = x;
          continue;
        }
        if (t.differingStart[x] === 1) this.flags[c] |= 2;
        next[c] = t.single[x] >= 0 ? t.single[x] : x;
      }
      img = next;
    }
    for (let c = 0; c < 0x10000; c++) {
      this.image[c] = img[c];
      if (img[c] >= 0x10000) this.flags[c] |= 4;
      else if (img[c] !== c) this.flags[c] |= 1;
    }
    const raw: [number, number][] = [];
    this.tables.forEach((table, t) => {
      const wanted = new Set<number>();
      for (const pair of table.pairs) wanted.add(Math.floor(pair / 0x10000)).add(pair % 0x10000);
      const sources = inverse(this.before[t], wanted);
      for (const pair of table.pairs) {
        const first = sources.get(Math.floor(pair / 0x10000)) ?? [];
        const second = sources.get(pair % 0x10000) ?? [];
        for (const c of first) for (const d of second) raw.push([c, d]);
      }
    });
    this.rawPairs = new PairSet(raw);
  }

  /**
   * The same question asked of one adjacent pair: whether a differing longer key of some table
   * could start at a character whose own code point is c, followed by d (both BMP, c with flag 2).
   */
  longerMayStart(c: number, d: number): boolean {
    return this.rawPairs.has(c, d);
  }

  /**
   * Every (c, d) of code points as the text holds them (before any table) for which some table t
   * sees a differing longer key start: (before[t][c], before[t][d]) is one of t's pairs. Built
   * once from the tables' pairs and the inverse of each table's `before` map.
   */
  private readonly rawPairs: PairSet;

  /** Whether a key longer than one character could match somewhere in cps[0..n) (BMP only). */
  longerMayMatch(cps: Int32Array, n: number): boolean {
    const flags = this.flags;
    for (let p = 0; p + 1 < n; p++) if ((flags[cps[p]] & 2) !== 0 && this.rawPairs.has(cps[p], cps[p + 1])) return true;
    return false;
  }
}

/** A set of pairs of BMP code points: open addressing over (c << 16 | d), 0 = empty slot. */
class PairSet {
  private readonly slots: Int32Array;
  private readonly shift: number;

  constructor(pairs: Iterable<readonly [number, number]>) {
    const list = [...pairs];
    let bits = 4;
    while (1 << bits < list.length * 4) bits++;
    this.slots = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    for (const [c, d] of list) {
      const key = (c << 16) | d;
      if (key === 0) throw new Error('the pair (U+0000, U+0000) cannot be stored');
      let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
      while (this.slots[i] !== 0 && this.slots[i] !== key) i = (i + 1) & (this.slots.length - 1);
      this.slots[i] = key;
    }
  }

  has(c: number, d: number): boolean {
    const key = (c << 16) | d;
    const mask = this.slots.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> this.shift; ; i = (i + 1) & mask) {
      const k = this.slots[i];
      if (k === key) return true;
      if (k === 0) return false;
    }
  }
}

/** Each wanted code point → the BMP code points a map sends to it. */
function inverse(map: Int32Array, wanted: Set<number>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let c = 0; c < map.length; c++) {
    const x = map[c];
    if (!wanted.has(x)) continue;
    const list = out.get(x);
    if (list) list.push(c);
    else out.set(x, [c]);
  }
  return out;
}

/**
 * The full replay, a run at a time, remembering the runs it converted. A run is a stretch of
 * characters that occur in some key of some table of either stage; the characters between runs
 * occur in none, so no key of either stage can match across them and each run converts on its
 * own exactly as inside the whole text. Runs (a clause between punctuation, in practice) repeat
 * heavily in a center's language, so a small direct-mapped cache keyed by the run's code points
 * (a hash, then the code points compared) skips most replays; a colliding run replaces the
 * entry, so the cache never holds more than its size.
 */
class RunCache {
  /** Longest run cached (code points): longer ones are rare to repeat. */
  static readonly LONGEST = 48;
  private readonly sources: (Int32Array | null)[];
  private readonly results: (Int32Array | null)[];
  private readonly mask: number;

  constructor(readonly size: number) {
    if (size !== 0 && (size & (size - 1)) !== 0) throw new Error('the run cache size must be a power of two');
    this.sources = new Array<Int32Array | null>(size).fill(null);
    this.results = new Array<Int32Array | null>(size).fill(null);
    this.mask = size - 1;
  }

  convert(cps: Int32Array, n: number, all: Stage[]): void {
    if (this.size === 0) {
      for (let k = 0; k < all.length; k++) all[k].run(cps, n);
      return;
    }
    const inKey = inAnyKey(all);
    for (let i = 0; i < n; ) {
      const c = cps[i];
      if (c < 0x10000 ? inKey[c] === 0 : !all.some((st) => st.inKeyAstral.has(c))) {
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n && (cps[j] < 0x10000 ? inKey[cps[j]] === 1 : all.some((st) => st.inKeyAstral.has(cps[j])))) j++;
      this.convertRun(cps, i, j, all);
      i = j;
    }
  }

  private convertRun(cps: Int32Array, from: number, to: number, all: Stage[]): void {
    const len = to - from;
    const run = cps.subarray(from, to);
    if (len > RunCache.LONGEST) {
      for (let k = 0; k < all.length; k++) all[k].run(run, len);
      return;
    }
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ cps[i], 0x01000193);
    const slot = (h ^ (h >>> 15)) & this.mask;
    const source = this.sources[slot];
    if (source !== null && source.length === len) {
      let same = true;
      for (let k = 0; k < len && same; k++) same = source[k] === cps[from + k];
      if (same) {
        cps.set(this.results[slot]!, from);
        return;
      }
    }
    const key = run.slice();
    for (let k = 0; k < all.length; k++) all[k].run(run, len);
    this.sources[slot] = key;
    this.results[slot] = run.slice();
  }
}

let anyKey: Uint8Array | null = null;
/** BMP: 1 when the code point occurs in some key of some table of some stage. */
function inAnyKey(all: Stage[]): Uint8Array {
  if (anyKey === null) {
    anyKey = new Uint8Array(0x10000);
    for (const st of all) for (let c = 0; c < 0x10000; c++) anyKey[c] |= st.inKey[c];
  }
  return anyKey;
}

let runs = new RunCache(4096);
let perCharacter: PerCharacter | null = null;
let stages: Stage[] | null = null;
let converters: ((s: string) => string)[] | null = null;

function loadStages(): Stage[] {
  const configs = Locale.configs as unknown as Record<string, SegmentedConfig>;
  stages ??= CONFIG_NAMES.map((name) => {
    const config = configs[name];
    if (!config) throw new Error(`opencc-js has no "${name}" config`);
    return new Stage(config);
  });
  return stages;
}

/** Ideographic description characters: opencc-js skips a whole description unconverted; left to it. */
function hasIdeographicDescription(cps: Int32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (cps[i] >= 0x2ff0 && cps[i] <= 0x2fff) return true;
  return false;
}

function reference(text: string): string {
  converters ??= [Converter({ from: 'hk', to: 'cn' }), Converter({ from: 'tw', to: 'cn' })];
  let s = text;
  for (const c of converters) s = c(s);
  return s;
}

export const foldChinese = {
  /** opencc-js: Hong Kong → Simplified, then Taiwan → Simplified. */
  reference,
  /** Per-character view of the fold (built on first use). */
  perCharacter(): PerCharacter {
    perCharacter ??= new PerCharacter(stages ?? loadStages());
    return perCharacter;
  },
  /**
   * The same conversion on cps[0..n), in place (code point positions never move).
   * `mayDescribe`: false when the caller knows no ideographic description character is there.
   */
  inPlace(cps: Int32Array, n: number, mayDescribe = true): void {
    if (mayDescribe && hasIdeographicDescription(cps, n)) {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCodePoint(cps[i]);
      const out = Array.from(reference(s), (c) => c.codePointAt(0)!);
      if (out.length !== n) throw new Error('OpenCC changed the number of code points');
      cps.set(out, 0);
      return;
    }
    runs.convert(cps, n, stages ?? loadStages());
  },
  /**
   * The BMP code points (as the text holds them before the tables, `target` itself included)
   * that the fold could turn into `target` at their position, whatever their neighbours: the
   * closure of every table's sources, last table first. For filters that must never miss a
   * Traditional spelling of a Simplified phrase.
   */
  sourcesOf(target: number): number[] {
    const tables = foldChinese.perCharacter().tables;
    const found = new Set<number>([target]);
    for (let t = tables.length - 1; t >= 0; t--) {
      const into = tables[t].sourcesInto();
      for (const x of [...found]) for (const from of into.get(x) ?? []) found.add(from);
    }
    return [...found];
  },
  /** Entries of the cache of converted runs (0: no cache); tests compare the two. */
  setRunCacheSize(entries: number): void {
    runs = new RunCache(entries);
  },
};
