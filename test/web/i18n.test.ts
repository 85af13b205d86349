import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { en } from '../../web/src/lib/locales/en';
import { zhCN } from '../../web/src/lib/locales/zh-cn';
import { zhHK } from '../../web/src/lib/locales/zh-hk';
import { toZhHK } from '../../server/common/i18n/zh-hk.converter';
import { kpiDefinitionList } from '../../server/modules/kpi/domain/kpi-definitions';

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
const hkKeys = flatten(zhHK);

describe('translations', () => {
  it('Chinese has every English key, none left empty or in English', () => {
    expect(Object.keys(zhKeys).sort()).toEqual(Object.keys(enKeys).sort());
    const untranslated = Object.keys(enKeys).filter((k) => !zhKeys[k].trim() || (zhKeys[k] === enKeys[k] && /[a-z]{4,}/i.test(enKeys[k]) && !/^[A-Z0-9 %/{}.-]+$/.test(enKeys[k]) && !enKeys[k].includes('{{')));
    expect(untranslated).toEqual([]);
  });

  it('Traditional Chinese (zh-HK) has exactly the English keys, none empty, none left in Simplified where Traditional differs', () => {
    expect(Object.keys(hkKeys).sort()).toEqual(Object.keys(enKeys).sort());
    expect(Object.keys(enKeys).filter((k) => !hkKeys[k].trim())).toEqual([]);
    // A text that the converter would still change is not Traditional yet.
    expect(Object.keys(hkKeys).filter((k) => toZhHK(hkKeys[k]) !== hkKeys[k])).toEqual([]);
    expect(hkKeys['common.save']).toBe('儲存');
    expect(hkKeys['nav.settings']).toBe('設定');
  });

  it('names each metric one way per language: the registry name, in Simplified and in Hong Kong Traditional', () => {
    for (const d of kpiDefinitionList) {
      expect(zhCN.metrics[d.key]).toEqual({ label: d.label.zh, short: d.short.zh });
      expect(zhHK.metrics[d.key]).toEqual({ label: toZhHK(d.label.zh), short: toZhHK(d.short.zh) });
    }
    expect(zhCN.metrics.fcr.short).toBe('一次解决率');
    expect(zhHK.metrics.fcr.short).toBe('一次解決率');
    // Nowhere else in the dashboard's texts is FCR called anything but its one name.
    const other = (texts: Record<string, string>, wrong: RegExp) => Object.entries(texts).filter(([, v]) => wrong.test(v)).map(([k]) => k);
    expect(other(zhKeys, /首次解决|首解率|一次性解决/)).toEqual([]);
    expect(other(hkKeys, /首次解決|首解率|一次性解決/)).toEqual([]);
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
