/**
 * Answers kept for repeated reads, bounded twice: by count, and by their size in figures
 * (rows × metrics), because one agent × month answer over a year holds ~250,000 figures
 * (~80 MB with its JSON) while a team summary holds a few dozen. Oldest answers go first.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, { value: T; figures: number }>();
  private figures = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxFigures: number,
  ) {}

  get(key: string): T | undefined {
    return this.entries.get(key)?.value;
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

  clear(): void {
    this.entries.clear();
    this.figures = 0;
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
