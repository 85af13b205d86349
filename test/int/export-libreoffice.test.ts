import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../seeds/demo';
import { exportMonthlyToFile } from '../../server/cli/export.command';
import { ExportService, SYSTEM_CALLER } from '../../server/modules/export/export.service';
import { collect } from '../unit/export/workbook-reader';
import { RollupService } from '../../server/modules/kpi/rollup.service';
import { loadWorkbook } from '../unit/export/workbook-reader';
import { createTestApp, TestApp } from './support/test-app';

function soffice(): string | null {
  for (const bin of ['soffice', 'libreoffice']) {
    if (spawnSync('which', [bin]).status === 0) return bin;
  }
  return null;
}

/** The demo's monthly workbook must open in LibreOffice (what WPS-like readers will also parse). */
describe('monthly workbook of the demo data', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.db, { today: '2026-11-02', agents: 12, weeks: 6 });
    await t.app.get(RollupService).rebuildAll();
    // CALLSCOPE_EXPORT_CHECK_DIR keeps the workbook and PDF for a look by eye.
    dir = process.env.CALLSCOPE_EXPORT_CHECK_DIR ?? (await mkdtemp(join(tmpdir(), 'callscope-lo-')));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (dir && !process.env.CALLSCOPE_EXPORT_CHECK_DIR) await rm(dir, { recursive: true, force: true });
  });

  it('exports October, converts it to PDF and reads every sheet back with LibreOffice', async () => {
    const xlsx = join(dir, 'callscope-kpi-2026-10-all.xlsx');
    await exportMonthlyToFile(t.app, { month: '2026-10' }, xlsx);
    const wb = await loadWorkbook(await readFile(xlsx));
    expect(wb.getWorksheet('Agents')!.rowCount).toBe(13);
    const bin = soffice();
    if (!bin) {
      // CI installs LibreOffice (.ci/run): there, a missing soffice is a failure, not a skipped check.
      if (process.env.CI) throw new Error('LibreOffice (soffice) is not installed under CI: .ci/run must install libreoffice-calc.');
      console.warn('LibreOffice (soffice) is not installed: the conversion checks did not run. apt-get install -y libreoffice-calc');
      return;
    }
    execFileSync(bin, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/lo-profile`, '--convert-to', 'pdf', '--outdir', dir, xlsx], { timeout: 90_000, stdio: 'pipe' });
    const pdf = await stat(join(dir, 'callscope-kpi-2026-10-all.pdf'));
    expect(pdf.size).toBeGreaterThan(10_000);

    // Every sheet as LibreOffice reads it: the Agents sheet holds the same agents, names and teams.
    const allSheetsCsv = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
    execFileSync(bin, ['--headless', '--norestore', `-env:UserInstallation=file://${dir}/lo-profile`, '--convert-to', allSheetsCsv, '--outdir', join(dir, 'csv'), xlsx], { timeout: 90_000, stdio: 'pipe' });
    const agentsCsv = await readFile(join(dir, 'csv', 'callscope-kpi-2026-10-all-Agents.csv'), 'utf8');
    const libreRows = agentsCsv.trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 3).join('|'));
    const exceljsRows: string[] = [];
    wb.getWorksheet('Agents')!.eachRow((row, n) => {
      if (n > 1) exceljsRows.push([1, 2, 3].map((c) => String(row.getCell(c).value)).join('|'));
    });
    expect(libreRows).toEqual(exceljsRows);
  }, 120_000);

  it('puts the weekly review attention list of a demo team into the weekly workbook', async () => {
    const teams: { id: number }[] = await t.db.query(`SELECT id FROM teams ORDER BY id`);
    let attentionRows = 0;
    for (const team of teams) {
      const file = await t.app.get(ExportService).weekly(SYSTEM_CALLER, { week: '2026-W44', teamId: team.id });
      const wb = await loadWorkbook(await collect((out) => file.write(out)));
      wb.getWorksheet('Attention')!.eachRow((row, n) => {
        if (n > 1 && row.getCell(1).value) {
          attentionRows++;
          expect(String(row.getCell(4).value).length).toBeGreaterThan(10);
        }
      });
    }
    expect(attentionRows).toBeGreaterThan(0);
  }, 120_000);
});
