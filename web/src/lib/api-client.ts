/** The one HTTP client of the dashboard: cookie session, the CSRF header, typed errors. */
export class ApiError extends Error {
  /** The server's stable error key (docs/api.md "Errors": `not_found`, `forbidden_scope`, …); '' when the answer had none. */
  readonly code: string;

  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    const code = (body as { code?: unknown } | undefined)?.code;
    this.code = typeof code === 'string' ? code : '';
  }
}

/** The error's stable code when it is an answer of the API: components branch on it, never on the words. */
export function errorCode(error: unknown): string {
  return error instanceof ApiError ? error.code : '';
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener = () => undefined;

/** The session layer registers here so that any 401 sends the user back to the login page. */
export function setUnauthorizedHandler(listener: UnauthorizedListener): void {
  onUnauthorized = listener;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, params?: QueryParams): string {
  if (!params) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

/** Every request carries `X-Requested-With`: the server refuses cookie-authenticated writes without it. */
export const BASE_HEADERS = { 'X-Requested-With': 'callscope', Accept: 'application/json' } as const;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  params?: QueryParams;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...BASE_HEADERS };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(withQuery(`/api${path}`, options.params), {
    method: options.method ?? 'GET',
    headers,
    body,
    credentials: 'same-origin',
    signal: options.signal,
  });
  if (!res.ok) throw await toApiError(res, path);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function toApiError(res: Response, path: string): Promise<ApiError> {
  let body: unknown;
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    body = await res.json();
    const m = (body as { message?: unknown }).message;
    if (typeof m === 'string') message = m;
    else if (Array.isArray(m)) message = m.join('; ');
  } catch {
    // not JSON: keep the status text
  }
  if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthorized();
  return new ApiError(res.status, message, body);
}

/** Downloads a file answer (xlsx, csv) through the session and hands it to the browser. */
export async function downloadFile(path: string, params?: QueryParams): Promise<string> {
  const res = await fetch(withQuery(`/api${path}`, params), { headers: BASE_HEADERS, credentials: 'same-origin' });
  if (!res.ok) throw await toApiError(res, path);
  const blob = await res.blob();
  const disposition = res.headers.get('Content-Disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1] ?? match[2]) : path.split('/').pop() || 'download';
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
