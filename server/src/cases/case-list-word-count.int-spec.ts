import type { CaseListPage, CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { insertInChunks } from '../testing/bulk-seed';
import { staffToken } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { likeReference, wordCaseRow } from '../testing/word-search';
import { encodeCursor, totalBelow } from './case-list-sql';
import { CaseQueryService } from './case-query.service';
import { Case } from './case.entity';
import type { CaseListQueryDto } from './dto/case-list-query.dto';

const STATUSES: CaseStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'rejected', 'merged'];
const PROBLEMS = ['垃圾堆放', '井盖破损', '路灯不亮'];
const BOARD = 'accepted,dispatched,in_progress,resolved';

/**
 * The search box's common words (issue 12, docs/performance.md "the search box's common words"): when the text index
 * does not find them few, the list's count judges them on a bounded number of rows (CaseQueryService.wordCountRows,
 * lowered here to 60 of 420 cases). Every page is a plain LIKE's, in its order; the total is exact when the rows that
 * meet the other filters are within the bound or the last page tells it, and otherwise a true lower bound ("more than").
 */
describe('case list: a common word counted on a bounded number of rows', () => {
  let t: TestApp;
  let lists: CaseQueryService;
  let like: ReturnType<typeof likeReference>;
  const now = new Date();
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const ROWS = 60;

  beforeAll(async () => {
    t = await startTestApp();
    lists = t.app.get(CaseQueryService);
    like = likeReference(lists, dispatcher, now);
    // 垃圾 in 1 case of 3; the closed cases (1 in 8) are fewer than the bound; 迎春路 in 3 cases; one text null in 11.
    const rows = Array.from({ length: 420 }, (_, i) => {
      const status = STATUSES[i % STATUSES.length];
      return wordCaseRow(
        i,
        now,
        status,
        { description: i % 11 === 0 ? null : `${PROBLEMS[i % 3]}，已经好几天了`, address: i % 140 === 7 ? '迎春路7号' : `和平路${i}号` },
        50,
      );
    });
    await insertInChunks(t, Case, rows, 50);
  });
  afterAll(() => t.close());

  /** Runs `fn` with the words walking (as a common word does at 1M: `how`) and their count bounded to ROWS rows. */
  async function walking<T>(how: 'no index' | 'too many matches', fn: () => Promise<T>): Promise<T> {
    const saved = { rows: lists.wordCountRows, blocks: lists.textScanBlocks, few: lists.fewMatches };
    lists.wordCountRows = ROWS;
    if (how === 'no index') lists.textScanBlocks = -1;
    // More matches than the index hands over by id: the list walks, as for 垃圾 at 1M.
    else lists.fewMatches = 20;
    try {
      return await fn();
    } finally {
      Object.assign(lists, { wordCountRows: saved.rows, textScanBlocks: saved.blocks, fewMatches: saved.few });
    }
  }

  /** The total is what the page says it is: exact, or (capped) fewer than the cases that match. */
  function expectHonest(page: CaseListPage, want: number[], label: string) {
    if (page.totalCapped) expect({ label, below: page.total < want.length }).toEqual({ label, below: true });
    else expect({ label, total: page.total }).toEqual({ label, total: want.length });
  }

  const shapes: [string, CaseListQueryDto][] = [
    ['all, newest first', { q: '垃圾' }],
    ['one character', { q: '圾' }],
    ['the board by deadline', { q: '垃圾', status: BOARD, sort: 'deadline' }],
    ['the board by people affected, one category', { q: '垃圾', status: BOARD, sort: '-meTooCount', categoryCode: 'exposed_garbage' }],
    ['triage, oldest first', { q: '垃圾', status: 'submitted', sort: 'createdAt' }],
    ['verify by update, one department', { q: '垃圾', status: 'resolved,closed', sort: 'updatedAt', departmentId: 2 }],
    ['not overdue, by deadline', { q: '垃圾', overdue: false, sort: 'deadline' }],
  ];

  it.each(['no index', 'too many matches'] as const)(
    'with the words walking (%s), every page by cursor is a plain LIKE’s and every total honest',
    async (how) => {
      await walking(how, async () => {
        let capped = 0;
        for (const [label, q] of shapes) {
          const want = await like.reference(q);
          const pages: CaseListPage[] = [await lists.list(dispatcher, { ...q, pageSize: 7 }, now)];
          while (pages[pages.length - 1].next && pages.length < 100)
            pages.push(await lists.list(dispatcher, { ...q, pageSize: 7, after: pages[pages.length - 1].next! }, now));
          expect({ label, ids: pages.flatMap((p) => p.items.map((i) => i.id)) }).toEqual({ label, ids: want });
          for (const p of pages) expectHonest(p, want, label);
          capped += pages.filter((p) => p.totalCapped).length;
        }
        // The bound was reached, not only the exact path taken.
        expect(capped).toBeGreaterThan(0);
      });
    },
  );

  it('says "more than" a lower bound when the rows ran out, and the exact total when they did not', async () => {
    await walking('no index', async () => {
      const want = await like.reference({ q: '垃圾' });
      // More cases than the bound: 1 in 3 of 60 read.
      expect(want.length).toBeGreaterThan(ROWS);
      const first = await lists.list(dispatcher, { q: '垃圾', pageSize: 7 }, now);
      expect(first.totalCapped).toBe(true);
      // At least the 8 the page shows (with the next one), fewer than match.
      expect(first.total).toBeGreaterThanOrEqual(totalBelow(8));
      expect(first.total).toBeLessThan(want.length);
      // The closed cases are fewer than the bound: all of them judged, the total exact.
      const closed = await like.reference({ q: '垃圾', status: 'closed' });
      expect(closed.length).toBeGreaterThan(7);
      const exact = await lists.list(dispatcher, { q: '垃圾', status: 'closed', pageSize: 7 }, now);
      expect({ total: exact.total, capped: exact.totalCapped }).toEqual({ total: closed.length, capped: false });
      // An empty page past the end of a rare word on the board: what the bounded rows saw, or (none) the full count.
      const rare = { q: '迎春路', status: BOARD };
      const past = encodeCursor({ sort: '-createdAt', n: 0, k: '2000-01-01 00:00:00', id: 1 });
      const empty = await lists.list(dispatcher, { ...rare, pageSize: 7, after: past }, now);
      expect(empty.items).toEqual([]);
      expectHonest(empty, await like.reference(rare), 'past the end');
    });
  });

  it('pages by offset past the counted part: the rows of the plain LIKE, a total no lower than what the page shows', async () => {
    await walking('no index', async () => {
      const want = await like.reference({ q: '垃圾' });
      for (const page of [2, 5, 8, Math.ceil(want.length / 7)]) {
        const got = await lists.list(dispatcher, { q: '垃圾', page, pageSize: 7 }, now);
        expect({ page, ids: got.items.map((i) => i.id) }).toEqual({ page, ids: want.slice((page - 1) * 7, page * 7) });
        expectHonest(got, want, `page ${page}`);
        // What the page proves: every case before it and on it, and one more when a next page exists.
        const shown = (page - 1) * 7 + got.items.length + (got.next ? 1 : 0);
        if (got.totalCapped) expect(got.total).toBeGreaterThanOrEqual(totalBelow(shown));
      }
      // Past the end: no row, and a total that is still true.
      const past = await lists.list(dispatcher, { q: '垃圾', page: 100, pageSize: 7 }, now);
      expect(past.items).toEqual([]);
      expectHonest(past, want, 'page 100');
    });
  });

  it('over HTTP: a common word answers "more than", a rare one its exact total', async () => {
    const { token } = await staffToken(t, ['dispatcher']);
    const get = async (q: string) =>
      (await t.http().get('/api/v1/cases').query({ q, pageSize: 2 }).set('Authorization', `Bearer ${token}`).expect(200))
        .body as CaseListPage;
    await walking('too many matches', async () => {
      const common = await get('垃圾');
      expect(common.totalCapped).toBe(true);
      expect(common.total).toBeLessThan((await like.reference({ q: '垃圾' })).length);
      // Found few by the index: read by key and counted exactly.
      const rare = await get('迎春路');
      expect({ total: rare.total, capped: rare.totalCapped }).toEqual({ total: 3, capped: false });
    });
  });

  it('rounds a lower bound down to two significant digits, strictly below what was seen', () => {
    expect([0, 1, 2, 11, 100, 101, 166, 834, 10_001, 12_001].map(totalBelow)).toEqual([0, 0, 1, 10, 99, 100, 160, 830, 10_000, 12_000]);
  });
});
