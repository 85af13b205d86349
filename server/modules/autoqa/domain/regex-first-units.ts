/**
 * The code units a match of a regular expression can start with, pure: a `pattern` rule's
 * expression then runs only on normalised turns that hold one of them, and most turns need no
 * string built and no regex run. Written for the expressions rule authors write (literals,
 * classes, \d \w, groups, alternation, quantifiers, anchors); anything else — `.`, negated
 * classes, lookaround, back references, \s \D \W \S \p — or an expression that can match empty
 * text gives null: no filter, the expression runs on every turn as before.
 */

/** What a piece of the expression can start with; null = anything. */
interface First {
  units: Set<number> | null;
  /** whether it can match without consuming a character */
  nullable: boolean;
}

class Unsupported extends Error {}

const DIGITS = [...'0123456789'].map((c) => c.charCodeAt(0));
const WORD = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'].map((c) => c.charCodeAt(0));

/** BMP code units (a bitmap) a match of `source` (compiled with the `u` flag) can start with, or null. */
export function regexFirstUnits(source: string): Uint8Array | null {
  let first: First;
  try {
    const p = new Parser(source);
    first = p.alternation();
    if (p.i !== source.length) return null;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  if (first.nullable || first.units === null) return null;
  const map = new Uint8Array(0x10000);
  for (const u of first.units) map[u] = 1;
  return map;
}

/** Whether units[0..n) holds a unit of `first`. */
export function holdsFirstUnit(units: Uint16Array, n: number, first: Uint8Array): boolean {
  for (let i = 0; i < n; i++) if (first[units[i]] === 1) return true;
  return false;
}

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  alternation(): First {
    let out = this.sequence();
    while (this.s[this.i] === '|') {
      this.i++;
      const next = this.sequence();
      out = { units: union(out.units, next.units), nullable: out.nullable || next.nullable };
    }
    return out;
  }

  private sequence(): First {
    let units: Set<number> | null = new Set();
    let nullable = true;
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.quantified();
      if (nullable) units = union(units, atom.units);
      nullable &&= atom.nullable;
    }
    return { units, nullable };
  }

  private quantified(): First {
    const atom = this.atom();
    const c = this.s[this.i];
    let optional = false;
    if (c === '*' || c === '?') {
      optional = true;
      this.i++;
    } else if (c === '+') this.i++;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (!m) throw new Unsupported();
      optional = Number(m[1]) === 0;
      this.i += m[0].length;
    } else return atom;
    if (this.s[this.i] === '?') this.i++;
    return { units: atom.units, nullable: atom.nullable || optional };
  }

  private atom(): First {
    const c = this.s[this.i];
    if (c === '(') {
      this.i++;
      if (this.s[this.i] === '?') {
        if (this.s.startsWith('?:', this.i)) this.i += 2;
        else if (this.s[this.i + 1] === '<' && this.s[this.i + 2] !== '=' && this.s[this.i + 2] !== '!') {
          const close = this.s.indexOf('>', this.i);
          if (close < 0) throw new Unsupported();
          this.i = close + 1;
        } else throw new Unsupported(); // lookaround
      }
      const inner = this.alternation();
      if (this.s[this.i] !== ')') throw new Unsupported();
      this.i++;
      return inner;
    }
    if (c === '^' || c === '$') {
      this.i++;
      return { units: new Set(), nullable: true };
    }
    if (c === '.' ) throw new Unsupported();
    if (c === '[') return { units: this.characterClass(), nullable: false };
    if (c === '\\') {
      const e = this.s[this.i + 1];
      if (e === 'b' || e === 'B') {
        this.i += 2;
        return { units: new Set(), nullable: true };
      }
      return { units: new Set(this.escape()), nullable: false };
    }
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === ')' || c === ']' || c === '}' || c === '|') throw new Unsupported();
    const cp = this.s.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return { units: new Set([firstUnit(cp)]), nullable: false };
  }

  /** An escape at i (backslash included): the units it matches. */
  private escape(): number[] {
    const e = this.s[this.i + 1];
    if (e === undefined) throw new Unsupported();
    this.i += 2;
    if (e === 'd') return DIGITS;
    if (e === 'w') return WORD;
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, v: 11 };
    if (e in simple) return [simple[e]];
    if (e === 'u' || e === 'x') {
      const m = e === 'x' ? /^[0-9a-fA-F]{2}/.exec(this.s.slice(this.i)) : /^(\{[0-9a-fA-F]+\}|[0-9a-fA-F]{4})/.exec(this.s.slice(this.i));
      if (!m) throw new Unsupported();
      this.i += m[0].length;
      return [firstUnit(parseInt(m[0].replace(/[{}]/g, ''), 16))];
    }
    // Identity escapes of syntax characters; anything else (\s \D \W \S \p \P \k \c \0 \1 …) is not handled.
    if ('^$\\.*+?()[]{}|/-'.includes(e)) return [e.charCodeAt(0)];
    throw new Unsupported();
  }

  private characterClass(): Set<number> {
    this.i++; // [
    if (this.s[this.i] === '^') throw new Unsupported();
    const units = new Set<number>();
    const single = (): number | number[] => {
      if (this.s[this.i] === '\\') {
        const u = this.escape();
        return u.length === 1 ? u[0] : u;
      }
      const cp = this.s.codePointAt(this.i);
      if (cp === undefined) throw new Unsupported();
      this.i += cp > 0xffff ? 2 : 1;
      return cp;
    };
    while (this.s[this.i] !== ']') {
      if (this.i >= this.s.length) throw new Unsupported();
      const from = single();
      if (Array.isArray(from)) {
        from.forEach((u) => units.add(u));
        continue;
      }
      if (this.s[this.i] === '-' && this.s[this.i + 1] !== ']') {
        this.i++;
        const to = single();
        if (Array.isArray(to) || to < from) throw new Unsupported();
        if (to > 0xffff) throw new Unsupported();
        for (let c = from; c <= to; c++) units.add(c);
      } else units.add(firstUnit(from));
    }
    this.i++; // ]
    return units;
  }
}

function firstUnit(cp: number): number {
  return cp > 0xffff ? 0xd800 + ((cp - 0x10000) >> 10) : cp;
}

function union(a: Set<number> | null, b: Set<number> | null): Set<number> | null {
  if (a === null || b === null) return null;
  return new Set([...a, ...b]);
}
