import { CliCommand, CliContext } from './cli-context';
import { exportCommand } from './export.command';
import { importCommand } from './import.command';
import { migrationCommand } from './migration.command';
import { rollupCommand } from './rollup.command';
import { seedCommand } from './seed.command';

/** `npm run cli -- <command> …`: each module's command uses the same services as the API. */
const commands: CliCommand[] = [migrationCommand, seedCommand, importCommand, exportCommand, rollupCommand];

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`Usage: npm run cli -- <command>\n${commands.map((c) => `  ${c.usage}`).join('\n')}`);
    return name ? 2 : 0;
  }
  const ctx = new CliContext();
  const stop = () => void ctx.close().finally(() => process.exit(130));
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    return (await command.run(args, ctx)) ?? 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  } finally {
    await ctx.close();
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
