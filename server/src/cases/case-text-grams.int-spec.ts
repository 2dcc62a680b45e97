import type { AuthUser } from '../common/auth/auth-user';
import { analyze, cityCaseRow, insertInChunks, onMysql } from '../testing/bulk-seed';
import { statementRecorder } from '../testing/statements';
import { startTestApp, type TestApp } from '../testing/test-app';
import { CaseQueryService } from './case-query.service';
import { CASE_TEXT_BLOCK, textPieces } from './case-text-grams';
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

/**
 * The search box's words through the text index (case-text-grams.ts): the same cases, order and total as the plain
 * `LIKE` over description, address and landmark, across writes that change the text; and words no case holds are
 * answered without reading the cases by anything but their key.
 */
describe('search box words (case_text_grams)', () => {
  let t: TestApp;
  let svc: CaseQueryService;
  const dispatcher: AuthUser = { id: 1, kind: 'staff', roles: ['dispatcher'], departmentId: null };
  const n = 3 * CASE_TEXT_BLOCK + 200;

  beforeAll(async () => {
    t = await startTestApp();
    svc = t.app.get(CaseQueryService);
    const now = Date.now();
    const rows = Array.from({ length: n }, (_, i) => {
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
      });
    });
    await insertInChunks(t, Case, rows);
    await analyze(t, ['cases', 'case_text_grams']);
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

  const QUERIES = [
    '垃圾',
    '圾',
    '井盖问题',
    '人民路',
    '人民路灯',
    '人民路1',
    '12号楼',
    '号',
    'wifi',
    'WIFI',
    'Wi',
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
    '积水问题已',
    '路灯问题，编号5',
    'Z',
    '屿',
  ];

  it.each(QUERIES)('"%s": the same cases and total as the LIKE, newest first', async (text) => {
    const expected = await reference(text);
    const got = await walk({ q: text }, true);
    expect(got.ids).toEqual(expected);
    expect(got.total).toBe(Math.min(expected.length, 10_000));
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

  it('follows writes that change the text: an edit, an address filled in, a landmark, a new case', async () => {
    const [{ id: last }] = (await t.db.query('SELECT MAX(id) AS id FROM cases')) as { id: number }[];
    const far = Number(last);
    await t.db.query('UPDATE cases SET description = ? WHERE id = ?', ['新出现的塌陷坑', far]);
    await t.db.query('UPDATE cases SET address = ? WHERE id = ?', ['迎春路7号', far - 1]);
    await t.db.query('UPDATE cases SET landmark = ? WHERE id = ?', ['Ｘ光诊所', far - 2]);
    await t.db.query('UPDATE cases SET status = ? WHERE id = ?', ['closed', far - 3]);
    const now = Date.now();
    await insertInChunks(t, Case, [
      cityCaseRow(n, now, { status: 'submitted', primaryReportId: n + 1, description: '全新的Rare词', createdAt: new Date(now) }),
    ]);
    for (const text of ['塌陷坑', '迎春路', '光诊', 'rare词', '全新', '塌']) {
      const expected = await reference(text);
      expect(expected.length).toBeGreaterThan(0);
      expect((await walk({ q: text }, true)).ids).toEqual(expected);
    }
    // An edit that drops the words: found by the pieces left behind, judged out by the LIKE.
    await t.db.query('UPDATE cases SET description = ? WHERE id = ?', ['已处理', far]);
    expect((await walk({ q: '塌陷坑' }, true)).ids).toEqual([]);
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
      const onCases = statements.filter((s) => /\bFROM cases c\b/.test(s.sql));
      expect(onCases.length).toBeGreaterThan(0);
      for (const s of onCases) {
        if (onMysql(t)) {
          const rows = (await t.db.query(`EXPLAIN ${s.sql}`, s.params)) as {
            table: string | null;
            type: string | null;
            key: string | null;
          }[];
          for (const r of rows.filter((x) => x.table === 'c')) expect({ sql: s.sql, key: r.key }).toEqual({ sql: s.sql, key: 'PRIMARY' });
        } else {
          const rows = (await t.db.query(`EXPLAIN QUERY PLAN ${s.sql}`, s.params)) as { detail: string }[];
          const onC = rows.map((r) => r.detail).filter((d) => /^(SCAN|SEARCH) c\b/.test(d));
          expect(onC.length).toBeGreaterThan(0);
          for (const d of onC)
            expect({ sql: s.sql, d }).toEqual({ sql: s.sql, d: expect.stringMatching(/^SEARCH c USING INTEGER PRIMARY KEY/) });
        }
      }
    }
  });

  it('keeps the index with both triggers, and a piece no case holds has no block', async () => {
    const triggers = onMysql(t)
      ? ((await t.db.query("SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_TABLE = 'cases'")) as {
          name: string;
        }[])
      : ((await t.db.query("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases'")) as { name: string }[]);
    expect(triggers.map((r) => r.name)).toEqual(expect.arrayContaining(['case_text_grams_new_case', 'case_text_grams_edit']));
    if (onMysql(t)) {
      // The pieces are written before the roll-up's upsert takes its shared row (held until the commit).
      const order = (await t.db.query(
        "SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_TABLE = 'cases' AND EVENT_MANIPULATION = 'INSERT' AND TRIGGER_SCHEMA = DATABASE() ORDER BY ACTION_ORDER",
      )) as { name: string }[];
      const names = order.map((r) => r.name);
      expect(names).toContain('case_day_figures_new_case');
      expect(names.indexOf('case_text_grams_new_case')).toBeLessThan(names.indexOf('case_day_figures_new_case'));
    }
    const blocks = async (piece: string) =>
      ((await t.db.query('SELECT block FROM case_text_grams WHERE gram = ? ORDER BY block', [piece])) as { block: number }[]).map((r) =>
        Number(r.block),
      );
    expect(await blocks('人民')).toEqual([0]);
    expect(await blocks('垃圾')).toEqual([0, 1, 2, 3]);
    expect(await blocks('屿')).toEqual([]);
    expect(await blocks('民路灯')).toEqual([]);
    expect(textPieces('人民路')).toEqual(['人民路']);
    expect(textPieces('人民路灯')).toEqual(['人民路', '民路灯']);
    expect(textPieces('WiFi')).toEqual(['wif', 'ifi']);
  });
});
