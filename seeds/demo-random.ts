/**
 * The demo generator's only source of randomness: a seeded mulberry32 stream, so the same
 * seed always yields the same data (no Math.random, no clock).
 */
export class DemoRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median: right-skewed durations such as talk time. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}

/** Index drawn from cumulative weights (ascending, last = total) by binary search. */
export function pickCumulative(cumulative: readonly number[], r: DemoRandom): number {
  const x = r.next() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulate(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}

export const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

/** A 32-bit integer hash, for stable pseudonymous customer ids. */
export function hash32(n: number): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const DAY_MS = 86_400_000;

/**
 * Local calendar arithmetic. A local instant is kept as "milliseconds of the local wall clock
 * read as if it were UTC"; `toTimestamptz` appends the zone's offset. Asia/Shanghai (the
 * demo's zone, and Hong Kong's) has been UTC+8 without daylight saving since 1991.
 */
export const DEMO_UTC_OFFSET = '+08:00';

export function localDayMs(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new Error(`Demo "today" must be a local date YYYY-MM-DD, got "${date}"`);
  }
  return Date.parse(`${date}T00:00:00Z`);
}

export const addDays = (dayMs: number, days: number) => dayMs + days * DAY_MS;
export const toLocalDate = (localMs: number) => new Date(localMs).toISOString().slice(0, 10);

let cachedDay = Number.NaN;
let cachedPrefix = '';
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DDTHH:MM:SS+08:00` (whole seconds); the date part is cached, as rows come day by day. */
export function toTimestamptz(localMs: number): string {
  const day = Math.floor(localMs / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const s = Math.floor((localMs - day * DAY_MS) / 1000);
  return `${cachedPrefix}${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}${DEMO_UTC_OFFSET}`;
}
export { DAY_MS };
