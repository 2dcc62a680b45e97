import type { CaseListPage, CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { caseRow, insertInChunks } from '../testing/bulk-seed';
import { staffToken } from '../testing/factories-auth';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CaseQueryService } from './case-query.service';
import { CASES_BY_CREATION_INDEX, Case } from './case.entity';
import type { CaseListQueryDto } from './dto/case-list-query.dto';

const HOUR = 3600_000;
const STATUSES: CaseStatus[] = ['submitted', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'rejected', 'merged'];

/**
 * GET /cases pages by cursor (`next` / `prev`) and by offset: walked to the end in both directions, under the filters
 * the admin panel offers and every sort, each case comes exactly once and in the order of one plain ORDER BY over
 * the whole list (main's single statement, `listQuery`), ties on the sort value included; totals are exact below
 * the cap and "more than" above it.
 */
describe('case list pages (cursor and offset)', () => {
  let t: TestApp;
  let lists: CaseQueryService;
  const now = new Date();
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const handler: AuthUser = { id: 7, kind: 'staff', roles: ['handler'], departmentId: 2 };

  beforeAll(async () => {
    t = await startTestApp();
    lists = t.app.get(CaseQueryService);
    // Few distinct sort values, so most pages cut through a tie; a quarter keep the database's own createdAt default.
    const times = [now.getTime() - 50 * HOUR, now.getTime() - 20 * HOUR, now.getTime() - 20 * HOUR + 1];
    const rows = Array.from({ length: 150 }, (_, i) => {
      const status = STATUSES[(i * 5) % STATUSES.length];
      const deadlineAt = [null, now.getTime() - 3 * HOUR, now.getTime() + 3 * HOUR][i % 3];
      return caseRow({
        status,
        categoryCode: i % 2 ? 'exposed_garbage' : 'road_damage',
        departmentId: status === 'submitted' ? null : (i % 3) + 1,
        gridId: (i % 4) + 1,
        handlerUserId: i % 5 === 0 ? handler.id : null,
        primaryReportId: i + 1,
        meTooCount: i % 4,
        deadline: deadlineAt === null ? null : new Date(deadlineAt),
        ...(i % 4 === 3 ? {} : { createdAt: new Date(times[i % 3]) }),
      });
    });
    await insertInChunks(t, Case, rows, 50);
  });
  afterAll(() => t.close());

  /** The whole list in one plain ORDER BY (main's statement before cursors): what every walk must reproduce. */
  async function reference(user: AuthUser, q: CaseListQueryDto): Promise<number[]> {
    const rows = await lists.listQuery(user, q, now).select('c.id', 'id').getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  async function walkForward(user: AuthUser, q: CaseListQueryDto): Promise<{ ids: number[]; pages: CaseListPage[] }> {
    const pages: CaseListPage[] = [await lists.list(user, { ...q, pageSize: 7 }, now)];
    while (pages[pages.length - 1].next && pages.length < 100)
      pages.push(await lists.list(user, { ...q, pageSize: 7, after: pages[pages.length - 1].next! }, now));
    return { ids: pages.flatMap((p) => p.items.map((i) => i.id)), pages };
  }

  const shapes: [string, AuthUser, CaseListQueryDto][] = [
    ['all, newest first', dispatcher, {}],
    ['all, oldest first', dispatcher, { sort: 'createdAt' }],
    ['by deadline (null deadlines last)', dispatcher, { sort: 'deadline' }],
    ['by deadline, latest first (null deadlines last)', dispatcher, { sort: '-deadline' }],
    ['by update', dispatcher, { sort: 'updatedAt' }],
    ['by update, latest first', dispatcher, { sort: '-updatedAt' }],
    ['by people affected', dispatcher, { sort: 'meTooCount' }],
    ['board: four states by deadline', dispatcher, { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' }],
    [
      'board by people affected, one category',
      dispatcher,
      { status: 'accepted,dispatched,in_progress,resolved', sort: '-meTooCount', categoryCode: 'road_damage' },
    ],
    ['overdue', dispatcher, { overdue: true }],
    ['not overdue, by deadline', dispatcher, { overdue: false, sort: 'deadline' }],
    ['closed and resolved of one department', dispatcher, { status: 'closed,resolved', departmentId: 2 }],
    ['one grid, by deadline', dispatcher, { gridId: 2, sort: 'deadline' }],
    ['triage: submitted, oldest first', dispatcher, { status: 'submitted', sort: 'createdAt' }],
    ['triage, one category', dispatcher, { status: 'submitted', sort: 'createdAt', categoryCode: 'road_damage' }],
    [
      'board: four states by deadline, one category',
      dispatcher,
      { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline', categoryCode: 'exposed_garbage' },
    ],
    [
      'verify: resolved and closed by update, one category',
      dispatcher,
      { status: 'resolved,closed', sort: 'updatedAt', categoryCode: 'road_damage' },
    ],
    [
      'one category in a period, newest first',
      dispatcher,
      { categoryCode: 'road_damage', from: new Date(now.getTime() - 30 * HOUR).toISOString() },
    ],
    ["a department's queue (handler)", handler, { status: 'dispatched,in_progress', sort: 'deadline' }],
    [
      "a department's queue, one category",
      handler,
      { status: 'dispatched,in_progress,resolved,closed', sort: 'deadline', categoryCode: 'road_damage' },
    ],
    ["a handler's own cases", handler, { assignedTo: 'me', sort: '-deadline' }],
  ];

  it.each(shapes)('%s: next walks every case once, in order; prev walks back the same way', async (_label, user, q) => {
    await expectWalks(user, q);
  });

  // Lists with a filter their walk's sort index lacks: a status with few matches is read through the index that finds
  // them and sorted, one with many is walked down its sort index (fewMatches 0). Both give the same pages.
  it.each<[string, AuthUser, CaseListQueryDto]>([
    ['overdue, newest first', dispatcher, { overdue: true }],
    [
      'board by people affected, overdue',
      dispatcher,
      { status: 'accepted,dispatched,in_progress,resolved', sort: '-meTooCount', overdue: true },
    ],
    ['overdue by update, latest first', dispatcher, { overdue: true, sort: '-updatedAt' }],
    ["a department's overdue cases by people affected", handler, { status: 'dispatched,in_progress', sort: '-meTooCount', overdue: true }],
    [
      'board by people affected, one department and one category',
      dispatcher,
      { status: 'accepted,dispatched,in_progress,resolved,closed', sort: '-meTooCount', departmentId: 2, categoryCode: 'road_damage' },
    ],
    [
      'by update, one department and one category',
      dispatcher,
      { status: 'dispatched,in_progress,resolved,closed', sort: 'updatedAt', departmentId: 2, categoryCode: 'road_damage' },
    ],
  ])('%s: the same pages read through the matches or down the sort index', async (_label, user, q) => {
    const few = lists.fewMatches;
    try {
      await expectWalks(user, q);
      lists.fewMatches = 0;
      await expectWalks(user, q);
    } finally {
      lists.fewMatches = few;
    }
  });

  async function expectWalks(user: AuthUser, q: CaseListQueryDto) {
    const want = await reference(user, q);
    expect(want.length).toBeGreaterThan(7);
    const { ids, pages } = await walkForward(user, q);
    expect(ids).toEqual(want);
    expect(pages[0].prev).toBeNull();
    expect(pages[0].page).toBe(1);
    expect(pages.slice(1).every((p) => p.page === null && p.prev !== null)).toBe(true);
    for (const p of pages) expect({ total: p.total, capped: p.totalCapped }).toEqual({ total: want.length, capped: false });

    // Back from the last page: each prev page is the one before it.
    const back: number[][] = [];
    let page = pages[pages.length - 1];
    back.unshift(page.items.map((i) => i.id));
    while (page.prev && back.length < 100) {
      page = await lists.list(user, { ...q, pageSize: 7, before: page.prev }, now);
      back.unshift(page.items.map((i) => i.id));
    }
    expect(back.flat()).toEqual(want);
    expect(back.length).toBe(pages.length);
    // A page reached going back leads forward again to the page it came from.
    if (pages.length > 2) {
      const second = await lists.list(user, { ...q, pageSize: 7, before: pages[2].prev! }, now);
      expect(second.items.map((i) => i.id)).toEqual(pages[1].items.map((i) => i.id));
      const third = await lists.list(user, { ...q, pageSize: 7, after: second.next! }, now);
      expect(third.items.map((i) => i.id)).toEqual(pages[2].items.map((i) => i.id));
    }
  }

  it('an offset page (older clients) is the same slice, and its next cursor continues the walk', async () => {
    const q: CaseListQueryDto = { status: 'accepted,dispatched,in_progress,resolved', sort: 'deadline' };
    const want = await reference(dispatcher, q);
    const second = await lists.list(dispatcher, { ...q, page: 2, pageSize: 7 }, now);
    expect(second.items.map((i) => i.id)).toEqual(want.slice(7, 14));
    expect(second.page).toBe(2);
    const third = await lists.list(dispatcher, { ...q, pageSize: 7, after: second.next! }, now);
    expect(third.items.map((i) => i.id)).toEqual(want.slice(14, 21));
    const first = await lists.list(dispatcher, { ...q, pageSize: 7, before: second.prev! }, now);
    expect(first.items.map((i) => i.id)).toEqual(want.slice(0, 7));
    expect(first.prev).toBeNull();
    // Past the end: empty, and the total still true.
    const past = await lists.list(dispatcher, { ...q, page: 50, pageSize: 7 }, now);
    expect({ items: past.items.length, total: past.total, next: past.next }).toEqual({ items: 0, total: want.length, next: null });
  });

  it.each<[string, CaseListQueryDto]>([
    ['newest first', {}],
    ['oldest first', { sort: 'createdAt' }],
    ['in a period', { from: new Date(now.getTime() - 30 * HOUR).toISOString(), to: new Date(now.getTime() + HOUR).toISOString() }],
  ])('a deep offset page of every case (%s), found down the creation index, is the same slice', async (_label, q) => {
    const want = await reference(dispatcher, q);
    const deep = lists.deepOffset;
    const query = jest.spyOn(t.db, 'query');
    lists.deepOffset = 1;
    try {
      for (let page = 2; (page - 1) * 7 <= want.length; page++) {
        const got = await lists.list(dispatcher, { ...q, page, pageSize: 7 }, now);
        expect(got.items.map((i) => i.id)).toEqual(want.slice((page - 1) * 7, page * 7));
        expect({ page: got.page, total: got.total, capped: got.totalCapped }).toEqual({ page, total: want.length, capped: false });
        expect(got.prev).not.toBeNull();
        if (got.next) {
          const after = await lists.list(dispatcher, { ...q, pageSize: 7, after: got.next }, now);
          expect(after.items.map((i) => i.id)).toEqual(want.slice(page * 7, page * 7 + 7));
        } else expect(page * 7).toBeGreaterThanOrEqual(want.length);
      }
      expect(query.mock.calls.some(([sql]) => String(sql).includes(CASES_BY_CREATION_INDEX))).toBe(true);
      const past = await lists.list(dispatcher, { ...q, page: 50, pageSize: 7 }, now);
      expect({ items: past.items.length, total: past.total, next: past.next }).toEqual({ items: 0, total: want.length, next: null });
    } finally {
      lists.deepOffset = deep;
      query.mockRestore();
    }
  });

  it('counts up to the cap, and says "more than" past it', async () => {
    const all = (await reference(dispatcher, {})).length;
    const closed = (await reference(dispatcher, { status: 'closed' })).length;
    expect(closed).toBeLessThan(40);
    const cap = lists.countCap;
    lists.countCap = 40;
    try {
      const big = await lists.list(dispatcher, { pageSize: 7 }, now);
      expect({ total: big.total, capped: big.totalCapped }).toEqual({ total: 40, capped: true });
      const deeper = await lists.list(dispatcher, { pageSize: 7, after: big.next! }, now);
      expect({ total: deeper.total, capped: deeper.totalCapped }).toEqual({ total: 40, capped: true });
      const small = await lists.list(dispatcher, { status: 'closed', pageSize: 7 }, now);
      expect({ total: small.total, capped: small.totalCapped }).toEqual({ total: closed, capped: false });
      lists.countCap = all;
      const exact = await lists.list(dispatcher, { pageSize: 7 }, now);
      expect({ total: exact.total, capped: exact.totalCapped }).toEqual({ total: all, capped: false });
    } finally {
      lists.countCap = cap;
    }
  });

  it('answers a bad cursor, a cursor of another sort, both cursors, and a bad page size with a 400 in Chinese', async () => {
    const { token } = await staffToken(t, ['dispatcher']);
    const get = (query: string) => t.http().get(`/api/v1/cases?${query}`).set('Authorization', `Bearer ${token}`);
    const first = await get('sort=deadline&pageSize=5');
    expect(first.status).toBe(200);
    const next = (first.body as CaseListPage).next!;
    const bad: [string, RegExp][] = [
      ['pageSize=abc', /每页条数须为 1 到 100 之间的整数/],
      ['pageSize=0', /每页条数须为 1 到 100 之间的整数/],
      ['pageSize=101', /每页条数须为 1 到 100 之间的整数/],
      ['page=x', /页码须为/],
      ['after=not-a-cursor', /翻页位置无效/],
      [`sort=-createdAt&after=${next}`, /翻页位置无效/],
      [`sort=deadline&after=${next}&before=${next}`, /after 与 before 不能同时使用/],
      [`sort=deadline&page=2&after=${next}`, /after\/before 与 page 不能同时使用/],
    ];
    for (const [query, message] of bad) {
      const res = await get(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.message).toMatch(message);
    }
    const ok = await get(`sort=deadline&pageSize=5&after=${next}`);
    expect(ok.status).toBe(200);
  });
});
