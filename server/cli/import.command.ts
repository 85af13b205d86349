import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importKinds, ImportKind } from '../modules/ingest/domain/import-fields';
import { parseMapping } from '../modules/ingest/import.dto';
import { ImportJob, ImportService } from '../modules/ingest/import.service';
import type { CliCommand } from './cli-context';

/** A progress bar on stderr (only when it is a terminal; otherwise a line every 10%). */
function progressPrinter(): (job: ImportJob) => void {
  let lastTenth = -1;
  return (job) => {
    const pct = Math.round(job.progress * 100);
    if (process.stderr.isTTY) {
      const width = 30;
      const filled = Math.round(job.progress * width);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${job.rowsTotal} rows`);
      if (job.status === 'succeeded' || job.status === 'failed') process.stderr.write('\n');
    } else if (Math.floor(pct / 10) > lastTenth) {
      lastTenth = Math.floor(pct / 10);
      process.stderr.write(`${pct}% (${job.rowsTotal} rows)\n`);
    }
  };
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: `import <${importKinds.join('|')}> FILE [--mapping m.json] [--on-error reject|skip] [--dry-run]`,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { mapping: { type: 'string' }, 'on-error': { type: 'string' }, 'dry-run': { type: 'boolean' } },
    });
    const [kind, file] = positionals;
    if (!importKinds.includes(kind as ImportKind) || !file) {
      console.error(`Usage: npm run cli -- ${this.usage}`);
      return 2;
    }
    const onError = values['on-error'] ?? 'reject';
    if (onError !== 'reject' && onError !== 'skip') {
      console.error('--on-error: use reject or skip.');
      return 2;
    }
    const mapping = values.mapping ? parseMapping(readFileSync(values.mapping, 'utf8')) : undefined;
    const app = await ctx.app();
    const job = await app.get(ImportService).importFile({
      kind: kind as ImportKind,
      filePath: resolve(file),
      fileName: basename(file),
      mapping,
      onError,
      dryRun: values['dry-run'] ?? false,
      caller: null,
      onProgress: progressPrinter(),
    });
    console.log(
      `${job.status}${job.dryRun ? ' (dry run: nothing written)' : ''}: ${job.rowsTotal} rows — ${job.rowsInserted} inserted, ${job.rowsUpdated} updated, ` +
        `${job.rowsUnchanged} unchanged, ${job.rowsSkipped} skipped, ${job.rowsRejected} rejected`,
    );
    if (job.newAgents.length) console.log(`New agents (team Unassigned): ${job.newAgents.slice(0, 20).join(', ')}${job.newAgents.length > 20 ? ', …' : ''}`);
    if (job.failureMessage) console.log(job.failureMessage);
    if (job.missingFields.length) console.log(`Not in the file:\n${job.missingFields.map((f) => `  ${f.field}: ${f.message}`).join('\n')}`);
    for (const e of job.errors.slice(0, 20)) console.log(`  row ${e.row}: ${e.message}`);
    if (job.rowsRejected > job.errors.slice(0, 20).length) console.log(`  … all errors: GET /api/imports/${job.id}/errors.csv`);
    return job.status === 'succeeded' ? 0 : 1;
  },
};
