// `npm run dev`: server and dashboard rebuilt on change; the server restarts on each build.
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd, args) => spawn(cmd, args, { cwd: root, stdio: 'inherit' });
const children = [
  run('npx', ['tsc', '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput']),
  run('npx', ['vite', 'build', '--config', 'web/vite.config.mts', '--watch', '--logLevel', 'warn']),
];
// package.json config.serverNodeFlags, as npm start runs the server.
const serverNodeFlags = (process.env.npm_package_config_serverNodeFlags ?? '').split(/\s+/).filter(Boolean);
setTimeout(() => children.push(run(process.execPath, [...serverNodeFlags, '--watch-path=dist/server', '--watch-path=dist/seeds', 'dist/server/main.js'])), 8000);
const stop = () => children.forEach((c) => c.kill('SIGINT'));
process.on('SIGINT', stop).on('SIGTERM', stop);
