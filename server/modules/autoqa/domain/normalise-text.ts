/**
 * AutoQA text normalisation (docs/autoqa.md "How matching works"), pure. The normalised form of a text is
 *   NFKC → lower case → OpenCC Hong Kong→Simplified → OpenCC Taiwan→Simplified → remove every
 *   character of Unicode categories Z*, P*, S* and every other whitespace (tab, line breaks)
 * and `referenceNormalise` is exactly that, written the obvious way. `normaliseWithMap` gives the
 * same text (the unit tests hold the two equal on a generated corpus) plus, for every UTF-16
 * unit of it, the span of the ORIGINAL text it came from, so evidence can point at the words the
 * agent actually typed or said.
 *
 * Why the map stays exact: NFKC and lower case are applied per code point from a cache (a code
 * point whose result can depend on its neighbours — combining marks, conjoining jamo, capital
 * sigma — sends the text through the whole-string functions and an alignment instead); the
 * OpenCC tables used here replace every key with a value of the same number of code points
 * (checked when the tables load), so conversion keeps code point positions; removal only drops
 * positions.
 */
import { foldChinese } from './opencc-fold';
import { PhraseMatcher } from './phrase-matcher';

/** The normalised text and, per UTF-16 unit of it, the original span [start[i], end[i]). */
export interface NormalisedText {
  text: string;
  start: Int32Array;
  end: Int32Array;
}

/** Z*, P*, S* and the other whitespace (tab, line breaks: category Cc, but whitespace all the same). */
const REMOVED = /[\p{Z}\p{P}\p{S}\p{White_Space}]/gu;

/** The contract's normalisation written plainly: the yardstick for the fast path and the bench baseline. */
export function referenceNormalise(text: string): string {
  return foldChinese.reference(text.normalize('NFKC').toLowerCase()).replace(REMOVED, '');
}

// ---- Stage 1: NFKC + lower case per code point, cached ------------------------------------

/** Code points whose NFKC/lower-case result can depend on the neighbours. */
const CONTEXT_SENSITIVE = /[\p{M}\u1100-\u11FF\u3131-\u318E\uA960-\uA97F\uD7B0-\uD7FF\uFFA0-\uFFDC\u03A3]/u;

/** BMP: the single code point a code unit folds to; UNKNOWN until computed, MULTI when it is not one code point. */
const UNKNOWN = -1;
const MULTI = -2;
const SENSITIVE = -3;
const bmpFold = new Int32Array(0x10000).fill(UNKNOWN);
/** code point -> folded code points (multi-code-point results and astral code points) */
const otherFold = new Map<number, Int32Array | null>();

function computeFold(cp: number): Int32Array | null {
  const ch = String.fromCodePoint(cp);
  const nfkc = ch.normalize('NFKC');
  if (CONTEXT_SENSITIVE.test(ch) || CONTEXT_SENSITIVE.test(nfkc)) return null;
  const out = nfkc.toLowerCase();
  if (CONTEXT_SENSITIVE.test(out)) return null;
  return Int32Array.from(out, (c) => c.codePointAt(0)!);
}

function bmpEntry(cu: number): number {
  let v = bmpFold[cu];
  if (v === UNKNOWN) {
    const f = computeFold(cu);
    if (f === null) v = SENSITIVE;
    else if (f.length === 1) v = f[0];
    else {
      v = MULTI;
      otherFold.set(cu, f);
    }
    bmpFold[cu] = v;
  }
  return v;
}

function otherEntry(cp: number): Int32Array | null {
  let f = otherFold.get(cp);
  if (f === undefined) {
    f = computeFold(cp);
    otherFold.set(cp, f);
  }
  return f;
}

// ---- Stage 3: removal table ---------------------------------------------------------------

const REMOVED_ONE = /^[\p{Z}\p{P}\p{S}\p{White_Space}]$/u;
/** BMP: 0 unknown, 1 keep, 2 remove */
const bmpRemoved = new Uint8Array(0x10000);
const otherRemoved = new Map<number, boolean>();

function removedBmp(cp: number): number {
  const r = REMOVED_ONE.test(String.fromCharCode(cp)) ? 2 : 1;
  bmpRemoved[cp] = r;
  return r;
}

function isRemoved(cp: number): boolean {
  if (cp < 0x10000) {
    const r = bmpRemoved[cp];
    return (r === 0 ? removedBmp(cp) : r) === 2;
  }
  let r = otherRemoved.get(cp);
  if (r === undefined) {
    r = REMOVED_ONE.test(String.fromCodePoint(cp));
    otherRemoved.set(cp, r);
  }
  return r;
}

// ---- Scratch buffers (grown on demand; normalisation is synchronous) ----------------------

