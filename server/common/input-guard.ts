/**
 * Checks every request value before its schema sees it (pure). PostgreSQL text cannot hold a NUL
 * character, so a NUL anywhere would end as a 500 deep in a query; and a body nested thousands
 * of levels deep overflows the stack of whatever walks it recursively (validation, JSON
 * serialisation). Iterative, so the check itself cannot overflow.
 */
export const MAX_INPUT_DEPTH = 32;

export interface InputProblem {
  /** Dotted path of the offending value ('' for the value itself). */
  path: string;
  message: string;
}

export function findInputProblem(value: unknown, maxDepth = MAX_INPUT_DEPTH): InputProblem | null {
  const stack: Array<{ v: unknown; path: string[] }> = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path: path.join('.'), message: 'must not contain a NUL character (\\u0000 / %00)' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= maxDepth) return { path: path.slice(0, 1).join('.'), message: `is nested too deeply (more than ${maxDepth} levels)` };
    for (const [key, child] of Object.entries(v)) {
      if (key.includes('\u0000')) return { path: [...path, key.replaceAll('\u0000', '\\u0000')].join('.'), message: 'a key must not contain a NUL character (\\u0000 / %00)' };
      stack.push({ v: child, path: [...path, key] });
    }
  }
  return null;
}
