import { Logger } from '@nestjs/common';
import { SerialWorkQueue } from './serial-work-queue';

describe('SerialWorkQueue', () => {
  const logger = new Logger('test');
  beforeEach(() => jest.spyOn(logger, 'warn').mockImplementation(() => undefined));

  it('runs the jobs in order', async () => {
    const done: number[] = [];
    const q = new SerialWorkQueue<number>(async (n) => void done.push(n), logger, String);
    for (const n of [1, 2, 3]) q.push(n);
    await q.idle();
    expect(done).toEqual([1, 2, 3]);
    await q.stop(0);
  });

  it('keeps at most its bound waiting while the work is stuck, leaves the rest to the sweeper and warns once', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const done: number[] = [];
    const q = new SerialWorkQueue<number>(
      async (n) => {
        await stuck;
        done.push(n);
      },
      logger,
      (n) => `job ${n}`,
      100,
    );
    for (let n = 0; n < 5_000; n++) q.push(n);
    // The first job is running (waiting for `stuck`), the next 100 wait, the other 4,899 were not kept.
    expect(q.waiting).toBeLessThanOrEqual(100);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    release();
    await q.idle();
    expect(done.length).toBeLessThanOrEqual(101);
    expect(done.slice(0, 3)).toEqual([0, 1, 2]);
    // Once it has caught up, new jobs are queued again.
    q.push(9_999);
    await q.idle();
    expect(done[done.length - 1]).toBe(9_999);
    await q.stop(0);
  });
});
