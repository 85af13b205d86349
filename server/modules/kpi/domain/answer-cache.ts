/**
 * Answers kept for repeated reads, bounded twice: by count, and by their size in figures
 * (rows × metrics), because one agent × month answer over a year holds ~250,000 figures
 * (~80 MB with its JSON) while a team summary holds a few dozen. Oldest answers go first.
 *
 * `getOrCreate` builds an answer once however many callers ask for it at the same time: fifty
 * dashboards asking the same query when the cache has just been emptied (a new data version,
 * a new minute) wait for one computation instead of running fifty.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, { value: T; figures: number }>();
  /** Answers being built, by key: callers who miss while one is built share it. */
  private readonly pending = new Map<string, Promise<T>>();
  private figures = 0;
  /** Bumped by clear(): an answer started before a clear is not kept after it. */
  private generation = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxFigures: number,
  ) {}

  get(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  /** The kept answer, the one being built, or a new one from `create` (kept when it fits; a failure is not kept). */
  getOrCreate(key: string, create: () => Promise<T>, figuresOf: (value: T) => number): Promise<T> {
    const kept = this.entries.get(key);
    if (kept) return Promise.resolve(kept.value);
    let building = this.pending.get(key);
    if (!building) {
      const generation = this.generation;
      building = create().then(
        (value) => {
          if (this.pending.get(key) === building) this.pending.delete(key);
          if (generation === this.generation) this.set(key, value, figuresOf(value));
          return value;
        },
        (err: unknown) => {
          if (this.pending.get(key) === building) this.pending.delete(key);
          throw err;
        },
      );
      this.pending.set(key, building);
    }
    return building;
  }

  /** Keeps `value` unless it alone exceeds the figure budget; evicts the oldest answers to make room. */
  set(key: string, value: T, figures: number): void {
    this.delete(key);
    if (figures > this.maxFigures) return;
    while (this.entries.size >= this.maxEntries || this.figures + figures > this.maxFigures) {
      this.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, { value, figures });
    this.figures += figures;
  }

  /** Drops every answer, and forgets those being built (their callers still get them; they are not kept). */
  clear(): void {
    this.entries.clear();
    this.pending.clear();
    this.figures = 0;
    this.generation++;
  }

  get size(): number {
    return this.entries.size;
  }

  get figureCount(): number {
    return this.figures;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.figures -= entry.figures;
  }
}
