import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { DEMO_DEFAULTS, seedDemo } from '../../seeds/demo';
import { localDateDaysAgo } from '../../seeds/demo-calendar';
import { RollupService } from '../modules/kpi/rollup.service';
import type { CliCommand } from './cli-context';

const usage = `seed [--agents N] [--teams T] [--weeks W] [--calls-per-agent-per-day C] [--today YYYY-MM-DD] [--seed S] [--no-surveys] [--no-evaluations] [--no-transcripts]
        (into an empty database; defaults ${DEMO_DEFAULTS.agents} agents, ${DEMO_DEFAULTS.teams} teams, ${DEMO_DEFAULTS.weeks} weeks, ${DEMO_DEFAULTS.callsPerAgentPerDay} contacts per agent per weekday;
         --agents 1000 --weeks 52 --calls-per-agent-per-day 32 gives ~10M calls)`;

export const seedCommand: CliCommand = {
  name: 'seed',
  usage,
  async run(args, ctx) {
    const { values } = parseArgs({
      args,
      options: {
        agents: { type: 'string' },
        teams: { type: 'string' },
        weeks: { type: 'string' },
        'calls-per-agent-per-day': { type: 'string' },
        today: { type: 'string' },
        seed: { type: 'string' },
        'no-surveys': { type: 'boolean' },
        'no-evaluations': { type: 'boolean' },
        'no-transcripts': { type: 'boolean' },
      },
    });
    const number = (flag: keyof typeof values): number | undefined => {
      const raw = values[flag];
      if (raw === undefined) return undefined;
      const n = Number(raw);
      if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`--${flag} takes a number >= 0, got "${String(raw)}"`);
      return n;
    };
    if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) throw new Error(`--today takes a date YYYY-MM-DD, got "${values.today}"`);
    const options = {
      today: values.today ?? localDateDaysAgo(0, 'Asia/Shanghai'),
      agents: number('agents'),
      teams: number('teams'),
      weeks: number('weeks'),
      callsPerAgentPerDay: number('calls-per-agent-per-day'),
      seed: number('seed'),
      surveys: !values['no-surveys'],
      evaluations: !values['no-evaluations'],
      transcripts: !values['no-transcripts'],
    };
    const app = await ctx.app();
    const db = app.get(DataSource);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM agents`);
    if (n > 0) {
      console.error('The database already has agents; seed only loads into an empty database.');
      return 1;
    }
    const t0 = Date.now();
    const summary = await seedDemo(db, options);
    const loaded = Date.now();
    console.log(`Seeded ${summary.agents} agents in ${summary.teams} teams, ${summary.calls} calls (${summary.firstDate} to ${summary.lastDate}), ${summary.surveys} surveys, ${summary.evaluations} evaluations in ${((loaded - t0) / 1000).toFixed(1)} s`);
    // The seed bypasses the import path: bring repeat-contact flags and rollups up to date.
    await app.get(RollupService).rebuildAll();
    console.log(`Rebuilt the KPI rollups in ${((Date.now() - loaded) / 1000).toFixed(1)} s`);
  },
};
