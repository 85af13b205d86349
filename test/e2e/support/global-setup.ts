import { startServer } from './server';

/** One server with demo data for the whole e2e run; the tests find it through E2E_BASE_URL. */
export default async function globalSetup(): Promise<void> {
  const server = await startServer();
  process.env.E2E_BASE_URL = server.baseUrl;
  (globalThis as Record<string, unknown>).__callscopeE2eServer = server;
}
