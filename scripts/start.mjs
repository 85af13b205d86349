// `npm start`: build what is stale, then run the server in this process (Ctrl-C reaches it directly).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

execFileSync(process.execPath, [new URL('./build-if-needed.mjs', import.meta.url).pathname], { stdio: 'inherit' });
createRequire(import.meta.url)('../dist/server/main.js');
