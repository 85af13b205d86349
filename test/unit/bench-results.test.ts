import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTable, resultOf, summarise } from '../../bench/harness';
import { REQUIRED_FIELDS, validateResults, writeResults } from '../../bench/results';

// A tiny run of the writer: two cases with hand-picked samples (no timing is asserted).
function writeSample(dir: string): unknown {
  const path = join(dir, 'results.json');
  const kpi = resultOf('kpi: org x day, month (service, uncached)', 'ms', summarise([4, 2, 3, 5, 1]), { baseline: 300, target: 'p95 < 50 ms, >= 30x raw', pass: true });
  const info = resultOf('rollup: full rebuild', 'ms', summarise([10, 20]), { target: 'info', pass: null });
  writeResults(path, { mode: 'quick', startedAt: '2026-11-22T00:00:00.000Z', machine: { cpus: 2, cpuModel: 'test', memoryGb: 1, node: 'v20', postgres: '18' }, results: [kpi, info] });
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('bench/results.json', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-results-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is an array of entries carrying every field issue 9 names', () => {
    const data = writeSample(dir) as Record<string, unknown>[];
    expect(Array.isArray(data)).toBe(true);
    expect(data).toHaveLength(2);
    for (const entry of data) for (const f of REQUIRED_FIELDS) expect(entry).toHaveProperty(f);
    expect(validateResults(data)).toEqual([]);
  });

  it('holds the summary of the samples and the ratio baseline / median', () => {
    const [kpi, info] = writeSample(dir) as Record<string, unknown>[];
    // samples 1..5: median 3, p95 the largest (5); ratio 300 / 3 = 100
    expect(kpi).toMatchObject({ unit: 'ms', median: 3, p95: 5, min: 1, max: 5, baseline: 300, ratio: 100, pass: true });
    // two samples: median (10 + 20) / 2 = 15; no baseline, so no ratio; no target: pass null
    expect(info).toMatchObject({ median: 15, p95: 20, baseline: null, ratio: null, pass: null });
  });

  it('keeps the run context out of the array, in results.meta.json', () => {
    writeSample(dir);
    const meta = JSON.parse(readFileSync(join(dir, 'results.meta.json'), 'utf8'));
    expect(meta).toMatchObject({ mode: 'quick', machine: { cpus: 2 } });
  });

  it.each([
    ['not an array', { case: 'x' }, 'results.json must be an array'],
    ['empty', [], 'results.json holds no results'],
    ['a missing field', [{ case: 'a', unit: 'ms', median: 1, p95: 1, baseline: null, ratio: null, target: 't' }], '[0] lacks "pass"'],
    ['a string median', [{ case: 'a', unit: 'ms', median: '1', p95: 1, baseline: null, ratio: null, target: 't', pass: null }], '[0].median must be a finite number'],
    ['a ratio without baseline', [{ case: 'a', unit: 'ms', median: 1, p95: 1, baseline: null, ratio: 2, target: 't', pass: true }], '[0] has a ratio without a baseline'],
    ['a pass that is a word', [{ case: 'a', unit: 'ms', median: 1, p95: 1, baseline: null, ratio: null, target: 't', pass: 'yes' }], '[0].pass must be true, false or null (no target)'],
  ])('rejects %s', (_label, data, problem) => {
    expect(validateResults(data)).toContain(problem);
  });

  it('rejects the same case twice', () => {
    const e = { case: 'a', unit: 'ms', median: 1, p95: 1, baseline: null, ratio: null, target: 't', pass: null };
    expect(validateResults([e, e])).toContain('duplicate cases: a');
  });

  it('prints one table line per case with pass, fail or info', () => {
    const t = summarise([1, 2, 3, 4, 5]);
    const table = renderTable([
      resultOf('a', 'ms', t, { target: 'x', pass: true }),
      resultOf('b', 'ms', t, { target: 'x', pass: false }),
      resultOf('c', 'ms', t, { target: 'info', pass: null }),
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/case.*median.*p95.*min-max.*baseline.*ratio.*target.*pass/);
    expect(lines[2]).toContain('PASS');
    expect(lines[3]).toContain('FAIL');
    expect(lines[4]).toContain('info');
  });
});
