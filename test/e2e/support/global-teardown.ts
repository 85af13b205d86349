import type { RunningServer } from './server';
import { stopServer } from './server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__callscopeE2eServer as RunningServer | undefined;
  if (server) await stopServer(server);
}