/** The code points being normalised, and the original span of each. */
class Scratch {
  cps = new Int32Array(256);
  from = new Int32Array(256);
  to = new Int32Array(256);
  n = 0;
  units = new Uint16Array(512);
  uFrom = new Int32Array(512);
  uTo = new Int32Array(512);
  m = 0;

  reset(): void {
    this.n = 0;
    this.m = 0;
  }

  /** Room for `len` code points and units without growing. */
  ensure(len: number): void {
    while (this.cps.length < len) {
      this.cps = grow(this.cps);
      this.from = grow(this.from);
      this.to = grow(this.to);
    }
    while (this.units.length < len) {
      const units = new Uint16Array(this.units.length * 2);
      units.set(this.units);
      this.units = units;
      this.uFrom = grow(this.uFrom);
      this.uTo = grow(this.uTo);
    }
  }

  push(cp: number, from: number, to: number): void {
    if (this.n === this.cps.length) {
      this.cps = grow(this.cps);
      this.from = grow(this.from);
      this.to = grow(this.to);
    }
    this.cps[this.n] = cp;
    this.from[this.n] = from;
    this.to[this.n] = to;
    this.n++;
  }

  pushUnit(u: number, from: number, to: number): void {
    if (this.m === this.units.length) {
      const units = new Uint16Array(this.units.length * 2);
      units.set(this.units);
      this.units = units;
      this.uFrom = grow(this.uFrom);
      this.uTo = grow(this.uTo);
    }
    this.units[this.m] = u;
    this.uFrom[this.m] = from;
    this.uTo[this.m] = to;
    this.m++;
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

const scratch = new Scratch();

/** No phrase at all: normalising through the scanning pass with it is plain normalising. */
const NO_PHRASES = new PhraseMatcher([]);
const ignoreHit = (): void => undefined;

/**
 * Normalises `text` into the shared scratch buffers: afterwards `scratch.units[0..m)` is the
 * normalised text and `uFrom`/`uTo` the original span of each unit. Internal fast path for the
 * scorer (no string built); `normaliseWithMap` is the public form.
 */
export function normaliseIntoScratch(text: string): Scratch {
  return normaliseScanning(text, NO_PHRASES, ignoreHit, ignoreHit);
}

/**
 * `normaliseIntoScratch` and `matcher.scan` of its units in the same pass: on the one-pass path
 * each kept unit steps the automaton as it is made, so the normalised units are not read a second
 * time. When the text leaves that path, `restart()` is called (the hits reported so far are void)
 * and the text is normalised and scanned the usual way.
 */
export function normaliseScanning(text: string, matcher: PhraseMatcher, hit: (patternId: number, end: number) => void, restart: () => void): Scratch {
  const s = scratch;
  s.reset();
  const len = text.length;
  s.ensure(len);
  // The common case in one pass, one table load per character: every code unit a BMP character
  // that folds to one BMP code point on its own, and no key of the OpenCC tables longer than one
  // character (whose value differs from converting its characters one by one) starting anywhere —
  // checked pair by pair as the text is read. Chinese folding is then a per-character map, already
  // in the table; otherwise the OpenCC tables are replayed in full.
  const { units, uFrom, uTo } = s;
  const perCharacter = foldChinese.perCharacter();
  const K = matcher.classes;
  const delta = matcher.delta;
  const unitClass = matcher.unitClass;
  const outputs = matcher.outputs;
  let state = 0;
  let m = 0;
  /** the previous character's code point when a differing longer key may start there, else -1 */
  let pairStart = -1;
  for (let i = 0; i < len; i++) {
    const cu = text.charCodeAt(i);
    let e = packed[cu];
    if (e === 0) e = pack(cu);
    if ((e & (GENERAL | REPLAY)) !== 0 || (pairStart >= 0 && perCharacter.longerMayStart(pairStart, folded[cu]))) {
      restart();
      const r = (e & GENERAL) !== 0 ? normaliseGeneral(text, s) : normaliseReplaying(text, s);
      matcher.scan(r.units, r.m, hit);
      return r;
    }
    pairStart = (e & PAIR) !== 0 ? folded[cu] : -1;
    if ((e & DROP) === 0) {
      const u = e & 0xffff;
      units[m] = u;
      uFrom[m] = i;
      uTo[m] = i + 1;
      m++;
      state = delta[state * K + unitClass[u]];
      const o = outputs[state];
      if (o !== null) for (let k = 0; k < o.length; k++) hit(o[k], m);
    }
  }
  s.m = m;
  return s;
}

/** The one-pass text with the OpenCC tables replayed in full (a longer key may match). */
function normaliseReplaying(text: string, s: Scratch): Scratch {
  s.reset();
  const { cps, from, to } = s;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const cu = text.charCodeAt(i);
    if (((packed[cu] || pack(cu)) & GENERAL) !== 0) return normaliseGeneral(text, s);
    cps[i] = folded[cu];
    from[i] = i;
    to[i] = i + 1;
  }
  s.n = len;
  foldChinese.inPlace(cps, len, false);
  strip(s);
  return s;
}

/**
 * Per BMP code unit, everything the one-pass path needs in one number: what it becomes with its
 * per-character Chinese image (bits 0-15), DROP (that is removed), PAIR (a differing longer
 * OpenCC key may start at it), REPLAY (its image is astral: replay the tables), GENERAL (not for
 * the one-pass path), KNOWN (computed). 0 = not computed yet. `folded` holds the code point it
 * folds to before the Chinese tables (what the tables and the pair check see).
 */
const packed = new Int32Array(0x10000);
const folded = new Uint16Array(0x10000);
const DROP = 1 << 16;
const PAIR = 1 << 17;
const REPLAY = 1 << 18;
const GENERAL = 1 << 19;
const KNOWN = 1 << 20;

function pack(cu: number): number {
  let e = KNOWN;
  const v = cu >= 0xd800 && cu <= 0xdfff ? SENSITIVE : bmpEntry(cu);
  if (v < 0 || v > 0xffff || (v >= 0x2ff0 && v <= 0x2fff)) e |= GENERAL;
  else {
    const perCharacter = foldChinese.perCharacter();
    const flags = perCharacter.flags[v];
    const image = perCharacter.image[v];
    folded[cu] = v;
    if ((flags & 2) !== 0) e |= PAIR;
    if ((flags & 4) !== 0) e |= REPLAY;
    else {
      e |= image;
      if (isRemoved(image)) e |= DROP;
    }
  }
  packed[cu] = e;
  return e;
}

/** Any text: surrogate pairs, multi-code-point folds, context-sensitive characters, ideographic descriptions. */
function normaliseGeneral(text: string, s: Scratch): Scratch {
  s.reset();
  let sensitive = false;
  let description = false;
  const len = text.length;
  for (let i = 0; i < len; ) {
    const cu = text.charCodeAt(i);
    if (cu < 0xd800 || cu > 0xdfff) {
      const v = bmpEntry(cu);
      if (v >= 0) {
        if (v >= 0x2ff0 && v <= 0x2fff) description = true;
        s.push(v, i, i + 1);
      } else if (v === MULTI) {
        description = true;
        const f = otherFold.get(cu)!;
        for (let k = 0; k < f.length; k++) s.push(f[k], i, i + 1);
      } else {
        sensitive = true;
        s.push(cu, i, i + 1);
      }
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    const f = otherEntry(cp);
    description = true;
    if (f === null) {
      sensitive = true;
      s.push(cp, i, i + w);
    } else for (let k = 0; k < f.length; k++) s.push(f[k], i, i + w);
    i += w;
  }
  if (sensitive) realignWithWholeString(text, s);
  // (a multi-code-point fold, an astral code point or the realignment may hold one: checked then)
  foldChinese.inPlace(s.cps, s.n, description || sensitive);
  strip(s);
  return s;
}

/** Units of the kept code points of s.cps[0..n), with their spans. */
function strip(s: Scratch): void {
  s.m = 0;
  for (let k = 0; k < s.n; k++) {
    const cp = s.cps[k];
    if (isRemoved(cp)) continue;
    if (cp > 0xffff) {
      s.pushUnit(0xd800 + ((cp - 0x10000) >> 10), s.from[k], s.to[k]);
      s.pushUnit(0xdc00 + ((cp - 0x10000) & 0x3ff), s.from[k], s.to[k]);
    } else s.pushUnit(cp, s.from[k], s.to[k]);
  }
}

/**
 * A code point whose NFKC or lower case depends on its neighbours was seen: the whole-string
 * result is the truth; the per-code-point guess (code points and spans in `s`) keeps the spans
 * of the prefix and suffix both agree on, and the differing middle maps to the union of the
 * spans it replaced.
 */
function realignWithWholeString(text: string, s: Scratch): void {
  const truth = Int32Array.from(text.normalize('NFKC').toLowerCase(), (c) => c.codePointAt(0)!);
  const guessN = s.n;
  let pre = 0;
  while (pre < guessN && pre < truth.length && s.cps[pre] === truth[pre]) pre++;
  let suf = 0;
  while (suf < guessN - pre && suf < truth.length - pre && s.cps[guessN - 1 - suf] === truth[truth.length - 1 - suf]) suf++;
  const from = Array.from(s.from.subarray(0, guessN));
  const to = Array.from(s.to.subarray(0, guessN));
  // The middle the two disagree on; when the guess has none there, its neighbours' spans.
  const lo = pre < guessN - suf ? pre : Math.max(0, pre - 1);
  const hi = pre < guessN - suf ? guessN - suf - 1 : Math.min(guessN - 1, pre);
  const midFrom = guessN === 0 ? 0 : from[lo];
  const midTo = guessN === 0 ? text.length : to[hi];
  s.n = 0;
  for (let k = 0; k < truth.length; k++) {
    if (k < pre) s.push(truth[k], from[k], to[k]);
    else if (k >= truth.length - suf) {
      const g = guessN - (truth.length - k);
      s.push(truth[k], from[g], to[g]);
    } else s.push(truth[k], midFrom, midTo);
  }
}

/** Builds a string from UTF-16 units without spreading large arrays into one call. */
export function unitsToString(units: Uint16Array, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i += 4096) out += String.fromCharCode.apply(null, units.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
  return out;
}

/** The normalised text of `text` with the original span of each of its UTF-16 units. */
export function normaliseWithMap(text: string): NormalisedText {
  const s = normaliseIntoScratch(text);
  return { text: unitsToString(s.units, 0, s.m), start: s.uFrom.slice(0, s.m), end: s.uTo.slice(0, s.m) };
}

/** The normalised text alone (phrases are normalised with this). */
export function normalise(text: string): string {
  const s = normaliseIntoScratch(text);
  return unitsToString(s.units, 0, s.m);
}

/** The original span covering normalised units [from, to). */
export function originalSpan(n: { start: ArrayLike<number>; end: ArrayLike<number> }, from: number, to: number): { start: number; end: number } {
  let start = n.start[from];
  let end = n.end[to - 1];
  for (let i = from + 1; i < to; i++) if (n.start[i] < start) start = n.start[i];
  for (let i = from; i < to - 1; i++) if (n.end[i] > end) end = n.end[i];
  return { start, end };
}

/**
 * A quick, conservative test on the ORIGINAL text that it cannot contain any of some normalised
 * phrases once normalised: each code unit of the text stands for the phrase units it could become
 * (NFKC, lower case, any OpenCC spelling — Traditional, full-width, upper case — whatever its
 * neighbours), and a phrase can only occur when every one of its units is stood for somewhere.
 * One table load per code unit and no normalisation, so turns that cannot match (most customer
 * turns, for the complaint triggers) are skipped. It may say yes wrongly (units share bits
 * beyond 31 distinct ones; units do not say where they are), never no wrongly: the caller then
 * normalises and matches as usual.
 */
export class PhraseFilter {
  /** per BMP code unit: the bits of the phrase units it may become; -1 not computed yet */
  private readonly bits = new Int32Array(0x10000).fill(-1);
  /** per phrase: the bits of its units */
  private readonly needs: Int32Array;
  /** code point before the Chinese tables → bits of the phrase units the tables may make of it */
  private readonly sourceBits = new Map<number, number>();

  constructor(phrases: readonly string[]) {
    const bitOf = new Map<number, number>();
    this.needs = Int32Array.from(phrases, (p) => {
      let need = 0;
      for (let i = 0; i < p.length; i++) {
        const u = p.charCodeAt(i);
        let bit = bitOf.get(u);
        if (bit === undefined) bitOf.set(u, (bit = 1 << (bitOf.size % 31)));
        need |= bit;
      }
      return need;
    });
    for (const [u, bit] of bitOf) {
      // A surrogate half comes only from astral text or an astral image, which stand for every unit.
      if (u >= 0xd800 && u <= 0xdfff) continue;
      for (const x of foldChinese.sourcesOf(u)) this.sourceBits.set(x, (this.sourceBits.get(x) ?? 0) | bit);
    }
  }

  /** False only when no phrase can occur in normalise(text). */
  mayOccurIn(text: string): boolean {
    const bits = this.bits;
    let seen = 0;
    for (let i = 0; i < text.length; i++) {
      const cu = text.charCodeAt(i);
      const b = bits[cu];
      seen |= b < 0 ? this.bitsOf(cu) : b;
    }
    const needs = this.needs;
    for (let k = 0; k < needs.length; k++) if ((seen & needs[k]) === needs[k]) return true;
    return false;
  }

  private bitsOf(cu: number): number {
    const e = packed[cu] || pack(cu);
    // Not the one-pass path (surrogates, multi-code-point folds, context-sensitive, astral images): anything.
    const b = (e & (GENERAL | REPLAY)) !== 0 ? ALL_BITS : (this.sourceBits.get(folded[cu]) ?? 0);
    this.bits[cu] = b;
    return b;
  }
}

const ALL_BITS = 0x7fffffff;
