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

/** One OpenCC trie: its root's children flagged by BMP code unit for a one-load skip test. */
class Table {
  readonly root = new TrieNode();
  readonly starts = new Uint8Array(0x10000);

  constructor(source: Trie) {
    copy((source as unknown as { map: Map<number, unknown> }).map, this.root);
    for (const cp of this.root.next?.keys() ?? []) if (cp < 0x10000) this.starts[cp] = 1;
  }

  startsAt(cp: number): boolean {
    return cp < 0x10000 ? this.starts[cp] === 1 : this.root.next?.has(cp) === true;
  }

  /** Longest key starting at i, ending at most at `to`: its end, or 0 (and `lastValue` set). */
  match(cps: Int32Array, i: number, to: number): number {
    let node = this.root;
    let end = 0;
    for (let j = i; j < to; ) {
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

  lastValue: Int32Array = new Int32Array(0);

  /** Converts cps[from..to) in place, longest match from the left. */
  convert(cps: Int32Array, from: number, to: number): void {
    for (let i = from; i < to; ) {
      const c = cps[i];
      if (c < 0x10000 ? this.starts[c] === 0 : this.root.next?.has(c) !== true) {
        i++;
        continue;
      }
      const end = this.match(cps, i, to);
      if (end > 0) {
        cps.set(this.lastValue, i);
        i = end;
      } else i++;
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

class Stage {
  readonly normalisation: Table[];
  readonly segmentation: Table;
  readonly chain: Table[];
  /** BMP code units any table of this stage starts with: a text with none of them is left as is. */
  readonly touched = new Uint8Array(0x10000);
  readonly touchedAstral = new Set<number>();

  constructor(config: SegmentedConfig) {
    const groups: DictGroup[] = [...(config.normalizationChain ?? []), ...config.conversionChain];
    const seg: DictGroup = typeof config.segmentation === 'string' ? [config.segmentation] : (config.segmentation as DictGroup);
    for (const g of [...groups, seg]) {
      for (const d of g) {
        for (const [k, v] of entries(d)) {
          if ([...k].length !== [...v].length) throw new Error(`OpenCC entry "${k}" → "${v}" changes the number of code points; the AutoQA span map assumes it never does`);
        }
      }
    }
    this.normalisation = (config.normalizationChain ?? []).map((g) => new Table(trieOf(g)));
    this.segmentation = new Table(trieOf(seg));
    this.chain = config.conversionChain.map((g) => new Table(trieOf(g)));
    for (const t of [...this.normalisation, this.segmentation, ...this.chain]) {
      for (const cp of t.root.next?.keys() ?? []) {
        if (cp < 0x10000) this.touched[cp] = 1;
        else this.touchedAstral.add(cp);
      }
    }
  }

  touches(cps: Int32Array, n: number): boolean {
    for (let i = 0; i < n; i++) {
      const c = cps[i];
      if (c < 0x10000 ? this.touched[c] === 1 : this.touchedAstral.has(c)) return true;
    }
    return false;
  }

  run(cps: Int32Array, n: number): void {
    if (!this.touches(cps, n)) return;
    for (const t of this.normalisation) t.convert(cps, 0, n);
    const seg = this.segmentation;
    let runStart = 0;
    for (let i = 0; i < n; ) {
      const end = seg.startsAt(cps[i]) ? seg.match(cps, i, n) : 0;
      if (end === 0) {
        i++;
        continue;
      }
      if (runStart < i) this.convertSegment(cps, runStart, i);
      this.convertSegment(cps, i, end);
      i = end;
      runStart = end;
    }
    if (runStart < n) this.convertSegment(cps, runStart, n);
  }

  private convertSegment(cps: Int32Array, from: number, to: number): void {
    for (const t of this.chain) t.convert(cps, from, to);
  }
}

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
  /** The same conversion on cps[0..n), in place (code point positions never move). */
  inPlace(cps: Int32Array, n: number): void {
    if (hasIdeographicDescription(cps, n)) {
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCodePoint(cps[i]);
      const out = Array.from(reference(s), (c) => c.codePointAt(0)!);
      if (out.length !== n) throw new Error('OpenCC changed the number of code points');
      cps.set(out, 0);
      return;
    }
    for (const stage of loadStages()) stage.run(cps, n);
  },
};
