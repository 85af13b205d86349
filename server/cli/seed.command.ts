import { parseArgs } from 'node:util';
import { seedDemo } from '../../seeds/demo';
import { localDateDaysAgo } from '../../seeds/demo-calendar';
import { ensureDefaultQaForm } from '../../seeds/default-qa-form';
import { DataSource } from 'typeorm';
import type { CliCommand } from './cli-context';

export const seedCommand: CliCommand = {
  name: 'seed',
  usage: 'seed [--agents N] [--weeks W] [--today YYYY-MM-DD] [--seed S]   (into an empty database)',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { agents: { type: 'string' }, weeks: { type: 'string' }, today: { type: 'string' }, seed: { type: 'string' } } });
    const app = await ctx.app();
    const db = app.get(DataSource);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM agents`);
    if (n > 0) {
      console.error('The database already has agents; seed only loads into an empty database.');
      return 1;
    }
    await ensureDefaultQaForm(db);
    const t0 = Date.now();
    const summary = await seedDemo(db, {
      today: values.today ?? localDateDaysAgo(0, 'Asia/Shanghai'),
      agents: values.agents ? Number(values.agents) : undefined,
      weeks: values.weeks ? Number(values.weeks) : undefined,
      seed: values.seed ? Number(values.seed) : undefined,
    });
    console.log(`Seeded ${summary.agents} agents, ${summary.calls} calls, ${summary.surveys} surveys, ${summary.evaluations} evaluations in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  },
};
