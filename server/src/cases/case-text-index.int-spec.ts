import type { AuthUser } from '../common/auth/auth-user';
import { Transactions } from '../database/transactions';
import { analyze, cityCaseRow, insertInChunks, onMysql } from '../testing/bulk-seed';
import { expectCasesByKey, statementRecorder } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { catchUpTextIndex } from '../testing/word-search';
import { CaseQueryService } from './case-query.service';
import { CASE_TEXT_BLOCK, RUN_COLUMNS, blockPieces, textPieces, type CaseTexts } from './case-text-index';
import { CaseTextIndexer } from './case-text-indexer';
import { Case } from './case.entity';
import type { CaseListQueryDto } from './dto/case-list-query.dto';

const STATUSES = ['submitted', 'dispatched', 'in_progress', 'resolved', 'closed'] as const;
const PLACES = ['人民路12号楼', '解放路', '中山北路88号', 'Block B-7 东门', '世纪大道100%广场', '滨江_公园', '阳光!小区', null];
const WORDS = ['垃圾', '井盖', '路灯', '积水', '占道', '噪音', '树枝', '违停', 'WiFi', 'abc', '50%', 'a_b', 'x!y'];

/** A generated description: two of WORDS with filler, or none (null). */
function description(i: number): string | null {
  if (i % 11 === 0) return null;
  return `${WORDS[i % WORDS.length]}问题${i % 7 === 0 ? WORDS[(i * 5) % WORDS.length] : '已上报'}，编号${i % 97}`;
}

const QUERIES = [
  '垃圾',
  '圾',
  '井盖问题',
  '人民路',
  '人民路灯',
  '12号楼',
  '号',
  'wifi',
  'WIFI',
  'b-7',
  'BLOCK B',
  '50%',
  '%',
  'a_b',
  '_',
  'x!y',
  '!',
  '100%广',
  'soho',
  '没有这样的地址',
  '垃圾井盖',
  '路灯问题，编号5',
  '屿',
];

/**
 * The search box's words through the text index kept behind the writes (case-text-index.ts, CaseTextIndexer): the
 * same cases, order and total as the plain `LIKE` over description, address and landmark before the indexer ran,
 * half way, caught up, across edits and new cases racing it; words no case holds read the cases only by key; two
 * indexers at once build the index one would; a status change lists its case for the indexer (its pieces gain the
 * status's bit: case-text-statuses.int-spec).
 */
