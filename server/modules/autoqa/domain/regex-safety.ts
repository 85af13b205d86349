/**
 * A guard against regular expressions that can backtrack exponentially. Pattern rules are written
 * by admins and run over every stored turn in the server's one thread (a re-score reads millions),
 * and JavaScript's engine has no time limit: `(a+)+$` against forty a's and a b stops the server.
 *
 * The check is structural, like safe-regex's star height: a repeated group (`*`, `+`, `{n,}`,
 * `{n,m}` with m > 1) may not contain another quantifier, and backreferences are refused. It
 * refuses some harmless expressions (`(ab+c)+`); the message says how to write them instead.
 */
export function unsafeRegexReason(source: string): string | null {
  const frames: { quantified: boolean }[] = [{ quantified: false }];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'uses a backreference, which can take exponential time; match the text without referring back.';
      i += next === 'u' && source[i + 2] === '{' ? source.indexOf('}', i) + 1 || source.length : 2;
      i = afterQuantifier(source, i, frames[frames.length - 1]);
      continue;
    }
    if (c === '[') {
      i = endOfClass(source, i);
      i = afterQuantifier(source, i, frames[frames.length - 1]);
      continue;
    }
    if (c === '(') {
      frames.push({ quantified: false });
      i += groupPrefixLength(source, i);
      continue;
    }
    if (c === ')' && frames.length > 1) {
      const group = frames.pop()!;
      const repeat = repetitionAt(source, i + 1);
      if (repeat.repeats && group.quantified) {
        return 'repeats a group that holds a quantifier (like (a+)+), which can take exponential time; quantify the inside or the group, not both.';
      }
      const parent = frames[frames.length - 1];
      parent.quantified ||= group.quantified || repeat.length > 0;
      i += 1 + repeat.length;
      continue;
    }
    i = afterQuantifier(source, i + 1, frames[frames.length - 1]);
  }
  return null;
}

/** Length of `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>` at i. */
function groupPrefixLength(source: string, i: number): number {
  if (source[i + 1] !== '?') return 1;
  if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') return source.indexOf('>', i) - i + 1 || 1;
  return source[i + 2] === '<' ? 4 : 3;
}

function endOfClass(source: string, i: number): number {
  let j = i + 1;
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Skips a quantifier after an atom ending before i, noting it on the frame. */
function afterQuantifier(source: string, i: number, frame: { quantified: boolean }): number {
  const q = repetitionAt(source, i);
  if (q.length) frame.quantified = true;
  return i + q.length;
}

/** The quantifier at i (with its lazy `?`): its length, and whether it repeats (more than once). */
function repetitionAt(source: string, i: number): { length: number; repeats: boolean } {
  const c = source[i];
  let length = 0;
  let repeats = false;
  if (c === '*' || c === '+') [length, repeats] = [1, true];
  else if (c === '?') length = 1;
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (m) {
      length = m[0].length;
      const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      repeats = max > 1;
    }
  }
  if (length && source[i + length] === '?') length += 1;
  return { length, repeats };
}
