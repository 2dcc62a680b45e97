import ExcelJS from 'exceljs';
import type { DocumentMonitoringDto, RoundDetailDto } from '@sansui/shared';
import { roundCircularHtml, roundCircularWorkbook } from './round-circular';

const finding = (id: number, address: string | null): RoundDetailDto['findings'][number] => ({
  id,
  roundId: 1,
  areaId: 3,
  areaName: '北山街道',
  gridId: null,
  itemCode: 'A01',
  itemText: '路面有暴露垃圾',
  section: '道路清扫',
  location: { lat: 30.265432, lng: 120.145678 },
  address,
  count: 1,
  deduction: 5,
  note: null,
  photoIds: [],
  photos: [],
  inspectorUserId: 9,
  evidence: null,
  caseId: address ? 40 + id : null,
  createdAt: '2026-11-05T02:00:00.000Z',
});

const round: RoundDetailDto = {
  id: 1,
  kind: 'covert',
  name: '11 月第一次暗访',
  month: '2026-11',
  status: 'published',
  checklistVersion: 1,
  areaIds: [3],
  inspectorUserIds: [9],
  findingCount: 2,
  publishedAt: '2026-11-06T02:00:00.000Z',
  createdAt: '2026-11-05T01:00:00.000Z',
  areas: [{ areaId: 3, areaName: '北山街道', deduction: 10, score: 990, findings: 2, rank: 1 }],
  findings: [finding(1, '西湖区北山街道 平海路47号附近'), finding(2, null)],
} as RoundDetailDto;

const monitoring: DocumentMonitoringDto = {
  from: '2026-10-31T16:00:00.000Z',
  asOf: '2026-11-06T02:00:00.000Z',
  stored: true,
  items: [
    {
      key: 'garbage:case:7',
      change: 'new',
      areaId: 3,
      areaName: '北山街道',
      gridName: '平海路网格',
      address: null,
      categoryCode: 'garbage',
      categoryName: '垃圾乱堆',
      reason: 'repeated_cases',
      reasonText: '90 天内同类问题 3 件以上',
      since: '2026-11-04T02:00:00.000Z',
      lastEventAt: '2026-11-04T02:00:00.000Z',
      cleanDays: 1,
      clearsOn: '2027-01-04',
      clearedOn: null,
      caseCount: 3,
      findingCount: 0,
    },
  ],
};

describe('督查通报: places read as addresses, never coordinates', () => {
  it('the printable page has a 地点 column with the address, or the area while the address is unknown', () => {
    const html = roundCircularHtml(round, monitoring, new Date('2026-11-06T03:00:00Z'));
    expect(html).toContain('<th>地点</th>');
    expect(html).toContain('<td>西湖区北山街道 平海路47号附近</td>');
    expect(html).toContain('<td>北山街道（地址待识别）</td>');
    expect(html).not.toMatch(/30\.26|120\.14/);
  });

  it('the Excel list says the same', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await roundCircularWorkbook(round, monitoring, new Date())) as unknown as ExcelJS.Buffer);
    const places = wb
      .getWorksheet('问题清单')!
      .getColumn(7)
      .values.filter((v) => typeof v === 'string');
    // (the first string is the merged title row)
    expect(places.slice(1)).toEqual(['地点', '西湖区北山街道 平海路47号附近', '北山街道（地址待识别）']);
    expect(wb.getWorksheet('重点监控点位')!.getColumn(4).values).toContain('北山街道平海路网格（地址待识别）');
  });

  it('a monitoring point without an address is named by its area and grid, never by coordinates', () => {
    const html = roundCircularHtml(round, monitoring, new Date('2026-11-06T03:00:00Z'));
    expect(html).toContain('<h2>三、重点监控点位</h2>');
    expect(html).toMatch(
      /data-change="new"><td>1<\/td><td>本期新增<\/td><td>北山街道<\/td><td class="text">北山街道平海路网格（地址待识别）<\/td>/,
    );
    expect(html).toContain('已连续 1 天，如无新问题 2027-01-04 移出');
  });
});
