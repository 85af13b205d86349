import { DEFAULT_COMPLAINT_DEADLINES } from '../../../server/modules/complaints/domain/complaint-clock';
import type { ApiAnswers } from './api-answers';
import type { SessionUser } from '../../../web/src/features/auth/api/auth-types';
import type { Settings } from '../../../web/src/features/settings/api/settings-types';

/**
 * A fake server at the process edge (fetch): routes answer JSON, anything else is the 404 a
 * missing Nest route gives. Calls are recorded so tests can check what the client sent.
 */
export interface RecordedCall {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

/** A route answers its typed answer, a Reply (another status), or a function of the call giving either. */
type Handler<T> = T | Reply | ((call: RecordedCall) => T | Reply);
export type Routes = { [K in keyof ApiAnswers]?: Handler<ApiAnswers[K]> };

export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** An error answer as the server's error filter writes it: `{ statusCode, error, message, code }`. */
export function apiError(status: number, code: string, message: string): Reply {
  return new Reply(status, { statusCode: status, error: status === 401 ? 'Unauthorized' : status === 409 ? 'Conflict' : status === 404 ? 'Not Found' : 'Bad Request', message, code });
}

function fakeResponse(status: number, body: unknown): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: String(status),
    headers: { get: () => null },
    text: async () => text,
    json: async () => JSON.parse(text),
    blob: async () => new Blob([text]),
  } as unknown as Response;
}

export function mockApi(routes: Routes) {
  const calls: RecordedCall[] = [];
  const fetchMock = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const [path, qs = ''] = url.split('?');
    const method = (init?.method ?? 'GET').toUpperCase();
    const raw = init?.body;
    const call: RecordedCall = {
      method,
      url,
      path,
      query: new URLSearchParams(qs),
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof raw === 'string' ? JSON.parse(raw) : raw,
    };
    calls.push(call);
    const handler = (routes as Record<string, Handler<unknown> | undefined>)[`${method} ${path}`];
    if (handler === undefined) return fakeResponse(404, { statusCode: 404, error: 'Not Found', message: `Cannot ${method} ${path}`, code: 'no_route' });
    const result = typeof handler === 'function' ? (handler as (c: RecordedCall) => unknown)(call) : handler;
    if (result instanceof Reply) return fakeResponse(result.status, result.body);
    return fakeResponse(method === 'POST' ? 201 : 200, result);
  });
  (globalThis as unknown as { fetch: unknown }).fetch = fetchMock;
  return { calls, fetchMock, find: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

export const users = {
  supervisor: { id: 3, email: 'sup@x.test', name: 'Wang Fang', role: 'supervisor', agentId: null, teamIds: [1], locale: null },
  agent: { id: 7, email: 'agent@x.test', name: 'Li Na', role: 'agent', agentId: 11, teamIds: [], locale: null },
  admin: { id: 1, email: 'admin@x.test', name: 'Admin', role: 'admin', agentId: null, teamIds: [], locale: null },
  hr: { id: 2, email: 'hr@x.test', name: 'HR', role: 'hr', agentId: null, teamIds: [], locale: null },
} satisfies Record<string, SessionUser>;

export const settings: Settings = {
  timezone: 'Asia/Shanghai',
  serviceLevelSeconds: 30,
  serviceLevelByChannel: {},
  shortAbandonSeconds: 0,
  fcrMethod: 'flag',
  fcrWindowDays: 7,
  minSample: { calls: 20, surveys: 10, nps: 30, qa: 4 },
  disputeWindowDays: 14,
  targets: { org: { fcr: { target: 0.85, tolerance: 0.02 } }, teams: {} },
  reviewRules: {},
  complaintDeadlines: DEFAULT_COMPLAINT_DEADLINES,
  dataVersion: 1,
  updatedAt: '2026-11-01T00:00:00Z',
};
