import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

const PREFIX = 'callscope-upload-';
/** A file older than this is nobody's upload in progress any more, whoever wrote it. */
const STALE_MS = 24 * 3600_000;

/** An upload's file name carries the writing process's id, so a later start can tell its leftovers. */
export function uploadFileName(): string {
  return `${PREFIX}${process.pid}-${Date.now()}-${randomBytes(6).toString('hex')}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes uploads left behind by a server that died (kill -9, power loss): files written by a
 * process that no longer runs, or older than a day (a process id reused since).
 * Uploads of another live server sharing the folder are left alone. Returns the names removed.
 */
export async function removeOrphanUploads(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    const path = join(dir, name);
    let orphan = !Number.isInteger(pid) || !processAlive(pid);
    if (!orphan) {
      const stat = await fs.stat(path).catch(() => null);
      orphan = stat !== null && now - stat.mtimeMs > STALE_MS;
    }
    if (orphan && (await fs.rm(path, { force: true }).then(() => true, () => false))) removed.push(name);
  }
  return removed;
}
