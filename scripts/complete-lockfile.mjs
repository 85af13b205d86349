// The registry this project's machines reach serves platform-specific binaries for Linux only,
// so npm writes a package-lock.json without other platforms' optional packages (e.g.
// @swc/core-darwin-arm64), and `npm ci` then refuses that lock as "out of sync". This adds a
// version-pinned, optional entry for every such package; npm ci skips them on this platform
// and a later `npm install` keeps them. Run after changing dependencies: npm run lock:complete
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const meta of Object.values(packages)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (packages[key]) continue;
    const version = String(spec).replace(/^[\^~=]/, '');
    if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error(`${name}: cannot pin the optional range ${spec}`);
    packages[key] = { version, ...(meta.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `package-lock.json: added ${added} optional platform packages` : 'package-lock.json: complete');
