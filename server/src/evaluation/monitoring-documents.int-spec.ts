import ExcelJS from 'exceljs';
import { chinaMonthPeriod, type BriefingDto, type DocumentMonitoringPointDto } from '@sansui/shared';
import { Area } from '../areas/area.entity';
import { Case } from '../cases/case.entity';
import { insertCase, insertPhoto, seedCaseWorld, type Actor, type CaseWorld } from '../testing/factories-cases';
import { REPORT_TEST_AREA } from '../testing/factories-reports';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DEMO_CHECKLIST } from './demo-checklist';
import { InspectionRound } from './inspection-round.entity';

const DAY = 86_400_000;
const { lat, lng } = REPORT_TEST_AREA.centre;
/** Spots of grid A, 300 m apart (each farther than any duplicate radius from the others). */
const spot = (i: number) => ({ lat: lat - 0.008 + i * 0.003, lng });
const ago = (days: number) => new Date(Date.now() - days * DAY);

/**
 * docs/domain.md §16: the 督查通报 and the 简报 list the 重点监控点位 of their areas in their period — new, still
 * listed, cleared — as they stood when published, and a covert round's points stay out of sight until it is.
 */
describe('evaluation: 重点监控点位 in the 督查通报 and the 简报', () => {
  let t: TestApp;
  let w: CaseWorld;
  let districtId: number;
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  /** The key of each spot's point: its category and the first case there. */
  const keys: Record<'fresh' | 'listed' | 'cleared' | 'old', string> = { fresh: '', listed: '', cleared: '', old: '' };
  const firstCases: Record<string, number> = {};

  const api = (method: 'get' | 'post' | 'put', path: string, who: Actor, body?: object) =>
    t.http()[method](`/api/v1${path}`).set(who.auth).send(body);
  /** Three cases at a spot, `days` days ago each. */
  const threeCases = async (name: keyof typeof keys, at: { lat: number; lng: number }, days: number[]) => {
    const ids: number[] = [];
    for (const d of days) {
      const c = await insertCase(t, {
        status: 'dispatched',
        reporterId: w.resident.user.id,
        gridId: w.gridAId,
        categoryCode: 'exposed_garbage',
        address: `测试路 ${name} 号`,
        ...at,
      });
      await t.db.getRepository(Case).update({ id: c.id }, { createdAt: ago(d) });
      ids.push(c.id);
    }
    keys[name] = `exposed_garbage:case:${ids[0]}`;
    firstCases[name] = ids[0];
  };
  const round = async (kind: 'covert' | 'open', name: string) =>
    (
      await api('post', '/inspection-rounds', w.dispatcher, {
        kind,
        name,
        month,
        areaIds: [districtId],
        inspectorUserIds: [w.inspector.user.id],
      }).expect(201)
    ).body.id as number;
  const finding = async (roundId: number, p: { lat: number; lng: number }) =>
    api('post', `/inspection-rounds/${roundId}/findings`, w.inspector, {
      itemCode: 'A03',
      location: p,
      photoIds: [(await insertPhoto(t, w.inspector.user.id)).id],
    }).expect(201);
  const publish = (roundId: number) => api('post', `/inspection-rounds/${roundId}/publish`, w.dispatcher).expect(200);
  /** The rows of the printable circular's 重点监控点位 table: point key → 本期情况. */
  const circularRows = async (roundId: number, who: Actor = w.dispatcher) => {
    const res = await api('get', `/inspection-rounds/${roundId}/circular`, who).expect(200);
    return {
      html: res.text,
      rows: Object.fromEntries([...res.text.matchAll(/data-point="([^"]+)" data-change="(\w+)"/g)].map((m) => [m[1], m[2]])),
    };
  };
  const briefing = async () => (await api('get', `/evaluations/briefing?month=${month}`, w.dispatcher).expect(200)).body as BriefingDto;
  const changes = (items: DocumentMonitoringPointDto[]) => Object.fromEntries(items.map((p) => [p.key, p.change]));

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedCaseWorld(t);
    districtId = (await t.db.getRepository(Area).findOneByOrFail({ level: 'district' })).id;
    await api('put', '/checklist', w.admin, { items: DEMO_CHECKLIST }).expect(200);
    await threeCases('fresh', spot(0), [8, 6, 4]); // listed 4 days ago
    await threeCases('listed', spot(1), [30, 25, 20]); // listed 20 days ago, clean since
    await threeCases('cleared', spot(2), [75, 70, 66]); // 60 clean days complete: left the list 5 days ago
    await threeCases('old', spot(3), [95, 90, 85]); // left the list 24 days ago
  }, 180_000); // an app and a case world: a few seconds, minutes on a loaded 2-core CI box
  afterAll(() => t?.close());

  it('the 督查通报 lists its areas’ points new in its period, still listed, and cleared in it, in the page and the Excel', async () => {
    // The previous round of the area was published 10 days ago: this round's period starts there.
    const previous = await round('open', '上一轮明查');
    await publish(previous);
    await t.db.getRepository(InspectionRound).update({ id: previous }, { publishedAt: ago(10) });
    const id = await round('open', '本轮明查');
    await finding(id, spot(5));
    await publish(id);

    const { html, rows } = await circularRows(id);
    expect(rows).toEqual({ [keys.fresh]: 'new', [keys.listed]: 'listed', [keys.cleared]: 'cleared' });
    expect(html).toContain('<h2>三、重点监控点位</h2>');
    expect(html).toMatch(/本期新增 1 处，继续监控 1 处，本期移出 1 处/);
    expect(html).toContain('测试路 fresh 号（测试网格一）');
    expect(html).toContain('90 天内同类问题 3 件以上');
    expect(html).toMatch(/连续 60 天无问题，\d{4}-\d{2}-\d{2} 移出/);
    expect(html).not.toMatch(/31\.2\d{3,}/); // places are addresses, never coordinates

    const xlsx = await api('get', `/inspection-rounds/${id}/circular?format=xlsx`, w.dispatcher)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ExcelJS.Buffer);
    const sheet = wb.getWorksheet('重点监控点位')!;
    const states = sheet.getColumn(2).values.filter((v) => typeof v === 'string');
    expect(states).toEqual(expect.arrayContaining(['本期情况', '本期新增', '继续监控', '本期移出']));
    expect(sheet.getColumn(4).values).toContain('测试路 listed 号（测试网格一）');
  });

  it('a published circular keeps its points: a case rejected later changes the live list, not the document', async () => {
    const [id] = (await t.db.getRepository(InspectionRound).find({ where: { name: '本轮明查' } })).map((r) => r.id);
    await t.db.getRepository(Case).update({ id: firstCases.fresh }, { status: 'rejected' });
    const live = (await api('get', '/monitoring-points', w.dispatcher).expect(200)).body.items as { key: string }[];
    expect(live.map((p) => p.key)).not.toContain(keys.fresh);
    expect((await circularRows(id)).rows[keys.fresh]).toBe('new');
    await t.db.getRepository(Case).update({ id: firstCases.fresh }, { status: 'dispatched' });
  });

  it('a covert round’s repeated finding stays hidden from the inspected until the round is published', async () => {
    // SQLite keeps a row's createdAt to the second while publishedAt has milliseconds: on a fast machine this
    // round's finding could be stamped before the previous round's publication. A minute apart, as in the street.
    const [previous] = await t.db.getRepository(InspectionRound).find({ where: { name: '本轮明查' } });
    await t.db.getRepository(InspectionRound).update({ id: previous.id }, { publishedAt: new Date(Date.now() - 60_000) });
    const covert = await round('covert', '本轮暗访');
    await finding(covert, spot(5)); // the previous round found the same item here
    // The inspected: no round, no circular.
    expect((await api('get', `/inspection-rounds/${covert}/circular`, w.handlerA)).status).toBe(404);
    // And the point is nowhere yet: not in the live list, not in the month's 简报.
    const atSpot = (items: { lat?: number; address?: string | null; reason: string }[]) =>
      items.filter((p) => p.reason === 'repeated_findings');
    expect(atSpot((await api('get', '/monitoring-points', w.dispatcher).expect(200)).body.items)).toEqual([]);
    expect(atSpot((await briefing()).monitoring.items)).toEqual([]);

    await publish(covert);
    const { html, rows } = await circularRows(covert, w.handlerA);
    // The two rounds' findings at spot 5 (with the case the first one opened) are the one new point of this circular.
    const known = new Set(Object.values(keys));
    expect(Object.entries(rows).filter(([k]) => !known.has(k))).toEqual([[expect.any(String), 'new']]);
    expect(html).toMatch(/data-change="new">(?:(?!<\/tr>).)*连续两轮检查发现同类问题/);
  });

  it('the 简报 lists the month’s points and, once the month is published, keeps them as published', async () => {
    const [monthStart] = chinaMonthPeriod(month);
    const expected = (since: Date) => (since >= monthStart ? 'new' : 'listed');
    const before = await briefing();
    expect(before.monitoring.stored).toBe(false);
    const got = changes(before.monitoring.items);
    expect(got[keys.fresh]).toBe(expected(ago(4)));
    expect(got[keys.listed]).toBe(expected(ago(20)));
    // Left the list 5 days ago: cleared in this month if that day is in it, else not in this month's brief at all.
    expect(got[keys.cleared]).toBe(ago(5) >= monthStart ? 'cleared' : undefined);
    expect(got[keys.old]).toBeUndefined();
    expect(before.monitoring.items.some((p) => p.reason === 'repeated_findings')).toBe(true);

    await api('post', `/evaluations/${month}/publish`, w.dispatcher).expect(200);
    await t.db.getRepository(Case).update({ id: firstCases.listed }, { status: 'rejected' });
    const after = await briefing();
    expect(after.monitoring.stored).toBe(true);
    expect(changes(after.monitoring.items)).toEqual(got);
    const html = (await api('get', `/evaluations/briefing/document?month=${month}`, w.dispatcher).expect(200)).text;
    expect(html).toContain('<h2>五、重点监控点位</h2>');
    expect(html).toContain('测试路 listed 号（测试网格一）');
  });
});
