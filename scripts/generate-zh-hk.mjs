// Regenerates web/src/lib/locales/zh-hk.ts from zh-cn.ts: every string through toZhHK()
// (server/common/i18n/zh-hk.converter.ts, OpenCC plus Hong Kong words), the metric names kept
// as the converted registry names. Run after adding zh-CN texts: npm run build:server && node scripts/generate-zh-hk.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { toZhHK } = require('../dist/server/common/i18n/zh-hk.converter.js');
const { kpiDefinitionList } = require('../dist/server/modules/kpi/domain/kpi-definitions.js');

const root = new URL('../web/src/lib/locales/', import.meta.url);
const source = readFileSync(new URL('zh-cn.ts', root), 'utf8');
const quote = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const metrics = kpiDefinitionList
  .map((d) => `    ${d.key}: { label: ${quote(toZhHK(d.label.zh))}, short: ${quote(toZhHK(d.short.zh))} },`)
  .join('\n');

const body = source
  .replace(/^import \{ metricLabels \} from '..\/metrics';\n/m, '')
  .replace(/export const zhCN: Resources = \{/, `/**
 * Traditional Chinese, Hong Kong usage. Generated from zh-cn.ts by scripts/generate-zh-hk.mjs
 * (toZhHK() of server/common/i18n/zh-hk.converter.ts); edit zh-cn.ts and run it again. The
 * metric names are toZhHK of the registry's zh names (test/web/i18n.test.ts).
 */
export const zhHK: Resources = {`)
  .replace(/^ {2}metrics: metricLabels\('zh'\),$/m, `  metrics: {\n${metrics}\n  },`)
  .replace(/'((?:[^'\\\n]|\\.)*)'/g, (whole, inner, offset, all) => {
    const lineStart = all.lastIndexOf('\n', offset) + 1;
    if (all.slice(lineStart, offset).startsWith('import ')) return whole;
    return quote(toZhHK(inner.replace(/\\'/g, "'").replace(/\\\\/g, '\\')));
  });
writeFileSync(new URL('zh-hk.ts', root), body);
console.log('web/src/lib/locales/zh-hk.ts written');
