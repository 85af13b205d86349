import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { ExportService, MonthlyExportRequest, SYSTEM_CALLER } from '../modules/export/export.service';
import type { CliCommand } from './cli-context';

/** Writes the monthly workbook to a file as the system caller (admin scope, audited as "system (cli)"). */
export async function exportMonthlyToFile(app: INestApplicationContext, req: MonthlyExportRequest, outPath: string): Promise<string> {
  const file = await app.get(ExportService).monthly(SYSTEM_CALLER, req);
  // Written next to the target and renamed at the end: a failed run never leaves half a workbook under the real name.
  const partial = `${outPath}.partial`;
  try {
    const out = createWriteStream(partial);
    await file.write(out);
    await rename(partial, outPath);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return file.fileName;
}

function positiveId(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive whole number (an id), got "${value}"`);
  return n;
}

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export monthly --month YYYY-MM --out FILE.xlsx [--site ID] [--team ID]   (HR monthly KPI workbook)',
  async run(args, ctx) {
    const [kind, ...rest] = args;
    const { values } = parseArgs({ args: rest, options: { month: { type: 'string' }, out: { type: 'string' }, site: { type: 'string' }, team: { type: 'string' } } });
    if (kind !== 'monthly' || !values.month || !values.out) {
      console.error(`Usage: npm run cli -- ${exportCommand.usage}`);
      return 2;
    }
    const req: MonthlyExportRequest = { month: values.month, siteId: positiveId(values.site, 'site'), teamId: positiveId(values.team, 'team') };
    const t0 = Date.now();
    await exportMonthlyToFile(await ctx.app(), req, values.out);
    console.log(`Wrote ${values.out} (monthly KPI workbook ${values.month}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  },
};
