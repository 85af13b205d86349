/**
 * Bounds an import's lifetime by progress rather than by the clock: a 2 GB file may take many
 * minutes, but it must never sit for long without reading a record or finishing a step. `stalled`
 * rejects once nothing moved for `limitMs`; a probe (bytes read) counts as movement too, and so
 * does `isBusy` (asked only when the limit is reached): one long statement that the database is
 * working on is progress, one waiting for a lock or for us is not.
 */
export class StallWatch {
  readonly stalled: Promise<never>;
  private last = Date.now();
  private stage = 'starting';
  private probeValue: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private fail!: (e: Error) => void;
  fired: StallError | null = null;

  private asking = false;

  constructor(
    private readonly limitMs: number,
    private readonly probe?: () => number,
    private readonly isBusy?: () => Promise<boolean>,
  ) {
    this.stalled = new Promise<never>((_, reject) => (this.fail = reject));
    this.stalled.catch(() => undefined);
  }

  start(): void {
    this.last = Date.now();
    this.timer = setInterval(() => this.check(), Math.max(50, Math.min(1000, this.limitMs / 4)));
    this.timer.unref();
  }

  /** Progress: a record read, a step begun; `stage` names what the import is doing now. */
  touch(stage?: string): void {
    this.last = Date.now();
    if (stage) this.stage = stage;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private check(): void {
    const value = this.probe?.() ?? null;
    if (value !== this.probeValue) {
      this.probeValue = value;
      this.last = Date.now();
      return;
    }
    if (Date.now() - this.last < this.limitMs || this.asking) return;
    if (!this.isBusy) return this.fire();
    this.asking = true;
    this.isBusy().then(
      (busy) => {
        this.asking = false;
        if (!this.timer) return;
        if (busy) this.last = Date.now();
        else this.fire();
      },
      () => {
        this.asking = false;
        if (this.timer) this.fire();
      },
    );
  }

  private fire(): void {
    this.stop();
    this.fired = new StallError(this.limitMs, this.stage);
    this.fail(this.fired);
  }
}

export class StallError extends Error {
  constructor(
    readonly limitMs: number,
    readonly stage: string,
  ) {
    super(`it made no progress for ${formatSeconds(limitMs)} while ${stage} and was stopped (the limit is CALLSCOPE_IMPORT_STALL_SECONDS)`);
  }
}

const formatSeconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
