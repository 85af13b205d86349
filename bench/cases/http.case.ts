import type { BenchServer } from '../bench-database';
import { BenchResult, log } from '../harness';
import { startServer } from '../server-process';
import { BenchSizes, KPI_RANGES } from '../sizes';
import type { KpiDataSet } from './kpi.case';

// autocannon ships no types; this is the part of its result the benchmark reads.
interface CannonResult {
  requests: { average: number; total: number };
  /** bytes read from the socket (status line, headers and body) */
  throughput: { average: number; total: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number; min: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type CannonRequest = { method?: string; path?: string; headers?: Record<string, string> };
interface CannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: { setupRequest?: (req: CannonRequest) => CannonRequest }[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (o: CannonOptions) => Promise<CannonResult>;

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Endpoint × cached/uncached. Uncached cycles through more distinct queries than the answer cache holds (500). */
function endpoints(): { name: string; path: (i: number) => string; variants: number; p99Target: number }[] {
  const q = KPI_RANGES.quarter;
  // 270 start days × 3 lengths = 810 distinct team × week queries (each still ~a quarter long).
  const kpiPath = (i: number) => {
    const from = addDays('2025-11-17', i % 270);
    return `/api/kpis?groupBy=team&granularity=week&from=${from}&to=${addDays(from, 89 + (Math.floor(i / 270) % 3))}`;
  };
  const summaryPath = (i: number) => {
    const from = addDays('2025-12-17', i % 300);
    return `/api/kpis/summary?from=${from}&to=${addDays(from, 29 + (Math.floor(i / 300) % 2))}`;
  };
  return [
    { name: '/api/kpis team x week, quarter', path: (i) => (i < 0 ? `/api/kpis?groupBy=team&granularity=week&from=${q.from}&to=${q.to}` : kpiPath(i)), variants: 810, p99Target: 150 },
    { name: '/api/kpis/summary, month', path: (i) => (i < 0 ? `/api/kpis/summary?from=${KPI_RANGES.month.from}&to=${KPI_RANGES.month.to}` : summaryPath(i)), variants: 600, p99Target: 100 },
  ];
}

const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
const kb = (bytes: number) => (bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
/** Bytes read per answered request, headers included (autocannon counts what the socket delivered). */
const bytesPerResponse = (r: CannonResult) => r.throughput.total / Math.max(r.requests.total, 1);

/** The answer's encoding when asked like a browser, and its size as plain JSON (asked without Accept-Encoding). */
async function wireSize(url: string, headers: Record<string, string>): Promise<{ encoding: string | null; identityBytes: number }> {
  const { authorization } = headers;
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
  const plain = await fetch(url, { headers: { authorization, 'accept-encoding': 'identity' } });
  return { encoding: res.headers.get('content-encoding'), identityBytes: (await plain.arrayBuffer()).byteLength };
}

/**
 * HTTP: autocannon (50 connections) against the spawned server on the KPI set, with a bearer
 * token; cached = one query repeated, uncached = a cycle of distinct queries so no answer is
 * served from the cache. The load generator, the server and PostgreSQL share the 2 cores.
 */
export async function httpCases(server: BenchServer, set: KpiDataSet, sizes: BenchSizes): Promise<BenchResult[]> {
  void server;
  const app = await startServer(set.url);
  const out: BenchResult[] = [];
  try {
    // What a browser sends: the server picks br (or gzip) and a cached answer is served from its stored compressed bytes.
    const headers = { authorization: `Bearer ${app.token}`, 'accept-encoding': ACCEPT_ENCODING };
    for (const ep of endpoints()) {
      // One cycle for the warm-up and the timed run: restarting it would send the timed run the
      // warm-up's queries first, which the answer cache may still hold.
      let i = 0;
      const run = async (cached: boolean, duration: number) => {
        const requests = cached ? undefined : [{ setupRequest: (req: CannonRequest) => ({ ...req, path: ep.path(i++ % ep.variants) }) }];
        return autocannon({ url: `${app.baseUrl}${ep.path(-1)}`, connections: sizes.httpConnections, duration, headers, requests });
      };
      const body = await wireSize(`${app.baseUrl}${ep.path(-1)}`, headers);
      const results: Record<'cached' | 'uncached', CannonResult> = {} as never;
      for (const mode of ['cached', 'uncached'] as const) {
        await run(mode === 'cached', 2); // warm-up
        results[mode] = await run(mode === 'cached', sizes.httpSeconds);
        const r = results[mode];
        log(`http ${ep.name} ${mode}: ${r.requests.average.toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors + r.timeouts + r.non2xx}`);
      }
      for (const mode of ['cached', 'uncached'] as const) {
        const r = results[mode];
        const errors = r.errors + r.timeouts + r.non2xx;
        const other = results[mode === 'cached' ? 'uncached' : 'cached'];
        out.push({
          case: `http: ${ep.name} (${mode})`,
          unit: 'ms',
          median: r.latency.p50,
          p95: r.latency.p97_5,
          min: r.latency.min,
          max: r.latency.max,
          baseline: mode === 'cached' ? other.latency.p50 : null,
          ratio: mode === 'cached' ? other.latency.p50 / Math.max(r.latency.p50, 0.5) : null,
          target: `p99 < ${ep.p99Target} ms, 0 errors`,
          pass: mode === 'cached' ? r.latency.p99 < ep.p99Target && errors === 0 : null,
          note: `${sizes.httpConnections} connections x ${sizes.httpSeconds} s after a 2 s warm-up, Accept-Encoding: ${ACCEPT_ENCODING}: ${kb(bytesPerResponse(r))} on the wire per response (${body.encoding ?? 'identity'}; the JSON itself ${kb(body.identityBytes)}); ${Math.round(r.requests.average).toLocaleString('en-US')} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${errors} errors (${r.requests.total.toLocaleString('en-US')} requests); p95 column = p97.5${mode === 'cached' ? '; baseline = uncached p50, ratio = uncached p50 / cached p50' : `; ${ep.variants} distinct queries cycled (cache holds 500): info, the target applies with the cache`}`,
          extra: { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors, requests: r.requests.total, bytesPerResponse: Math.round(bytesPerResponse(r)), jsonBytes: body.identityBytes },
        });
      }
    }
  } finally {
    await app.stop();
  }
  return out;
}
