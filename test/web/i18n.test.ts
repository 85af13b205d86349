import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { en } from '../../web/src/lib/locales/en';
import { zhCN } from '../../web/src/lib/locales/zh-cn';

function flatten(obj: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === 'object') Object.assign(out, flatten(v as object, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = String(v);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

const enKeys = flatten(en);
const zhKeys = flatten(zhCN);

describe('translations', () => {
  it('Chinese has every English key, none left empty or in English', () => {
    expect(Object.keys(zhKeys).sort()).toEqual(Object.keys(enKeys).sort());
    const untranslated = Object.keys(enKeys).filter((k) => !zhKeys[k].trim() || (zhKeys[k] === enKeys[k] && /[a-z]{4,}/i.test(enKeys[k]) && !/^[A-Z0-9 %/{}.-]+$/.test(enKeys[k]) && !enKeys[k].includes('{{')));
    expect(untranslated).toEqual([]);
  });

  it('every literal key the code asks for exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(__dirname, '../../web/src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    // plural keys live as key_one / key_other
    const missing = [...used].filter((k) => !(k in enKeys) && !(`${k}_other` in enKeys));
    expect(missing).toEqual([]);
  });
});
