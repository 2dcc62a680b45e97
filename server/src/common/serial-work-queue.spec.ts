import { Logger } from '@nestjs/common';
import { SerialBatchQueue, SerialWorkQueue } from './serial-work-queue';

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

  it('a batch queue hands over the jobs waiting together, up to its batch size, in order', async () => {
    const batches: number[][] = [];
    const q = new SerialBatchQueue<number>(async (jobs) => void batches.push(jobs), logger, String, 3);
    // Pushed together (the loop takes them on its next turn): three at a time.
    for (let n = 1; n <= 8; n++) q.push(n);
    await q.idle();
    q.push(9);
    await q.idle();
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7, 8], [9]]);
    await q.stop(0);
  });

  it('a failed batch is left to the sweeper with one warning naming it, and the queue goes on', async () => {
    const batches: number[][] = [];
    const q = new SerialBatchQueue<number>(
      async (jobs) => {
        batches.push(jobs);
        if (jobs.includes(2)) throw new Error('database down');
      },
      logger,
      (n) => `job ${n}`,
      5,
    );
    q.push(1);
    q.push(2);
    q.push(3);
    await q.idle();
    q.push(4);
    await q.idle();
    expect(batches).toEqual([[1, 2, 3], [4]]);
    expect(logger.warn).toHaveBeenLastCalledWith('job 1 and 2 more left to the sweeper: database down');
    await q.stop(0);
  });

  it('says whether it took a job, and hands back the jobs a stopped loop left', async () => {
    const ran: number[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const q = new SerialBatchQueue<number>(
      async (jobs) => {
        ran.push(...jobs);
        await held;
      },
      logger,
      String,
      1,
      2,
    );
    expect(q.push(1)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect([q.push(2), q.push(3), q.push(4)]).toEqual([true, true, false]);
    // Stopped while job 1 runs: the loop ends after it, and 2 and 3 are the caller's.
    await q.stop(0);
    release();
    await new Promise((r) => setImmediate(r));
    expect(q.push(5)).toBe(false);
    expect(q.takeWaiting()).toEqual([2, 3]);
    expect(ran).toEqual([1]);
  });
});
