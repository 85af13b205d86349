// Builds the server (tsc) and the dashboard (vite) when their sources are newer than dist/.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else max = Math.max(max, s.mtimeMs);
  };
  paths.forEach((p) => walk(join(root, p)));
  return max;
}

const targets = [
  { name: 'server', sources: ['server', 'migrations', 'seeds', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'], output: 'dist/server/main.js', command: 'npx tsc -p tsconfig.build.json' },
  { name: 'dashboard', sources: ['web', 'package-lock.json'], output: 'dist/web/index.html', command: 'npx vite build --config web/vite.config.mts --logLevel warn' },
];

const force = process.argv.includes('--force');
for (const t of targets) {
  const out = join(root, t.output);
  if (!force && existsSync(out) && statSync(out).mtimeMs >= newest(t.sources)) continue;
  console.log(`Building the ${t.name}…`);
  execSync(t.command, { cwd: root, stdio: 'inherit' });
  // tsc leaves untouched outputs alone; stamp the entry so the next check sees it fresh.
  const now = new Date();
  execSync(`touch -d "${now.toISOString()}" ${JSON.stringify(out)}`);
}
