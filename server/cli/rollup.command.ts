import { RollupService } from '../modules/kpi/rollup.service';
import type { CliCommand } from './cli-context';

/** `npm run cli -- rollup rebuild`: recomputes repeat-contact flags and every KPI rollup from the raw tables. */
export const rollupCommand: CliCommand = {
  name: 'rollup',
  usage: 'rollup rebuild   (recompute repeat-contact flags and KPI rollups from the raw tables)',
  async run(args, ctx) {
    if (args[0] !== 'rebuild') {
      console.error(`Usage: npm run cli -- ${this.usage}`);
      return 2;
    }
    const app = await ctx.app();
    const t0 = Date.now();
    await app.get(RollupService).rebuildAll();
    console.log(`KPI rollups rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  },
};
