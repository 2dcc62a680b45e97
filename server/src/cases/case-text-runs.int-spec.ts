import type { CaseStatus } from '@sansui/shared';
import type { AuthUser } from '../common/auth/auth-user';
import { analyze, cityCaseRow, insertInChunks } from '../testing/bulk-seed';
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
const ROADS = ['和平路', '东风路', '人民路', '解放路'];
const RARE = '东风路45号';

/**
 * A word rare in the whole table but present in every status and block (docs/performance.md "a word rare in every
 * status, sixteenth round"): 东风路45号 in 1 case of 97, while each of its pieces (东风路, 风路4, 路45, 45号) is in every
 * block of every status. The index may read 2 blocks' worth of ids here (textScanBlocks), and every status has the
 * word in more blocks than that, so only the runs of 8 ids that hold all its pieces prove it few. Every page is the
 * plain LIKE's, every total exact, the cases read by key, also after edits and status changes not yet indexed.
 */
describe('search box words: a word rare in every status is read by its runs', () => {
  let t: TestApp;
  let lists: CaseQueryService;
  let like: ReturnType<typeof likeReference>;
  let indexer: CaseTextIndexer;
  const now = new Date();
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const n = 5 * CASE_TEXT_BLOCK + 100;

  /** Road and number follow the id, so the word's pieces meet in other cases of a run (candidates the LIKE judges out). */
  function address(i: number): string {
    if (i % 97 === 5) return RARE;
    const road = ROADS[Math.floor(i / 3) % ROADS.length];
    const number = i % 300;
    return road === '东风路' && number === 45 ? '东风路46号' : `${road}${number}号`;
  }

  beforeAll(async () => {
    t = await startTestApp();
    lists = t.app.get(CaseQueryService);
    like = likeReference(lists, dispatcher, now);
    indexer = t.app.get(CaseTextIndexer);
    const rows = Array.from({ length: n }, (_, i) => {
      const status = STATUSES[i % STATUSES.length];
      return wordCaseRow(i, now, status, { description: `路灯不亮，位于${address(i)}附近${i % 7}`, address: address(i) });
    });
    await insertInChunks(t, Case, rows);
    await analyze(t, ['cases']);
    await catchUpTextIndex(indexer);
    lists.textScanBlocks = 2;
  });
  afterAll(() => t.close());

  const SHAPES: [string, CaseListQueryDto][] = [
    ['the board by deadline', { status: BOARD, sort: 'deadline' }],
    ['all, newest first', {}],
    ['the board by people affected, a department', { status: BOARD, sort: '-meTooCount', departmentId: 2 }],
    ['triage, oldest first', { status: 'submitted', sort: 'createdAt' }],
    ['verify by update', { status: 'resolved', sort: '-updatedAt' }],
  ];

  it('the word is in every status, in more blocks of each than the index may read', async () => {
    const rows = (await t.db.query('SELECT id, status FROM cases WHERE address = ?', [RARE])) as { id: number | string; status: string }[];
    const blocksOf = new Map<string, Set<number>>();
    for (const r of rows) blocksOf.set(r.status, (blocksOf.get(r.status) ?? new Set()).add(Math.floor(Number(r.id) / CASE_TEXT_BLOCK)));
    expect([...blocksOf.keys()].sort()).toEqual([...STATUSES].sort());
    for (const [status, blocks] of blocksOf) expect({ status, many: blocks.size > lists.textScanBlocks }).toEqual({ status, many: true });
  });

  it('every shape: the plain LIKE’s pages by cursor and offset, and its exact total', async () => {
    let found = 0;
    for (const [label, shape] of SHAPES)
      for (const q of [RARE, '风路45号', '路45号']) found += (await like.expectLikeReference(`${label} + ${q}`, { ...shape, q })).length;
    expect(found).toBeGreaterThan(100);
  });

  it('reads the cases by key, without walking any status', async () => {
    const record = statementRecorder(t);
    for (const [, shape] of SHAPES) {
      const q = { ...shape, q: RARE };
      const { result, statements } = await record(() => lists.list(dispatcher, q, now));
      expect(result.items.map((i) => i.id)).toEqual((await like.reference(q)).slice(0, 20));
      await expectCasesByKey(t, statements);
    }
  });

  it('finds edited, moved and new cases before the indexer read them, and after', async () => {
    const ids = async (sql: string, params: unknown[] = []) =>
      ((await t.db.query(sql, params)) as { id: number | string }[]).map((r) => Number(r.id));
    // A case given the word in a run that held none of its pieces, one of the word's cases moved to another status,
    // and one that loses it; then a new case above the watermark.
    const [plain] = await ids(`SELECT id FROM cases WHERE address = '人民路7号' AND id >= ?`, [CASE_TEXT_BLOCK]);
    const [moved] = await ids(`SELECT id FROM cases WHERE address = ? AND status = 'closed'`, [RARE]);
    const [dropped] = await ids(`SELECT id FROM cases WHERE address = ? AND status = 'in_progress'`, [RARE]);
    await t.db.query('UPDATE cases SET description = ? WHERE id = ?', [`井盖破损，${RARE}门口`, plain]);
    await t.db.query('UPDATE cases SET status = ? WHERE id = ?', ['submitted', moved]);
    await t.db.query('UPDATE cases SET description = ?, address = ? WHERE id = ?', ['路灯不亮', '东风路46号', dropped]);
    await insertInChunks(t, Case, [
      cityCaseRow(n, now.getTime(), { status: 'dispatched', departmentId: 1, primaryReportId: n + 1, description: RARE, address: RARE }),
    ]);
    const checks = async (when: string) => {
      for (const [label, shape] of SHAPES) await like.expectLikeReference(`${when}: ${label}`, { ...shape, q: RARE });
      const all = await like.reference({ q: RARE });
      expect({ when, plain: all.includes(plain), moved: all.includes(moved), dropped: all.includes(dropped) }).toEqual({
        when,
        plain: true,
        moved: true,
        dropped: false,
      });
      expect(await like.reference({ q: RARE, status: 'submitted' })).toContain(moved);
    };
    await checks('listed');
    await catchUpTextIndex(indexer);
    await checks('read again');
  });
});
