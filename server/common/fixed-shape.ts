/**
 * Builds objects of one fixed set of keys from positional values, as a single object literal.
 * Filling `{}` key by key in a loop gives every object a chain of hidden-class transitions and a
 * growing property store; with tens of thousands of rows of 20-30 keys (KPI answers) that is
 * most of the allocation. Keys must be plain identifiers (they are compiled into the literal).
 */
export function fixedShapeFactory<K extends string, V>(keys: readonly K[], options: { firstIndex?: number; nullAsZero?: boolean } = {}): (values: readonly unknown[]) => Record<K, V> {
  const first = options.firstIndex ?? 0;
  const orZero = options.nullAsZero ? ' ?? 0' : '';
  for (const k of keys) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`fixedShapeFactory: "${k}" is not a plain identifier`);
  const body = `return {${keys.map((k, i) => `${k}: v[${first + i}]${orZero}`).join(', ')}};`;
  return new Function('v', body) as (values: readonly unknown[]) => Record<K, V>;
}