describe('search box words (case_text_grams kept behind the writes)', () => {
  let t: TestApp;
  let svc: CaseQueryService;
  let indexer: CaseTextIndexer;
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const n = 3 * CASE_TEXT_BLOCK + 200;
  const now = Date.now();
  const row = (i: number, text?: Partial<Case>) => {
    const status = STATUSES[i % STATUSES.length];
    return cityCaseRow(i, now - i * 1000, {
      status,
      departmentId: status === 'submitted' ? null : (i % 5) + 1,
      categoryCode: i % 3 === 0 ? 'road_damage' : 'exposed_garbage',
      primaryReportId: i + 1,
      description: description(i),
      // Only the first block's cases have places: the other blocks hold none of their pieces.
      address: i < CASE_TEXT_BLOCK - 10 ? PLACES[i % PLACES.length] : null,
      landmark: i % 13 === 0 ? 'SOHO大厦' : null,
      createdAt: new Date(now - i * 60_000),
      ...text,
    });
  };

  beforeAll(async () => {
    t = await startTestApp();
    svc = t.app.get(CaseQueryService);
    indexer = t.app.get(CaseTextIndexer);
    await insertInChunks(
      t,
      Case,
      Array.from({ length: n }, (_, i) => row(i)),
    );
    await analyze(t, ['cases']);
  });
  afterAll(() => t.close());

  /** Every page of a list through the service, with the index used (`true`) or not (the walks as before). */
  async function walk(q: CaseListQueryDto, indexed: boolean) {
    const before = svc.textScanBlocks;
    svc.textScanBlocks = indexed ? before : -1;
    try {
      const ids: number[] = [];
      let after: string | undefined;
      let total = -1;
      for (let guard = 0; guard < 100; guard++) {
        const page = await svc.list(dispatcher, { ...q, pageSize: 100, after });
        ids.push(...page.items.map((c) => c.id));
        if (total < 0) total = page.total;
        if (!page.next) break;
        after = page.next;
      }
      return { ids, total };
    } finally {
      svc.textScanBlocks = before;
    }
  }

  /** The plain reference: every case whose text holds `text` (LIKE, `%`/`_`/`!` literal), newest first. */
  async function reference(text: string): Promise<number[]> {
    const like = `%${text.replace(/[%_!]/g, (m) => `!${m}`)}%`;
    const rows = (await t.db.query(
      "SELECT id FROM cases c WHERE c.description LIKE ? ESCAPE '!' OR c.address LIKE ? ESCAPE '!' OR c.landmark LIKE ? ESCAPE '!' ORDER BY c.createdAt DESC, c.id DESC",
      [like, like, like],
    )) as { id: number | string }[];
    return rows.map((r) => Number(r.id));
  }

  async function expectLikeReference(texts: string[]) {
    for (const text of texts) {
      const expected = await reference(text);
      const got = await walk({ q: text }, true);
      expect({ text, ...got }).toEqual({ text, ids: expected, total: Math.min(expected.length, 10_000) });
    }
  }

  const watermark = async () =>
    Number(((await t.db.query('SELECT blocks FROM case_text_index WHERE id = 1')) as { blocks: number }[])[0].blocks);
  const changesListed = async () => Number(((await t.db.query('SELECT COUNT(*) AS n FROM case_text_changes')) as { n: number }[])[0].n);

  /**
   * The index holds what one indexer builds from the cases as they are now, below the watermark: compared in the
   * database, as MariaDB's collation compares pieces (`k ` is `k` there, `Ｘ` is `x`).
   */
  async function expectIndexAsBuilt() {
    const below = (await watermark()) * CASE_TEXT_BLOCK;
    const rows = (await t.db.query('SELECT id, status, description, address, landmark FROM cases WHERE id < ?', [below])) as CaseTexts[];
    const expected = blockPieces(rows);
    await t.db.query('DROP TABLE IF EXISTS expected_text_grams');
    await t.db.query(
      `CREATE TABLE expected_text_grams AS SELECT gram, block, statuses, ${RUN_COLUMNS.join(', ')} FROM case_text_grams WHERE 1 = 0`,
    );
    for (let i = 0; i < expected.length; i += 500) {
      const chunk = expected.slice(i, i + 500);
      await t.db.query(
        `INSERT INTO expected_text_grams (gram, block, statuses, ${RUN_COLUMNS.join(', ')}) VALUES ${chunk.map(() => `(?, ?, ?${', ?'.repeat(RUN_COLUMNS.length)})`).join(', ')}`,
        chunk.flat(),
      );
    }
    // Pieces equal under MariaDB's collation are one row there: their statuses and runs ORed.
    const covers = (column: string) => `(b.${column} & a.${column}) = a.${column}`;
    const notIn = (a: string, b: string) =>
      t.db.query(
        `SELECT a.block, a.gram FROM ${a} a WHERE NOT EXISTS (SELECT 1 FROM ${b} b WHERE b.gram = a.gram AND b.block = a.block AND ${['statuses', ...RUN_COLUMNS].map(covers).join(' AND ')})`,
      );
    expect(expected.length).toBeGreaterThan(1000);
    expect({
      missing: await notIn('expected_text_grams', 'case_text_grams'),
      extra: await notIn('case_text_grams', 'expected_text_grams'),
    }).toEqual({
      missing: [],
      extra: [],
    });
  }

  it('before the indexer ran: the same cases and totals as the LIKE (nothing indexed, every case read with it)', async () => {
    expect(await watermark()).toBe(0);
    await expectLikeReference(QUERIES);
  });

  it('half indexed, then caught up: the same cases and totals as the LIKE', async () => {
    expect(await indexer.fillNextBlock()).toBe(true);
    expect(await indexer.fillNextBlock()).toBe(true);
    expect(await watermark()).toBe(2);
    await expectLikeReference(QUERIES);
    await catchUpTextIndex(indexer);
    // The last block is not complete: no case past it yet, so it stays above the watermark.
    expect(await watermark()).toBe(3);
    expect(await indexer.fillNextBlock()).toBe(false);
    await expectLikeReference(QUERIES);
    await expectIndexAsBuilt();
  });

  const SHAPES: [string, CaseListQueryDto][] = [
    ['board by deadline', { status: 'dispatched,in_progress,resolved,closed', sort: 'deadline' }],
    ['board by people affected, department', { status: 'dispatched,in_progress', sort: '-meTooCount', departmentId: 2 }],
    ['triage + category', { status: 'submitted', sort: 'createdAt', categoryCode: 'road_damage' }],
    ['verify by update', { status: 'resolved', sort: '-updatedAt' }],
  ];

  it.each(SHAPES)('%s: the same pages with the index as without, for words found and not', async (_, shape) => {
    for (const text of ['垃圾', '人民路', 'wifi', '50%', '没有这样的地址', '垃圾井盖', '号']) {
      const [indexed, walked] = [await walk({ ...shape, q: text }, true), await walk({ ...shape, q: text }, false)];
      expect({ text, ...indexed }).toEqual({ text, ...walked });
    }
  });

  it('answers words no case holds without reading the cases but by key', async () => {
    const record = statementRecorder(t);
    for (const q of [
      { q: '没有这样的地址' },
      { q: '屿', status: 'dispatched,in_progress,resolved,closed', sort: 'deadline' as const },
      { q: 'soho广场', status: 'resolved', sort: '-updatedAt' as const },
    ]) {
      const { result, statements } = await record(() => svc.list(dispatcher, q));
      expect(result.items).toEqual([]);
      await expectCasesByKey(t, statements);
    }
  });

  it('an update that changes neither the texts nor the status writes nothing to the index tables; a text edit or a status change lists its case once', async () => {
    const count = async () =>
      (await t.db.query(
        'SELECT (SELECT COUNT(*) FROM case_text_grams) AS g, (SELECT COUNT(*) FROM case_text_changes) AS x, (SELECT blocks FROM case_text_index) AS b',
      )) as unknown[];
    const before = await count();
    await t.db.query('UPDATE cases SET status = status, updatedAt = updatedAt WHERE id = ?', [5]);
    await t.db.query('UPDATE cases SET description = description, address = address WHERE id = ?', [6]);
    expect(await count()).toEqual(before);
    await t.db.query('UPDATE cases SET address = ? WHERE id = ?', ['迎春路7号', 7]);
    expect(await changesListed()).toBe(1);
    // Case 5 is closed: now resolved.
    await t.db.query('UPDATE cases SET status = ? WHERE id = ?', ['resolved', 5]);
    expect(await changesListed()).toBe(2);
    await catchUpTextIndex(indexer);
    expect(await changesListed()).toBe(0);
  });

  it('follows edits and new cases, listed and drained, also while they race the indexer', async () => {
    const last = Number(((await t.db.query('SELECT MAX(id) AS id FROM cases')) as { id: number }[])[0].id);
    // Edits in indexed blocks, not yet read again: the LIKE reads them by key.
    await t.db.query('UPDATE cases SET description = ? WHERE id = ?', ['新出现的塌陷坑', 10]);
    await t.db.query('UPDATE cases SET address = ? WHERE id = ?', ['迎春路7号', CASE_TEXT_BLOCK + 3]);
    await t.db.query('UPDATE cases SET landmark = ? WHERE id = ?', ['Ｘ光诊所', 2 * CASE_TEXT_BLOCK + 5]);
    expect(await changesListed()).toBe(3);
    await expectLikeReference(['塌陷坑', '迎春路', '光诊', '塌']);
    // New cases and edits while the indexer runs: a block completes behind them, edits land before and after its reads.
    const indexing = (async () => {
      for (let i = 0; i < 40; i++) {
        await indexer.drainChanges();
        await indexer.fillNextBlock();
      }
    })();
    const writing = (async () => {
      for (let k = 0; k < 12; k++) {
        const base = n + k * 100;
        await insertInChunks(
          t,
          Case,
          Array.from({ length: 100 }, (_, j) => row(base + j, j === 7 ? { description: `全新的Rare词${k}` } : {})),
        );
        await t.db.query('UPDATE cases SET description = ? WHERE id = ?', [`改过的描述${k}号坑`, last - 300 + k * 25]);
      }
    })();
    await Promise.all([indexing, writing]);
    await expectLikeReference(['塌陷坑', '迎春路', '光诊', 'rare词', '全新', '改过的描述', '描述7号坑', '垃圾', '没有这样的地址']);
    await catchUpTextIndex(indexer);
    expect(await watermark()).toBe(4);
    expect(await changesListed()).toBe(0);
    await expectLikeReference(['塌陷坑', '迎春路', '光诊', 'rare词', '全新', '改过的描述', '描述7号坑', '垃圾', '没有这样的地址']);
    // An edit that drops the words: found by the pieces left behind, judged out by the LIKE.
    await t.db.query('UPDATE cases SET description = ? WHERE id = ?', ['已处理', 10]);
    await catchUpTextIndex(indexer);
    expect((await walk({ q: '塌陷坑' }, true)).ids).toEqual([]);
  });

  it('two indexers at once build the index one indexer builds', async () => {
    await t.db.query('DELETE FROM case_text_grams');
    await t.db.query('UPDATE case_text_index SET blocks = 0 WHERE id = 1');
    await t.db.query('UPDATE cases SET description = ? WHERE id IN (?, ?)', ['两个索引器之间的修改', 20, CASE_TEXT_BLOCK + 20]);
    const other = new CaseTextIndexer(t.db, t.app.get(Transactions));
    const run = async (x: CaseTextIndexer) => {
      for (let i = 0; i < 8; i++) {
        await x.drainChanges();
        await x.fillNextBlock();
      }
    };
    await Promise.all([run(indexer), run(other)]);
    await catchUpTextIndex(indexer);
    expect(await watermark()).toBe(4);
    await expectIndexAsBuilt();
    await expectLikeReference(['两个索引器', '垃圾', '人民路', '没有这样的地址']);
  });

  it('keeps the edit trigger on cases; the words become their pieces', async () => {
    const triggers = onMysql(t)
      ? ((await t.db.query(
          "SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_TABLE = 'cases' AND TRIGGER_SCHEMA = DATABASE()",
        )) as { name: string }[])
      : ((await t.db.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases'")) as { name: string }[]);
    expect(triggers.map((r) => r.name)).toContain('case_text_changed');
    expect(textPieces('人民路')).toEqual(['人民路']);
    expect(textPieces('人民路灯')).toEqual(['人民路', '民路灯']);
    expect(textPieces('WiFi')).toEqual(['wif', 'ifi']);
  });
});
