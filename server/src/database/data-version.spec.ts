import type { DataSource } from 'typeorm';
import { DataVersion } from './data-version';

/** A MariaDB data source whose version reads answer only when the test says so, with the version the test sets. */
function fakeMariadb() {
  const reads: ((err: Error | null, rows: { v: unknown }[]) => void)[] = [];
  const db = {
    options: { type: 'mysql' },
    logger: { logQuery: () => undefined, logQueryError: () => undefined },
    driver: { pool: { query: (_sql: string, done: (typeof reads)[number]) => void reads.push(done) } },
  } as unknown as DataSource;
  return { sut: new DataVersion(db), reads, answer: (v: number) => reads.shift()!(null, [{ v }]) };
}

/** Settles what the resolved reads let settle. */
const settled = () => new Promise((r) => setImmediate(r));

describe('DataVersion on MariaDB', () => {
  it('a request that arrives while a version read runs waits for a read started after it arrived', async () => {
    const { sut, reads, answer } = fakeMariadb();
    const got: (string | null)[] = [];
    void sut.current().then((v) => got.push(v));
    expect(reads).toHaveLength(1);
    // Arrives while the first read is on the wire: a write committed just before may be missing from that read.
    void sut.current().then((v) => got.push(v));
    expect(reads).toHaveLength(1);
    answer(1);
    await settled();
    expect(got).toEqual(['m1']);
    expect(reads).toHaveLength(1); // the second request's own read, started when the first ended
    answer(2);
    await settled();
    expect(got).toEqual(['m1', 'm2']);
  });

  it('requests that arrive during one read share the next: one round trip for many requests', async () => {
    const { sut, reads, answer } = fakeMariadb();
    const first = sut.current();
    const during = Array.from({ length: 20 }, () => sut.current());
    answer(7);
    expect(await first).toBe('m7');
    expect(reads).toHaveLength(1);
    answer(8);
    expect(await Promise.all(during)).toEqual(Array(20).fill('m8'));
    expect(reads).toHaveLength(0); // no request left waiting: no read running
    const later = sut.current();
    expect(reads).toHaveLength(1);
    answer(9);
    expect(await later).toBe('m9');
  });

  it('a failed read fails the requests it serves, and the next request reads again', async () => {
    const { sut, reads, answer } = fakeMariadb();
    const failing = sut.current();
    reads.shift()!(new Error('connection lost'), []);
    await expect(failing).rejects.toThrow('connection lost');
    const next = sut.current();
    answer(3);
    expect(await next).toBe('m3');
  });
});
