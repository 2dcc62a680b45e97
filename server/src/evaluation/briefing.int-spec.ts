import { Area } from '../areas/area.entity';
import { insertPhoto, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { REPORT_TEST_AREA } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { downloadWorkbook } from '../testing/workbook';
import { DEMO_CHECKLIST } from './demo-checklist';

const AT = REPORT_TEST_AREA.centre;

/** docs/domain.md §16: the 月度简报 — overview, ranking with the change on last month, top problems, 督办. */
describe('evaluation: monthly 简报', () => {
  let t: TestApp;
  let w: CaseWorld;
  let districtId: number;

  const api = (method: 'get' | 'post' | 'put', path: string, who: Actor, body?: object) =>
    t.http()[method](`/api/v1${path}`).set(who.auth).send(body);
  const publishedRound = async (kind: 'covert' | 'open', month: string, findings: [string, number][]) => {
    const id = (
      await api('post', '/inspection-rounds', w.dispatcher, { kind, name: `${month} ${kind}`, month, areaIds: [districtId] }).expect(201)
    ).body.id as number;
    for (const [itemCode, count] of findings)
      await api('post', `/inspection-rounds/${id}/findings`, w.dispatcher, {
        itemCode,
        location: AT,
        photoIds: [(await insertPhoto(t, w.dispatcher.user.id)).id],
        count,
      }).expect(201);
    await api('post', `/inspection-rounds/${id}/publish`, w.dispatcher).expect(200);
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    districtId = (await t.db.getRepository(Area).findOneByOrFail({ level: 'district' })).id;
    await api('put', '/checklist', w.admin, { items: DEMO_CHECKLIST }).expect(200);
  });
  afterAll(() => t?.close());

  it('sums the month, compares each area with last month and names the problems found most', async () => {
    await publishedRound('open', '2026-10', [['A01', 1]]);
    const covert = await publishedRound('covert', '2026-11', [
      ['A01', 3],
      ['B02', 1],
      ['A01', 1],
    ]);
    await publishedRound('open', '2026-11', [['C01', 2]]);
    const deadline = new Date(Date.now() + 3 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    await api('post', `/inspection-rounds/${covert}/supervision-notices`, w.dispatcher, { deadline }).expect(201);

    expect((await api('get', '/evaluations/briefing?month=2026-11', w.handlerA)).status).toBe(403);
    expect((await api('get', '/evaluations/briefing?month=11-2026', w.auditor)).body.code).toBe('MONTH_INVALID');
    const b = (await api('get', '/evaluations/briefing?month=2026-11', w.auditor).expect(200)).body;
    expect(b.title).toBe('2026 年 11 月城乡环境卫生考评简报');
    expect(b.published).toBeNull();
    // A01: 5 a time → 15 + 5; B02: 2; C01: 5 × 2.
    expect(b.overview).toEqual({ covertRounds: 1, openRounds: 1, findings: 4, deduction: 32, casesOpened: 4, casesClosed: 0 });
    expect(b.topProblems.map((p: { itemCode: string; occurrences: number }) => [p.itemCode, p.occurrences])).toEqual([
      ['A01', 4],
      ['C01', 2],
      ['B02', 1],
    ]);
    expect(b.topProblems[0]).toMatchObject({ section: '道路清扫与垃圾收运', findings: 2, deduction: 20 });
    expect(b.sections[0]).toEqual({ section: '道路清扫与垃圾收运', findings: 2, deduction: 20 });
    const area = b.ranking.find((r: { areaId: number }) => r.areaId === districtId);
    // October: open 995 only. November: covert 978, open 990 → (0.4·978 + 0.5·990) / 0.9.
    expect(area.previousTotal).toBe(995);
    expect(area.total).toBeCloseTo((0.4 * 978 + 0.5 * 990) / 0.9, 2);
    expect(area.change).toBeCloseTo(area.total - 995, 2);
    // A01 goes to sanitation, B02 to another department: one notice each.
    expect(b.supervision).toEqual({ issued: 2, awaitingReply: 2, overdue: 0, replied: 0, closed: 0 });

    // docs/domain.md §9: the 简报 prints the audit chain's latest anchor, so the head is kept on paper too.
    expect(b.auditAnchor).toBeNull();
    const anchor = (await api('post', '/audit/anchors', w.auditor).expect(201)).body.anchor;
    expect(anchor.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await api('get', '/evaluations/briefing?month=2026-11', w.auditor).expect(200)).body.auditAnchor).toEqual(anchor);

    const html = await api('get', '/evaluations/briefing/document?month=2026-11', w.dispatcher).expect(200);
    expect(html.text).toContain(`审计日志截至第 ${anchor.lastId} 条，哈希 ${anchor.hash}`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('2026 年 11 月城乡环境卫生考评简报');
    expect(html.text).toContain('发现问题 4 条，合计扣分 32 分');
    expect(html.text).toContain('下发督办通知 2 份');
    const { wb } = await downloadWorkbook(
      t.http().get('/api/v1/evaluations/briefing/document?month=2026-11&format=xlsx').set(w.dispatcher.auth),
    );
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['得分排名', '突出问题', '督办情况', '重点监控点位']);
    const lastRow = wb.getWorksheet('督办情况')!.lastRow!;
    expect(String(lastRow.getCell(1).value)).toContain(`哈希 ${anchor.hash}`);
    expect((await api('get', '/evaluations/briefing/document?month=2026-11&format=pdf', w.dispatcher)).status).toBe(400);
  });

  it('once the month is published the 简报 says so and uses the stored ranking', async () => {
    await api('post', '/evaluations/2026-11/publish', w.dispatcher).expect(200);
    const b = (await api('get', '/evaluations/briefing?month=2026-11', w.dispatcher).expect(200)).body;
    expect(b.published).toMatchObject({ byUserId: w.dispatcher.user.id });
  });
});
