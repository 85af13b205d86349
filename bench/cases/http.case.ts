import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { BenchServer } from '../bench-database';
import { freePort } from '../../server/config/embedded-postgres';
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
  setupClient?: (client: { pipelinedRequests: { addBody(data: Buffer): void } }) => void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannonRun = require('autocannon') as (o: CannonOptions) => Promise<CannonResult>;

/**
 * autocannon with its per-response body string turned off. Its client appends every body chunk
 * to a JavaScript string (`req.body += data`: the compressed bytes decoded as UTF-8) to offer it
 * to body checks this benchmark does not use; at 577 KB a response that decoding is the load
 * generator's main cost, on the server's cores. Bytes are still counted as the socket
 * delivers them and every response is still parsed to its end.
 */
function autocannon(o: CannonOptions): Promise<CannonResult> {
  return autocannonRun({ ...o, setupClient: (client) => (client.pipelinedRequests.addBody = () => undefined) });
}

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

/** The response to `url` exactly as the server sent it: status, the headers a client needs, the body's bytes (still compressed). */
function rawResponse(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const keep = ['content-type', 'content-encoding', 'etag', 'vary', 'cache-control'];
        const h: Record<string, string> = {};
        for (const k of keep) if (typeof res.headers[k] === 'string') h[k] = res.headers[k] as string;
        if (res.statusCode !== 200) return reject(new Error(`${url} answered ${res.statusCode}`));
        resolve({ headers: h, body: Buffer.concat(chunks) });
      });
    })
      .on('error', reject)
      .end();
  });
}

/**
 * A bare `node:http` process that answers every request with the same stored response and does
 * nothing else: what the load generator reaches on this machine for a body of that size, the
 * ceiling any server's figures here are read against.
 */
async function startBareServer(dataDir: string, response: { headers: Record<string, string>; body: Buffer }): Promise<{ url: string; stop(): void }> {
  const file = join(dataDir, 'http-bare-body.bin');
  writeFileSync(file, response.body);
  const port = await freePort();
  const script = `
    const body = require('node:fs').readFileSync(process.argv[1]);
    const headers = { ...JSON.parse(process.argv[2]), 'content-length': body.length };
    require('node:http').createServer((req, res) => { res.writeHead(200, headers); res.end(body); })
      .listen(Number(process.argv[3]), '127.0.0.1', () => process.stdout.write('ready'));`;
  const child = spawn(process.execPath, ['-e', script, file, JSON.stringify(response.headers), String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

/**
 * HTTP: autocannon (50 connections) against the spawned server on the KPI set, with a bearer
 * token; cached = one query repeated, uncached = a cycle of distinct queries so no answer is
 * served from the cache. The load generator, the server and PostgreSQL share the 2 cores.
 */
export async function httpCases(server: BenchServer, set: KpiDataSet, sizes: BenchSizes, dataDir: string): Promise<BenchResult[]> {
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
      // The ceiling first: the same stored bytes from a server that does nothing else, same connections and duration.
      const bare = await startBareServer(dataDir, await rawResponse(`${app.baseUrl}${ep.path(-1)}`, headers));
      let ceiling: CannonResult;
      try {
        await autocannon({ url: bare.url, connections: sizes.httpConnections, duration: 2, headers });
        ceiling = await autocannon({ url: bare.url, connections: sizes.httpConnections, duration: sizes.httpSeconds, headers });
      } finally {
        bare.stop();
      }
      log(`http ${ep.name} ceiling (bare node:http, same bytes): ${ceiling.requests.average.toFixed(0)} req/s, p50 ${ceiling.latency.p50} ms, p99 ${ceiling.latency.p99} ms`);
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
      const cached = results.cached;
      out.push({
        case: `http: ${ep.name} (ceiling: bare node:http, same bytes)`,
        unit: 'ms',
        median: ceiling.latency.p50,
        p95: ceiling.latency.p97_5,
        min: ceiling.latency.min,
        max: ceiling.latency.max,
        baseline: cached.latency.p99,
        ratio: cached.latency.p99 / Math.max(ceiling.latency.p99, 0.5),
        target: 'info',
        pass: null,
        note: `a process answering every request with the cached answer's stored bytes (${kb(bytesPerResponse(ceiling))} on the wire per response) and doing nothing else, under the same load generator: ${Math.round(ceiling.requests.average).toLocaleString('en-US')} req/s, p99 ${ceiling.latency.p99} ms; baseline = Callscope's cached p99, ratio = Callscope p99 / ceiling p99`,
        extra: { rps: Math.round(ceiling.requests.average), p50: ceiling.latency.p50, p99: ceiling.latency.p99, errors: ceiling.errors + ceiling.timeouts + ceiling.non2xx, bytesPerResponse: Math.round(bytesPerResponse(ceiling)) },
      });
    }
  } finally {
    await app.stop();
  }
  return out;
}
