/**
 * Spaces calls so that at most `perSecond` start in any second (WeChat Pay allows 100 requests/s per
 * merchant for transfer bills). Per process; with several instances, give each a share.
 */
export class RateLimiter {
  private next = 0;
  private readonly gapMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.gapMs = 1000 / perSecond;
  }

  /** Resolves when the caller may start its request. */
  async acquire(): Promise<void> {
    const t = this.now();
    const slot = Math.max(t, this.next);
    this.next = slot + this.gapMs;
    const wait = slot - t;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}
