import type { CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { analyze, insertInChunks } from '../testing/bulk-seed';
import { expectCasesByKey, statementRecorder } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { catchUpTextIndex, likeReference, wordCaseRow } from '../testing/word-search';
import { CaseQueryService } from './case-query.service';
import { CASE_TEXT_BLOCK } from './case-text-index';
import { CaseTextIndexer } from './case-text-indexer';
import { Case } from './case.entity';
import type { CaseListQueryDto } from './dto/case-list-query.dto';

const STATUSES: CaseStatus[] = ['submitted', 'dispatched', 'in_progress', 'resolved', 'closed'];
const BOARD = 'dispatched,in_progress,resolved,closed';

/**
 * The search box's words per status (docs/performance.md "the search box on the board and the whole list"): the text
 * index knows in which statuses each piece occurs per block, so a status that holds none (or few) of the words' cases
 * is read by key while the others walk. 垃圾 is common in the in_progress and closed cases, in the resolved ones of
 * one block only, in no submitted or dispatched case; 井 only in dispatched ones. The index may read 1 block here
 * (textScanBlocks): submitted, dispatched and resolved are proved, the rest walk. Every page is the plain LIKE's, in
 * its order, every total honest, also after status changes the indexer has not read yet.
 */
describe('search box words: the statuses that hold none are read by key', () => {
  let t: TestApp;
  let lists: CaseQueryService;
  let like: ReturnType<typeof likeReference>;
  let indexer: CaseTextIndexer;
  const now = new Date();
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const n = 4 * CASE_TEXT_BLOCK + 100;

  function description(i: number, status: CaseStatus): string {
    const block = Math.floor(i / CASE_TEXT_BLOCK);
    if ((status === 'in_progress' || status === 'closed') && i % 3 === 0) return `垃圾堆放，已经好几天了${i % 7}`;
    if (status === 'resolved' && block === 2 && i % 7 === 0) return `垃圾没有清运${i % 5}`;
    if (status === 'dispatched' && i % 4 === 0) return `井盖破损${i % 9}`;
    return `路灯不亮，编号${i % 97}`;
  }

  beforeAll(async () => {
    t = await startTestApp();
    lists = t.app.get(CaseQueryService);
    like = likeReference(lists, dispatcher, now);
    indexer = t.app.get(CaseTextIndexer);
    const rows = Array.from({ length: n }, (_, i) => {
      const status = STATUSES[i % STATUSES.length];
      return wordCaseRow(i, now, status, { description: description(i, status), address: `和平路${i % 300}号` });
    });
    await insertInChunks(t, Case, rows);
    await analyze(t, ['cases']);
    await catchUpTextIndex(indexer);
    lists.textScanBlocks = 1;
    // The bounded count reached on the larger lists.
    lists.wordCountRows = 600;
  });
  afterAll(() => t.close());

  /** Pages of 40, a middle page and the last by offset; a total exact or (capped) below the matches. */
  const PAGES = { pageSize: 40, offsetPages: (last: number) => [3, last], totals: 'honest' } as const;

  const SHAPES: [string, CaseListQueryDto][] = [
    ['the board by deadline', { status: BOARD, sort: 'deadline' }],
    ['all, newest first', {}],
    ['the board by people affected, a department', { status: BOARD, sort: '-meTooCount', departmentId: 2 }],
    ['the board by update, a category', { status: BOARD, sort: 'updatedAt', categoryCode: 'road_damage' }],
    ['triage, oldest first', { status: 'submitted', sort: 'createdAt' }],
    ['dispatched and resolved by deadline', { status: 'dispatched,resolved', sort: 'deadline' }],
    ['not overdue, by deadline', { overdue: false, sort: 'deadline' }],
  ];

  it('every shape: the plain LIKE’s pages and honest totals, for words absent from some statuses and common in others', async () => {
    let found = 0;
    for (const [label, shape] of SHAPES)
      for (const q of ['垃圾', '井', '圾', '路灯', '没有清运'])
        found += (await like.expectLikeReference(`${label} + ${q}`, { ...shape, q }, PAGES)).length;
    expect(found).toBeGreaterThan(1000);
  });

  it('reads the statuses that hold none of the words by key, without walking them', async () => {
    const record = statementRecorder(t);
    for (const q of [
      { q: '垃圾', status: 'submitted,dispatched', sort: 'deadline' as const },
      { q: '井', status: 'in_progress,closed', sort: '-updatedAt' as const },
      { q: '垃圾', status: 'resolved', sort: 'createdAt' as const },
    ]) {
      const { result, statements } = await record(() => lists.list(dispatcher, q, now));
      expect(result.items.map((i) => i.id)).toEqual((await like.reference(q)).slice(0, 20));
      await expectCasesByKey(t, statements);
    }
  });

  it('finds a case where it is now after a status change the indexer has not read yet, and after it did', async () => {
    const ids = async (sql: string) => ((await t.db.query(sql)) as { id: number | string }[]).map((r) => Number(r.id));
    // 垃圾 moves into dispatched and submitted (where no case held it), out of resolved's one block into another.
    const [busy] = await ids(`SELECT id FROM cases WHERE status = 'in_progress' AND description LIKE '垃圾%' AND id < ${CASE_TEXT_BLOCK}`);
    const [closed] = await ids(
      `SELECT id FROM cases WHERE status = 'closed' AND description LIKE '垃圾%' AND id >= ${3 * CASE_TEXT_BLOCK}`,
    );
    const [plain] = await ids(`SELECT id FROM cases WHERE status = 'closed' AND description LIKE '路灯%' AND id >= ${CASE_TEXT_BLOCK}`);
    await t.db.query('UPDATE cases SET status = ? WHERE id = ?', ['dispatched', busy]);
    await t.db.query('UPDATE cases SET status = ? WHERE id = ?', ['submitted', closed]);
    await t.db.query('UPDATE cases SET status = ?, description = ? WHERE id = ?', ['resolved', '垃圾又堆起来了', plain]);
    const shapes: [string, CaseListQueryDto][] = [
      ['dispatched', { q: '垃圾', status: 'dispatched', sort: 'deadline' }],
      ['triage', { q: '垃圾', status: 'submitted', sort: 'createdAt' }],
      ['verify', { q: '垃圾', status: 'resolved', sort: '-updatedAt' }],
      ['the board', { q: '垃圾', status: BOARD, sort: 'deadline' }],
      ['all', { q: '垃圾' }],
    ];
    for (const [label, q] of shapes) await like.expectLikeReference(`listed: ${label}`, q, PAGES);
    expect(await like.reference(shapes[0][1])).toContain(busy);
    expect(await like.reference(shapes[1][1])).toContain(closed);
    expect(await like.reference(shapes[2][1])).toContain(plain);
    await catchUpTextIndex(indexer);
    for (const [label, q] of shapes) await like.expectLikeReference(`read again: ${label}`, q, PAGES);
    // And back: the bits the case left stay (a wider search), the LIKE and the status still judge every row.
    await t.db.query('UPDATE cases SET status = ? WHERE id = ?', ['in_progress', busy]);
    for (const [label, q] of shapes) await like.expectLikeReference(`moved back: ${label}`, q, PAGES);
    await catchUpTextIndex(indexer);
    for (const [label, q] of shapes) await like.expectLikeReference(`moved back, read again: ${label}`, q, PAGES);
  });
});
