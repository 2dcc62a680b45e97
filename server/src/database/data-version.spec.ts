import type { DataSource } from 'typeorm';
import { DataVersion } from './data-version';

/** A MariaDB data source whose version reads answer only when the test says so, with the version the test sets. */
function fakeMariadb() {
  const reads: ((err: Error | null, rows: { s: unknown; v: unknown }[]) => void)[] = [];
  const statements: string[] = [];
  const db = {
    options: { type: 'mysql' },
    logger: { logQuery: () => undefined, logQueryError: () => undefined },
    driver: {
      pool: {
        query: (sql: string, done: (typeof reads)[number]) => {
          statements.push(sql);
          reads.push(done);
        },
      },
    },
  } as unknown as DataSource;
  return {
    sut: new DataVersion(db),
    reads,
    statements,
    answer: (v: number) => reads.shift()!(null, [{ s: 0, v }]),
    /** Scope 0 has moved to `v`: the read of scope 0 alone, then the sum it starts. */
    answerMoved: (v: number) => {
      reads.shift()!(null, [{ s: undefined, v }]);
      reads.shift()!(null, [{ s: 0, v }]);
    },
    answerScopes: (sums: Record<number, string>) =>
      reads.shift()!(
        null,
        Object.entries(sums).map(([s, v]) => ({ s, v })),
      ),
  };
}

/** Settles what the resolved reads let settle. */
const settled = () => new Promise((r) => setImmediate(r));

describe('DataVersion on MariaDB', () => {
  it('a request that arrives while a version read runs waits for a read started after it arrived', async () => {
    const { sut, reads, answer, answerMoved } = fakeMariadb();
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
    answerMoved(2);
    await settled();
    expect(got).toEqual(['m1', 'm2']);
  });

  it('requests that arrive during one read share the next: one round trip for many requests', async () => {
    const { sut, reads, answer, answerMoved } = fakeMariadb();
    const first = sut.current();
    const during = Array.from({ length: 20 }, () => sut.current());
    answer(7);
    expect(await first).toBe('m7');
    expect(reads).toHaveLength(1);
    answerMoved(8);
    expect(await Promise.all(during)).toEqual(Array(20).fill('m8'));
    expect(reads).toHaveLength(0); // no request left waiting: no read running
    const later = sut.current();
    expect(reads).toHaveLength(1);
    answerMoved(9);
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

  it('requests for different scopes share one read, each answered with the sums of its own scopes', async () => {
    const { sut, reads, statements, answerScopes } = fakeMariadb();
    const first = sut.current([1000]);
    const mine = sut.current([1007, 701]);
    const board = sut.current([68, 700, 701]);
    const anyWrite = sut.current();
    answerScopes({ 1000: '1' });
    expect(await first).toBe('m1');
    expect(reads).toHaveLength(1);
    expect(statements[1]).toBe('SELECT scope AS s, SUM(n) AS v FROM read_scopes WHERE scope IN (0, 1007, 701, 68, 700) GROUP BY scope');
    answerScopes({ 0: '50', 68: '3', 700: '4', 701: '5', 1007: '6' });
    expect(await Promise.all([mine, board, anyWrite])).toEqual(['m6.5', 'm3.4.5', 'm50']);
  });

  it('a scope the read found no rows of has no version: its answer is not kept', async () => {
    const { sut, answerScopes } = fakeMariadb();
    const unknown = sut.current([99999, 701]);
    answerScopes({ 701: '5' });
    expect(await unknown).toBeNull();
  });

  const PROBE = 'SELECT SUM(n) AS v FROM read_scopes WHERE scope = 0';

  it('with nothing written since the last read, the next reads scope 0 alone and answers with the sums last read', async () => {
    const { sut, reads, statements, answerScopes } = fakeMariadb();
    const first = sut.current([68, 700]);
    answerScopes({ 0: '5', 68: '3', 700: '4' });
    expect(await first).toBe('m3.4');
    const again = sut.current([700, 68]);
    expect(statements[1]).toBe(PROBE);
    reads.shift()!(null, [{ s: undefined, v: '5' }]);
    expect(await again).toBe('m4.3');
    expect(reads).toHaveLength(0);
  });

  it('after a write scope 0 has moved: the batch’s scopes are summed again, and the next reads compare with the new sum', async () => {
    const { sut, reads, statements, answerScopes } = fakeMariadb();
    const first = sut.current([68, 700]);
    answerScopes({ 0: '5', 68: '3', 700: '4' });
    await first;
    const afterWrite = sut.current([68]);
    const arriving = sut.current([68]); // arrives while the read runs: waits for the next one
    reads.shift()!(null, [{ s: undefined, v: '6' }]);
    expect(statements[2]).toBe('SELECT scope AS s, SUM(n) AS v FROM read_scopes WHERE scope IN (0, 68) GROUP BY scope');
    answerScopes({ 0: '6', 68: '7' });
    expect(await afterWrite).toBe('m7');
    expect(statements[3]).toBe(PROBE);
    reads.shift()!(null, [{ s: undefined, v: '6' }]);
    expect(await arriving).toBe('m7');
    // 700 was read at scope 0's 5, not 6: it is summed again, not answered from the older sums.
    const older = sut.current([700]);
    expect(statements[4]).toBe('SELECT scope AS s, SUM(n) AS v FROM read_scopes WHERE scope IN (0, 700) GROUP BY scope');
    answerScopes({ 0: '6', 700: '4' });
    expect(await older).toBe('m4');
    expect(reads).toHaveLength(0);
  });

  it('a scope not read before is summed at once; its sum joins those kept when scope 0 has not moved', async () => {
    const { sut, reads, statements, answerScopes } = fakeMariadb();
    const board = sut.current([68, 700]);
    answerScopes({ 0: '5', 68: '3', 700: '4' });
    await board;
    const mine = sut.current([1007]);
    expect(statements[1]).toBe('SELECT scope AS s, SUM(n) AS v FROM read_scopes WHERE scope IN (0, 1007) GROUP BY scope');
    answerScopes({ 0: '5', 1007: '9' });
    expect(await mine).toBe('m9');
    const both = sut.current([68, 700, 1007]);
    expect(statements[2]).toBe(PROBE);
    reads.shift()!(null, [{ s: undefined, v: '5' }]);
    expect(await both).toBe('m3.4.9');
  });

  it('a failed sum after a moved scope 0 fails its requests; the sums known before are still compared against', async () => {
    const { sut, reads, statements, answerScopes } = fakeMariadb();
    const first = sut.current([68]);
    answerScopes({ 0: '5', 68: '3' });
    await first;
    const failing = sut.current([68]);
    reads.shift()!(null, [{ s: undefined, v: '8' }]);
    reads.shift()!(new Error('connection lost'), []);
    await expect(failing).rejects.toThrow('connection lost');
    const next = sut.current([68]);
    expect(statements[3]).toBe(PROBE);
    reads.shift()!(null, [{ s: undefined, v: '8' }]);
    answerScopes({ 0: '8', 68: '4' });
    expect(await next).toBe('m4');
  });
});
