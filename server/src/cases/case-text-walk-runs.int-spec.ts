import type { CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { analyze, cityCaseRow, insertInChunks } from '../testing/bulk-seed';
import { statementRecorder, type Statement } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { catchUpTextIndex, likeReference, wordCaseRow } from '../testing/word-search';
import { CaseQueryService } from './case-query.service';
import {
  CASE_TEXT_BLOCK,
  CASE_TEXT_RUN,
  RUN_BITMAP_BYTES,
  STATUS_BITS,
  countedIdsCondition,
  runBitmap,
  walkedIdsCondition,
} from './case-text-index';
import { CaseTextIndexer } from './case-text-indexer';
import { CASE_LIST_NEWEST_FIRST_INDEX, Case } from './case.entity';
import type { CaseListQueryDto } from './dto/case-list-query.dto';

const STATUSES: CaseStatus[] = ['submitted', 'dispatched', 'in_progress', 'resolved', 'closed'];
const BOARD = 'dispatched,in_progress,resolved,closed';
const ROADS = ['和平路', '东风路', '人民路', '解放路', '建设路'];
const WORD = '路45号';

/**
 * A house number on every road (docs/performance.md "a house number on every road, seventeenth round"): 路45号 in 1
 * case of ~300 of every status, while 路45 (路450号 …) and 45号 (145号 …) are in other cases of many runs. The index may
 * read no status's runs by key here (textScanBlocks 0), so every status walks; its walk reads only the rows of the runs
 * that hold every piece, the tail and the changed cases. Every page is the plain LIKE's and every total exact (or,
 * with the count's rows bounded, a true lower bound), also after edits and status changes not yet indexed.
 */
describe('search box words: a word in 1 case of 300 of every status is walked through its runs', () => {
  let t: TestApp;
  let lists: CaseQueryService;
  let like: ReturnType<typeof likeReference>;
  let indexer: CaseTextIndexer;
  const now = new Date();
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const n = 6 * CASE_TEXT_BLOCK + 100;
  const mysql = () => t.db.options.type === 'mysql' || t.db.options.type === 'mariadb';

  /** Numbers follow the id; 45 only in 1 case of 299, 145 / 245 / 450 … elsewhere, so the word's pieces meet. */
  function address(i: number): string {
    const road = ROADS[i % ROADS.length];
    if (i % 299 === 7) return `${road}45号`;
    const number = (i * 7) % 1000;
    return `${road}${number === 45 ? 46 : number}号`;
  }

  beforeAll(async () => {
    t = await startTestApp();
    lists = t.app.get(CaseQueryService);
    like = likeReference(lists, dispatcher, now);
    indexer = t.app.get(CaseTextIndexer);
    const rows = Array.from({ length: n }, (_, i) => {
      const status = STATUSES[Math.floor(i / 2) % STATUSES.length];
      return wordCaseRow(i, now, status, { description: `井盖破损，位于${address(i)}附近${i % 7}`, address: address(i) });
    });
    await insertInChunks(t, Case, rows);
    await analyze(t, ['cases']);
    await catchUpTextIndex(indexer);
    lists.textScanBlocks = 0;
    // The count judges the words on every case here (exact totals); a test bounds it.
    lists.wordCountRows = 2 * n;
  });
  afterAll(() => t.close());

  /** Pages of 3: every status's few matches still span several pages. */
  const PAGES = { pageSize: 3 } as const;

  const SHAPES: [string, CaseListQueryDto][] = [
    ['the board by deadline', { status: BOARD, sort: 'deadline' }],
    ['all, newest first', {}],
    ['the board by people affected, a department', { status: BOARD, sort: '-meTooCount', departmentId: 2 }],
    ['triage, oldest first', { status: 'submitted', sort: 'createdAt' }],
    ['verify by update', { status: 'resolved', sort: '-updatedAt' }],
  ];

  it('the word is in every status and block, and its pieces meet in runs of cases without it', async () => {
    const rows = (await t.db.query('SELECT id, status, address FROM cases')) as { id: number | string; status: string; address: string }[];
    const word = rows.filter((r) => r.address.endsWith(WORD) && r.address.length === WORD.length + 2);
    expect(new Set(word.map((r) => r.status)).size).toBe(STATUSES.length);
    expect(new Set(word.map((r) => Math.floor(Number(r.id) / CASE_TEXT_BLOCK))).size).toBeGreaterThanOrEqual(
      Math.floor(n / CASE_TEXT_BLOCK),
    );
    const run = (id: number | string) => Math.floor(Number(id) / CASE_TEXT_RUN);
    const wordRuns = new Set(word.map((r) => run(r.id)));
    const runsOf = (piece: string) => new Set(rows.filter((r) => r.address.includes(piece)).map((r) => run(r.id)));
    const [a, b] = [runsOf('路45'), runsOf('45号')];
    const met = [...a].filter((r) => b.has(r) && !wordRuns.has(r));
    expect(met.length).toBeGreaterThan(0);
  });

  it('every shape: the plain LIKE’s pages by cursor and offset, and its exact total', async () => {
    let found = 0;
    for (const [label, shape] of SHAPES)
      for (const q of [WORD, '东风路45号']) found += (await like.expectLikeReference(`${label} + ${q}`, { ...shape, q }, PAGES)).length;
    expect(found).toBeGreaterThan(40);
  });

  it('with the count’s rows bounded, the total is a true lower bound, the pages unchanged', async () => {
    lists.wordCountRows = 300;
    try {
      for (const [label, shape] of SHAPES.slice(0, 2))
        await like.expectLikeReference(`bounded: ${label}`, { ...shape, q: WORD }, { ...PAGES, totals: 'honest' });
    } finally {
      lists.wordCountRows = 2 * n;
    }
  });

  /** The walks of the page statement down an index other than the key: each `FROM cases c INDEXED BY / FORCE INDEX (…)` subquery. */
  function walks(s: Statement): string[] {
    return s.sql
      .split(/(?=SELECT c\.id AS id, )/)
      .filter((w) => /^SELECT c\.id AS id, .* FROM cases c (INDEXED BY|FORCE INDEX \((?!PRIMARY))/.test(w));
  }

  it('each status walks its own index and reads only the rows of the runs holding every piece', async () => {
    const record = statementRecorder(t);
    for (const [label, shape] of SHAPES) {
      const q = { ...shape, q: WORD };
      const { result, statements } = await record(() => lists.list(dispatcher, q, now));
      expect({ label, ids: result.items.map((i) => i.id) }).toEqual({ label, ids: (await like.reference(q)).slice(0, 20) });
      const page = statements.find((s) => walks(s).length > 0);
      expect({ label, page: page !== undefined }).toEqual({ label, page: true });
      // The runs: on MariaDB one bitmap a walk (parsed as one token), a Buffer parameter outside the text mysql2 scans
      // for placeholders; on SQLite `IN` lists of integers.
      for (const w of walks(page!))
        expect({ label, bitmap: /ASCII\(SUBSTRING\(\?/.test(w), lists: /\(c\.id >> 3\) IN \(\d+/.test(w), text: /X'/.test(w) }).toEqual({
          label,
          bitmap: mysql(),
          lists: !mysql(),
          text: false,
        });
      expect({ label, buffers: page!.params.filter((p) => Buffer.isBuffer(p)).length }).toEqual({
        label,
        buffers: mysql() ? walks(page!).length : 0,
      });
      if (mysql()) {
        // Newest first walks forward down (status, createdAt DESC, id DESC) and pushes the runs as below.
        const newestFirst = (shape.sort ?? '-createdAt') === '-createdAt';
        if (/^-/.test(shape.sort ?? '-createdAt') && !newestFirst) {
          // Walking backward MariaDB pushes no index condition: the walk reads its index alone, the words by key.
          const plan = (await t.db.query(`EXPLAIN ${page!.sql}`, page!.params)) as { table: string; key: string | null; Extra: string }[];
          const walking = plan.filter((r) => r.table === 'c' && r.key !== null && r.key !== 'PRIMARY');
          expect(walking.length).toBeGreaterThan(0);
          for (const r of walking) expect({ label, extra: r.Extra }).toEqual({ label, extra: expect.stringContaining('Using index') });
          continue;
        }
        // Rows read after the index condition (the runs), against the status's rows the plain walk reads.
        const [json] = (await t.db.query(`ANALYZE FORMAT=JSON ${page!.sql}`, page!.params)) as Record<string, string>[];
        const read: number[] = [];
        JSON.stringify(JSON.parse(Object.values(json)[0]), (key, v: unknown) => {
          const table = v as { table_name?: string; key?: string; r_rows?: number; index_condition?: string };
          if (key === 'table' && table.table_name === 'c' && /^IDX_cases_list/.test(table.key ?? '')) {
            if (newestFirst) expect({ label, key: table.key }).toEqual({ label, key: CASE_LIST_NEWEST_FIRST_INDEX });
            expect({ label, pushed: /ascii\(substr\(X'/i.test(table.index_condition ?? '') }).toEqual({ label, pushed: true });
            read.push(table.r_rows ?? 0);
          }
          return v;
        });
        expect(read.length).toBeGreaterThan(0);
        expect({ label, rows: read.reduce((x, y) => x + y, 0) < n / 10 }).toEqual({ label, rows: true });
      } else {
        const plan = (await t.db.query(`EXPLAIN QUERY PLAN ${page!.sql}`, page!.params)) as { detail: string }[];
        const onC = plan.map((r) => r.detail).filter((d) => /^(SCAN|SEARCH) c\b/.test(d));
        for (const d of onC)
          expect({ label, d }).toEqual({ label, d: expect.stringMatching(/^SEARCH c USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY)/) });
      }
    }
  });

  it('the run check lets through exactly the ids of the runs, from the tail on and the changed ones', async () => {
    // Runs at either end of a bitmap byte (8 runs), a lone run in a byte of its own, and a first run past the first
    // byte (the ids below it would ask for the string's bytes from its end), so a slip of one bit or byte shows.
    const changed = [5, 1500];
    const tail = 1800;
    // The ids 0 to 1,999 (MariaDB stops a recursive query at 1,000 rows).
    const digits = Array.from({ length: 10 }, (_, i) => `(${i})`).join(', ');
    for (const runs of [
      [3, 7, 8, 15, 16, 40, 95, 96, 200],
      [41, 47, 48, 63, 64, 200],
    ]) {
      const expected = new Set([
        ...runs.flatMap((r) => Array.from({ length: CASE_TEXT_RUN }, (_, i) => r * CASE_TEXT_RUN + i)),
        ...changed,
      ]);
      for (let id = tail; id < 2000; id++) expected.add(id);
      const check = walkedIdsCondition(runs, tail, changed, mysql());
      const ids = (await t.db.query(
        `WITH d (x) AS (VALUES ${digits}) SELECT c.id FROM (SELECT a.x + 10 * b.x + 100 * e.x + 1000 * f.x AS id FROM d a, d b, d e, d f WHERE f.x < 2) c WHERE ${check.sql} ORDER BY c.id`,
        check.params,
      )) as { id: number | string }[];
      expect({ runs, ids: ids.map((r) => Number(r.id)) }).toEqual({ runs, ids: [...expected].sort((a, b) => a - b) });
      expect({ inText: /X'/.test(check.sql), asParameter: check.params.some((p) => Buffer.isBuffer(p)) }).toEqual({
        inText: false,
        asParameter: mysql(),
      });
      if (mysql()) {
        // The count's bitmap, written from the candidate blocks' run columns (one row a block, as candidateBlocksSql
        // reads them: block, status bits, runs_0 … runs_3), lets through the same ids.
        const blocks = new Map<number, number[]>();
        for (const r of runs) {
          const row = blocks.get(r >> 7) ?? [r >> 7, STATUS_BITS.dispatched, 0, 0, 0, 0];
          row[2 + ((r & 127) >> 5)] = (row[2 + ((r & 127) >> 5)] | (1 << (r & 31))) >>> 0;
          blocks.set(r >> 7, row);
        }
        const counted = countedIdsCondition(runBitmap([...blocks.values()], ['dispatched']), tail, changed)!;
        const viaCount = (await t.db.query(
          `WITH d (x) AS (VALUES ${digits}) SELECT c.id FROM (SELECT a.x + 10 * b.x + 100 * e.x + 1000 * f.x AS id FROM d a, d b, d e, d f WHERE f.x < 2) c WHERE ${counted.sql} ORDER BY c.id`,
          counted.params,
        )) as { id: number | string }[];
        expect({ runs, counted: viaCount.map((r) => Number(r.id)) }).toEqual({ runs, counted: [...expected].sort((a, b) => a - b) });
      }
    }
    // Runs whose bitmap would pass RUN_BITMAP_BYTES: the lists, whatever the database.
    const far = [1, (RUN_BITMAP_BYTES + 1) * 8];
    expect(walkedIdsCondition(far, tail, [], true).sql).toMatch(new RegExp(`\\(c\\.id >> 3\\) IN \\(1, ${far[1]}\\)`));
  });

  it('a word too many runs for the walks: a department’s count judges it only on its candidate runs’ rows (MariaDB), the same answers', async () => {
    const record = statementRecorder(t);
    const saved = { walkRuns: lists.walkRuns, rows: lists.wordCountRows };
    // No run handed to the walks, as for 垃圾 at 1M (62,000 runs); the count bounded (as at 1M) and not.
    lists.walkRuns = 0;
    const shapes: [string, CaseListQueryDto][] = [
      ['the board by deadline, a department', { status: BOARD, sort: 'deadline', departmentId: 2 }],
      ['the board by people affected, a department', { status: BOARD, sort: '-meTooCount', departmentId: 2 }],
      ['a department and a category', { status: BOARD, sort: 'deadline', departmentId: 2, categoryCode: 'exposed_garbage' }],
    ];
    try {
      for (const [label, shape] of shapes)
        for (const rows of [300, 2 * n]) {
          lists.wordCountRows = rows;
          const q = { ...shape, q: WORD, pageSize: 3 };
          const answer = (p: { items: { id: number }[]; total: number; totalCapped: boolean }) => ({
            label,
            rows,
            ids: p.items.map((i) => i.id),
            total: p.total,
            capped: p.totalCapped,
          });
          lists.textCountBitmap = false;
          const plain = answer(await lists.list(dispatcher, q, now));
          lists.textCountBitmap = true;
          const { result, statements } = await record(() => lists.list(dispatcher, q, now));
          expect(answer(result)).toEqual(plain);
          expect({ label, capped: plain.capped }).toEqual({ label, capped: rows === 300 });
          const count = statements.find((s) => /COUNT\(\*\) AS r\b/.test(s.sql));
          expect({ label, bitmap: count?.params.some((p) => Buffer.isBuffer(p)) }).toEqual({ label, bitmap: mysql() });
          if (!mysql()) continue;
          // The bounded rows come from the department's index; the words are read by key only in the candidate runs.
          const [json] = (await t.db.query(`ANALYZE FORMAT=JSON ${count!.sql}`, count!.params)) as Record<string, string>[];
          const tables: Record<string, { r_rows?: number; r_loops?: number }> = {};
          JSON.stringify(JSON.parse(Object.values(json)[0]), (key, v: unknown) => {
            const table = v as { table_name?: string; r_rows?: number; r_loops?: number };
            if (key === 'table' && table.table_name) tables[table.table_name] = table;
            return v;
          });
          const bounded = Math.min(rows + 1, tables.c?.r_rows ?? 0);
          expect({ label, bounded: bounded > 100, byKey: (tables.w?.r_loops ?? bounded) < bounded / 2 }).toEqual({
            label,
            bounded: true,
            byKey: true,
          });
        }
    } finally {
      Object.assign(lists, { walkRuns: saved.walkRuns, wordCountRows: saved.rows, textCountBitmap: true });
    }
  });

  it('finds edited, moved and new cases before the indexer read them, and after', async () => {
    const ids = async (sql: string, params: unknown[] = []) =>
      ((await t.db.query(sql, params)) as { id: number | string }[]).map((r) => Number(r.id));
    // A case given the word in a run that held none of its pieces, one of the word's cases moved to another status,
    // and one that loses it; then a new case above the watermark.
    const [plain] = await ids(
      `SELECT id FROM cases WHERE address NOT LIKE '%45%' AND status = 'resolved' AND id >= ? ORDER BY id LIMIT 1`,
      [CASE_TEXT_BLOCK],
    );
    const [moved] = await ids(`SELECT id FROM cases WHERE address LIKE ? AND status = 'closed'`, [`%${WORD}`]);
    const [dropped] = await ids(`SELECT id FROM cases WHERE address LIKE ? AND status = 'in_progress'`, [`%${WORD}`]);
    await t.db.query('UPDATE cases SET description = ? WHERE id = ?', [`井盖破损，和平路45号门口`, plain]);
    await t.db.query('UPDATE cases SET status = ? WHERE id = ?', ['dispatched', moved]);
    await t.db.query('UPDATE cases SET description = ?, address = ? WHERE id = ?', ['路灯不亮', '东风路46号', dropped]);
    await insertInChunks(t, Case, [
      cityCaseRow(n, now.getTime(), { status: 'dispatched', departmentId: 1, primaryReportId: n + 1, description: WORD, address: WORD }),
    ]);
    const [added] = await ids('SELECT MAX(id) AS id FROM cases');
    const checks = async (when: string) => {
      for (const [label, shape] of SHAPES) await like.expectLikeReference(`${when}: ${label}`, { ...shape, q: WORD }, PAGES);
      const board = await like.reference({ q: WORD, status: BOARD });
      expect({
        when,
        plain: board.includes(plain),
        moved: board.includes(moved),
        dropped: board.includes(dropped),
        added: board.includes(added),
      }).toEqual({
        when,
        plain: true,
        moved: true,
        dropped: false,
        added: true,
      });
    };
    await checks('listed');
    await catchUpTextIndex(indexer);
    await checks('read again');
  });
});
