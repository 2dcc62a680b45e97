import { type ConnectionPool, PoolWait } from './pool-wait';

/** A pool that hands out a connection only when the test says so. */
function fakePool() {
  const waiting: ((err: unknown, connection?: unknown) => void)[] = [];
  const pool: ConnectionPool = { getConnection: (cb) => void waiting.push(cb) };
  return { pool, grant: () => waiting.shift()!(null, {}) };
}

describe('PoolWait', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => (now = 1_000));

  it('reports the age of the oldest query still waiting for a connection', () => {
    const { pool, grant } = fakePool();
    const wait = new PoolWait(pool, 500, clock);
    expect(wait.waitMs()).toBe(0);
    pool.getConnection(() => undefined);
    now += 100;
    pool.getConnection(() => undefined);
    now += 150;
    expect(wait.waitMs()).toBe(250);
    grant();
    expect(wait.waitMs()).toBe(250); // the finished 250 ms wait counts for the rest of the window
  });

  it('keeps a finished wait until the end of the next window, then forgets it', () => {
    const { pool, grant } = fakePool();
    const wait = new PoolWait(pool, 500, clock);
    const got: unknown[] = [];
    pool.getConnection((err, c) => got.push(c));
    now += 300;
    grant();
    expect(got).toHaveLength(1); // the caller still gets its connection
    expect(wait.waitMs()).toBe(300);
    now += 400; // next window
    expect(wait.waitMs()).toBe(300);
    now += 500; // the window after
    expect(wait.waitMs()).toBe(0);
  });

  it('forgets finished waits on renew, but not the ones still open', () => {
    const { pool, grant } = fakePool();
    const wait = new PoolWait(pool, 500, clock);
    pool.getConnection(() => undefined);
    pool.getConnection(() => undefined);
    now += 200;
    grant();
    wait.renew();
    now += 10;
    expect(wait.waitMs()).toBe(210);
    grant();
    wait.renew();
    expect(wait.waitMs()).toBe(0);
  });
});
