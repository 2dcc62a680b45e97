import { ThrottlerStorageService } from '@nestjs/throttler';
import { RateLimitStorage } from './rate-limit-storage';

/** A small deterministic generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('RateLimitStorage (the rate-limit counters without REDIS_URL)', () => {
  afterEach(() => jest.useRealTimers());

  it.each([
    ['with a block duration (the app: blocked for a minute after the limit)', 60_000],
    ['without a block duration', 0],
  ])('answers every request as @nestjs/throttler’s own store does, %s', async (_name, blockDuration) => {
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 7, 8, 0) });
    const ours = new RateLimitStorage();
    const library = new ThrottlerStorageService();
    const next = random(blockDuration + 7);
    const clients = ['a', 'b', 'c'];
    let refused = 0;
    try {
      for (let i = 0; i < 4_000; i++) {
        // Bursts, pauses shorter and longer than the window, several clients.
        const pause = next() < 0.02 ? Math.floor(next() * 90_000) : Math.floor(next() * 400);
        jest.advanceTimersByTime(pause);
        const key = clients[Math.floor(next() * clients.length)];
        const expected = await library.increment(key, 60_000, 50, blockDuration, 'sensitive');
        const actual = await ours.increment(key, 60_000, 50, blockDuration, 'sensitive');
        expect({ i, ...actual }).toEqual({ i, ...expected });
        if (actual.isBlocked) refused++;
      }
      expect(refused).toBeGreaterThan(100);
    } finally {
      ours.onApplicationShutdown();
      library.onApplicationShutdown();
    }
  });

  it('refuses the request past the limit with the seconds to wait, then lets the client in once the block is over', async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 7, 8, 0) });
    const store = new RateLimitStorage();
    try {
      for (let i = 1; i <= 3; i++)
        expect(await store.increment('ip', 60_000, 3, 60_000, 'sensitive')).toMatchObject({ totalHits: i, isBlocked: false });
      jest.advanceTimersByTime(20_000);
      expect(await store.increment('ip', 60_000, 3, 60_000, 'sensitive')).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
      jest.advanceTimersByTime(30_500);
      expect(await store.increment('ip', 60_000, 3, 60_000, 'sensitive')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
      expect(await store.increment('other', 60_000, 3, 60_000, 'sensitive')).toMatchObject({ totalHits: 1, isBlocked: false });
      jest.advanceTimersByTime(30_000);
      expect(await store.increment('ip', 60_000, 3, 60_000, 'sensitive')).toMatchObject({ totalHits: 1, isBlocked: false });
    } finally {
      store.onApplicationShutdown();
    }
  });
});
