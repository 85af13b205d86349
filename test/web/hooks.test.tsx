import { importJob } from './support/fixtures';
import type { KpiSummary } from '../../web/src/features/kpi-dashboard/api/kpi-types';
import { QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createImport } from '../../web/src/features/imports/api/create-import';
import { useImport } from '../../web/src/features/imports/api/get-import';
import { useCreateCoachingNote } from '../../web/src/features/coaching/api/create-coaching-note';
import { useKpiSummary } from '../../web/src/features/kpi-dashboard/api/get-kpi-summary';
import { kpiKeys, reviewKeys } from '../../web/src/lib/query-keys';
import { apiError, mockApi } from './support/mock-api';
import { testQueryClient } from './support/render';

function wrapper(client = testQueryClient()) {
  const Wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
  return { client, Wrapper };
}

describe('KPI hooks', () => {
  it('asks for the summary of exactly the filters, and keys the cache by them', async () => {
    const summary: KpiSummary = { from: '2026-11-09', to: '2026-11-15', timezone: 'Asia/Shanghai', previous: { from: '2026-11-02', to: '2026-11-08' }, metrics: { fcr: { value: 0.86, num: 86, den: 100, n: 100, lowSample: false, target: 0.85, status: 'green', previous: 0.8, delta: 0.06 } } };
    const api = mockApi({ 'GET /api/kpis/summary': summary });
    const { client, Wrapper } = wrapper();
    const params = { from: '2026-11-09', to: '2026-11-15', teamId: 3 };
    const { result } = renderHook(() => useKpiSummary(params), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.metrics.fcr?.delta).toBe(0.06);
    const call = api.find('GET', '/api/kpis/summary')[0];
    expect(Object.fromEntries(call.query)).toEqual({ from: '2026-11-09', to: '2026-11-15', teamId: '3' });
    expect(call.headers['X-Requested-With']).toBe('callscope');
    expect(client.getQueryData(kpiKeys.summary(params))).toEqual(summary);
  });

  it('reports a server error message, not a crash', async () => {
    mockApi({ 'GET /api/kpis/summary': apiError(400, 'invalid_field', 'to: must be on or after from') });
    const { Wrapper } = wrapper();
    const { result } = renderHook(() => useKpiSummary({ from: '2026-11-15', to: '2026-11-09' }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error?.message).toBe('to: must be on or after from');
  });
});

describe('coaching note mutation', () => {
  it('posts the note and refreshes the weekly review', async () => {
    const api = mockApi({ 'POST /api/coaching-notes': { id: 5, agent: { id: 9, code: 'GZ1003', name: 'Zhang Lei' }, text: 'AHT', followUpDate: '2026-11-30', evaluationId: null, metric: 'aht', createdAt: '2026-11-23T01:00:00Z' } });
    const { client, Wrapper } = wrapper();
    const reviewKey = reviewKeys.week({ week: '2026-W47', teamId: 1, lang: 'en' });
    client.setQueryData(reviewKey, { stale: false });
    const { result } = renderHook(() => useCreateCoachingNote(), { wrapper: Wrapper });
    await act(() => result.current.mutateAsync({ agentId: 9, text: 'AHT', followUpDate: '2026-11-30', metric: 'aht' }));
    expect(api.find('POST', '/api/coaching-notes')[0].body).toEqual({ agentId: 9, text: 'AHT', followUpDate: '2026-11-30', metric: 'aht' });
    expect(client.getQueryState(reviewKey)?.isInvalidated).toBe(true);
  });
});

/** Just enough XMLHttpRequest to play an upload: progress events, then the answer. */
class FakeXhr {
  static last: FakeXhr;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  statusText = '';
  responseText = '';
  withCredentials = false;
  headers: Record<string, string> = {};
  method = '';
  url = '';
  sent: FormData | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: FormData) {
    this.sent = body;
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

describe('import upload', () => {
  const realXhr = globalThis.XMLHttpRequest;
  beforeEach(() => ((globalThis as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = FakeXhr));
  afterEach(() => ((globalThis as unknown as { XMLHttpRequest: unknown }).XMLHttpRequest = realXhr));

  it('sends the file as multipart with kind, mapping and the CSRF header, reporting upload progress', async () => {
    const progress: number[] = [];
    const file = new File(['id,started_at\n1,2026-11-01 10:00\n'], 'calls.csv', { type: 'text/csv' });
    const done = createImport({ file, kind: 'calls', onError: 'skip', dryRun: false, mapping: { columns: { external_id: 'id' } }, onUploadProgress: (f) => progress.push(f) });
    const xhr = FakeXhr.last;
    expect([xhr.method, xhr.url, xhr.headers['X-Requested-With']]).toEqual(['POST', '/api/imports', 'callscope']);
    expect(xhr.sent!.get('kind')).toBe('calls');
    expect(xhr.sent!.get('onError')).toBe('skip');
    expect(xhr.sent!.get('dryRun')).toBeNull();
    expect(JSON.parse(xhr.sent!.get('mapping') as string)).toEqual({ columns: { external_id: 'id' } });
    expect((xhr.sent!.get('file') as File).name).toBe('calls.csv');
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 25, total: 100 });
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 100, total: 100 });
    xhr.answer(202, { id: 42, status: 'queued' });
    await expect(done).resolves.toEqual({ id: 42, status: 'queued' });
    expect(progress).toEqual([0.25, 1, 1]);
  });

  it('turns a 400 into an error carrying the server message', async () => {
    const done = createImport({ file: new File(['x'], 'x.csv'), kind: 'calls', onError: 'reject', dryRun: true });
    expect(FakeXhr.last.sent!.get('dryRun')).toBe('true');
    FakeXhr.last.answer(400, { statusCode: 400, message: 'mapping: not valid JSON' });
    await expect(done).rejects.toMatchObject({ status: 400, message: 'mapping: not valid JSON' });
  });

  it('polls the job until it has finished', async () => {
    const states = [
      importJob({ id: '42', status: 'running', progress: 0.3 }),
      importJob({ id: '42', status: 'running', progress: 0.8 }),
      importJob({ id: '42', status: 'succeeded', progress: 1 }),
    ];
    const api = mockApi({ 'GET /api/imports/42': () => states.shift() ?? importJob({ id: '42', status: 'succeeded', progress: 1 }) });
    const { Wrapper } = wrapper();
    const { result } = renderHook(() => useImport(42), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.data?.status).toBe('succeeded'), { timeout: 4000 });
    const polls = api.find('GET', '/api/imports/42').length;
    expect(polls).toBe(3);
    await new Promise((r) => setTimeout(r, 700));
    expect(api.find('GET', '/api/imports/42').length).toBe(polls);
  });
});
