import { StallError, StallWatch } from '../../../server/modules/ingest/stall-watch';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('StallWatch (limit 200 ms)', () => {
  it('fails once nothing moved for the limit, naming where the import stood', async () => {
    const watch = new StallWatch(200);
    watch.start();
    watch.touch('reading the file');
    const t0 = Date.now();
    await expect(watch.stalled).rejects.toThrow(StallError);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(watch.fired?.message).toBe('it made no progress for 0.2 s while reading the file and was stopped (the limit is CALLSCOPE_IMPORT_STALL_SECONDS)');
  });

  it('counts touches and a moving probe as progress', async () => {
    let bytes = 0;
    const watch = new StallWatch(200, () => bytes);
    watch.start();
    for (let i = 0; i < 8; i++) {
      await sleep(60);
      if (i % 2) watch.touch();
      else bytes += 10;
    }
    expect(watch.fired).toBeNull();
    watch.stop();
  });

  it('asks isBusy at the limit: a working database is progress, a waiting one is not', async () => {
    let busy = true;
    let asked = 0;
    const watch = new StallWatch(200, undefined, async () => {
      asked++;
      return busy;
    });
    watch.start();
    await sleep(500);
    expect(watch.fired).toBeNull();
    expect(asked).toBeGreaterThanOrEqual(1);
    busy = false;
    await expect(watch.stalled).rejects.toThrow(/no progress/);
  });
});
