import type { CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { analyze, cityCaseRow, insertInChunks } from '../testing/bulk-seed';
import { startTestApp, type TestApp } from '../testing/test-app';
import { catchUpTextIndex } from '../testing/word-search';
import { CaseQueryService } from './case-query.service';
import { CASE_TEXT_BLOCK } from './case-text-index';
import { CaseTextIndexer } from './case-text-indexer';
import { Case } from './case.entity';
import { totalBelow } from './case-list-sql';

/**
 * The total of a list whose words the index found few in some statuses (read by key) while the others walk: 清运站 is
 * in every in_progress case of the first block (512) and in 1 closed case of 5 across every block, so in every run
 * of ids (walked). The count judges its bounded rows in the walked statuses only and adds the by-key statuses' matches
 * exactly, so 超过 N 条 is near the matches (before the fifteenth round, the bounded rows were judged in both
 * statuses: 超过 150 条 of 543 when closed held it in 1 case of 50; at 1M a common road on the board said 超过 20 条).
 */
describe('search box words: the total counts the statuses read by key', () => {
  let t: TestApp;
  let lists: CaseQueryService;
  const now = new Date();
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const STATUSES: CaseStatus[] = ['closed', 'in_progress'];
  const WORD = '清运站';

  beforeAll(async () => {
    t = await startTestApp();
    lists = t.app.get(CaseQueryService);
    const indexer = t.app.get(CaseTextIndexer);
    const rows = Array.from({ length: 3 * CASE_TEXT_BLOCK }, (_, i) => {
      const status = STATUSES[i % 2];
      const word = status === 'in_progress' ? i < CASE_TEXT_BLOCK : i % 10 === 2;
      return cityCaseRow(i, now.getTime() - i * 1000, {
        status,
        departmentId: (i % 3) + 1,
        categoryCode: 'exposed_garbage',
        primaryReportId: i + 1,
        description: word ? `垃圾${WORD}旁边堆满了${i % 7}` : `路灯不亮，编号${i % 97}`,
        address: `和平路${i % 300}号`,
      });
    });
    await insertInChunks(t, Case, rows);
    await analyze(t, ['cases']);
    await catchUpTextIndex(indexer);
    // in_progress's matches are in the first block or two (ids from 1), closed's in every run of ids: only in_progress is proved.
    lists.textScanBlocks = 2;
    lists.wordCountRows = 300;
  });
  afterAll(() => t.close());

  it('says more than nearly all the matches, never more than there are, and the page is the plain LIKE’s', async () => {
    const q = { q: WORD, status: 'closed,in_progress', sort: 'deadline' as const };
    const matches = (await lists.listQuery(dispatcher, q, now).select('c.id', 'id').getRawMany<{ id: number | string }>()).map((r) =>
      Number(r.id),
    );
    const byKey = await t.db.query(`SELECT COUNT(*) AS n FROM cases WHERE status = 'in_progress' AND description LIKE ?`, [`%${WORD}%`]);
    const inProgress = Number(byKey[0].n);
    expect(inProgress).toBe(CASE_TEXT_BLOCK / 2);
    const page = await lists.list(dispatcher, q, now);
    expect(page.items.map((i) => i.id)).toEqual(matches.slice(0, 20));
    expect(page.totalCapped).toBe(true);
    expect(page.total).toBeLessThan(matches.length);
    expect(page.total).toBeGreaterThanOrEqual(totalBelow(inProgress));
  });
});
