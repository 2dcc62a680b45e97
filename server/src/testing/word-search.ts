import type { CaseListPage, CaseStatus } from '@sansui/shared';
import type { CaseQueryService } from '../cases/case-query.service';
import type { CaseTextIndexer } from '../cases/case-text-indexer';
import type { CaseListQueryDto } from '../cases/dto/case-list-query.dto';
import type { Case } from '../cases/case.entity';
import type { AuthUser } from '../common/auth/auth-user';
import { cityCaseRow } from './bulk-seed';

/**
 * Case `i` of the search suites' lists: its status and texts as given, the rest spread by `i` over departments, the
 * two categories, people affected and the last `minutes` minutes, so every list shape and sort has cases to order.
 */
export function wordCaseRow(
  i: number,
  now: Date,
  status: CaseStatus,
  texts: Pick<Case, 'description' | 'address'>,
  minutes = 500,
): Partial<Case> {
  return cityCaseRow(i, now.getTime() - i * 1000, {
    status,
    departmentId: status === 'submitted' ? null : (i % 3) + 1,
    categoryCode: i % 5 === 0 ? 'road_damage' : 'exposed_garbage',
    primaryReportId: i + 1,
    meTooCount: i % 4,
    ...texts,
    createdAt: new Date(now.getTime() - (i % minutes) * 60_000),
  });
}

/** Runs the search index's job until every change is read and every block below the last case is filled. */
export async function catchUpTextIndex(indexer: CaseTextIndexer): Promise<void> {
  while ((await indexer.drainChanges()) > 0 || (await indexer.fillNextBlock()));
}

export interface LikeReferenceOptions {
  pageSize?: number;
  /** The offset pages read besides the cursor's: by default the second and the last. */
  offsetPages?: (lastPage: number) => number[];
  /**
   * `exact`: every total is the plain LIKE's count. `honest`: a total is exact, or says 超过 N 条 (`totalCapped`)
   * with N below the count.
   */
  totals?: 'exact' | 'honest';
}

/**
 * The search box judged against the plain LIKE (CaseQueryService.listQuery, which reads no index): the same cases in
 * the same order on every page, by cursor and by offset, with totals the page may say.
 */
export function likeReference(lists: CaseQueryService, user: AuthUser, now: Date) {
  /** Every case the plain LIKE lists for `q`, in the list's order. */
  async function reference(q: CaseListQueryDto): Promise<number[]> {
    const rows = await lists.listQuery(user, q, now).select('c.id', 'id').getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  function expectTotal(label: string, page: CaseListPage, count: number, totals: 'exact' | 'honest') {
    if (totals === 'honest' && page.totalCapped) expect({ label, below: page.total < count }).toEqual({ label, below: true });
    else expect({ label, total: page.total, capped: page.totalCapped }).toEqual({ label, total: count, capped: false });
  }

  /** Reads every page of `q` by cursor and the offset pages, and expects the plain LIKE's; returns its ids. */
  async function expectLikeReference(label: string, q: CaseListQueryDto, options: LikeReferenceOptions = {}): Promise<number[]> {
    const { pageSize = 4, offsetPages = (last) => [2, last], totals = 'exact' } = options;
    const want = await reference(q);
    const lastPage = Math.max(1, Math.ceil(want.length / pageSize));
    const pages: CaseListPage[] = [await lists.list(user, { ...q, pageSize }, now)];
    while (pages[pages.length - 1].next && pages.length <= lastPage)
      pages.push(await lists.list(user, { ...q, pageSize, after: pages[pages.length - 1].next! }, now));
    expect({ label, ids: pages.flatMap((p) => p.items.map((i) => i.id)) }).toEqual({ label, ids: want });
    for (const p of pages) expectTotal(label, p, want.length, totals);
    for (const page of offsetPages(lastPage)) {
      const got = await lists.list(user, { ...q, page, pageSize }, now);
      const ids = want.slice((page - 1) * pageSize, page * pageSize);
      expect({ label, page, ids: got.items.map((i) => i.id) }).toEqual({ label, page, ids });
      expectTotal(`${label}, page ${page}`, got, want.length, totals);
    }
    return want;
  }

  return { reference, expectLikeReference };
}
