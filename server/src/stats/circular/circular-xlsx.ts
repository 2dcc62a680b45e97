import type ExcelJS from 'exceljs';
import { newWorkbook } from '../../common/excel';
import { auditAnchorLine } from '@sansui/shared';
import type { CircularData } from './circular.service';
import { dateTime, hours, money, OVERDUE_HEADERS, pct, RANKING_HEADERS, REWORK_HEADERS } from './circular-format';

const FONT = '宋体';

/** The circular as an Excel workbook: 总体情况, 部门排名, 超期案卷, 返工案卷 — A4, printable widths, repeated header rows. */
export async function circularWorkbook(c: CircularData): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = '三随';
  wb.created = c.generatedAt;

  const summary = sheet(wb, '总体情况', [26, 30], 'portrait');
  title(summary, c.title, 2);
  summary.addRow([`统计时段：${c.period.label}（北京时间）`]);
  summary.addRow([`生成时间：${dateTime(c.generatedAt)}`]);
  summary.addRow([]);
  const t = c.totals;
  for (const [k, v] of [
    ['收到上报', t.reports],
    ['派遣案卷', t.received],
    ['结案', t.closed],
    ['按期处置率', pct(t.onTimeRate)],
    ['当前超期未办结', t.overdueNow],
    ['退单', t.returns],
    ['返工', t.reworks],
    ['居民满意率', pct(t.satisfactionRate)],
    ['红包发放（累计）', money(t.rewardsPaidFen)],
    ['证据已核实的结案', t.closedVerified],
    ['证据未核实占比', pct(t.unverifiedRate)],
  ] as const) {
    const row = summary.addRow([k, v]);
    row.getCell(1).font = { name: FONT, bold: true };
    row.getCell(2).alignment = { horizontal: 'left' };
  }
  summary.addRow([]);
  summary.addRow([auditAnchorLine(c.auditAnchor)]);

  const ranking = sheet(wb, '部门排名', [6, 22, 8, 8, 10, 10, 12, 10, 8, 8, 10, 10, 14, 10], 'landscape');
  title(ranking, `${c.title} · 部门排名`, RANKING_HEADERS.length);
  header(ranking, RANKING_HEADERS);
  for (const k of c.ranking)
    ranking.addRow([
      k.rank,
      k.departmentName,
      k.received,
      k.closed,
      k.closedVerified,
      pct(k.unverifiedRate),
      pct(k.onTimeRate),
      k.overdue,
      k.returns,
      k.reworks,
      pct(k.reworkRate),
      pct(k.firstTimeRightRate),
      hours(k.medianHandlingHours),
      pct(k.satisfactionRate),
    ]);
  if (c.ranking.length === 0) ranking.addRow(['', '本时段无部门办理案卷']);

  const overdue = sheet(wb, '超期案卷', [10, 20, 30, 20, 18, 12, 12, 18], 'landscape');
  title(overdue, `${c.title} · 超期案卷`, OVERDUE_HEADERS.length);
  header(overdue, OVERDUE_HEADERS);
  for (const o of c.overdue)
    overdue.addRow([
      o.caseId,
      o.category,
      o.address,
      o.department,
      dateTime(o.deadline),
      o.overdueHours,
      o.status,
      [o.open ? '仍未办结' : '逾期办结', o.severe ? '超期一倍以上' : ''].filter(Boolean).join('，'),
    ]);
  if (c.overdue.length === 0) overdue.addRow(['', '本时段无超期案卷']);

  const rework = sheet(wb, '返工案卷', [10, 20, 30, 22, 10, 14], 'landscape');
  title(rework, `${c.title} · 返工案卷`, REWORK_HEADERS.length);
  header(rework, REWORK_HEADERS);
  for (const r of c.reworked) rework.addRow([r.caseId, r.category, r.address, r.department, r.reworks, r.status]);
  if (c.reworked.length === 0) rework.addRow(['', '本时段无返工案卷']);

  for (const ws of wb.worksheets) {
    ws.eachRow((row, n) => {
      if (n > 1) row.eachCell((cell) => (cell.font = { name: FONT, size: 11, ...(cell.font?.bold ? { bold: true } : {}) }));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function sheet(wb: ExcelJS.Workbook, name: string, widths: number[], orientation: 'portrait' | 'landscape'): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

export function title(ws: ExcelJS.Worksheet, text: string, span: number): void {
  const row = ws.addRow([text]);
  ws.mergeCells(row.number, 1, row.number, span);
  row.height = 28;
  row.getCell(1).font = { name: FONT, size: 16, bold: true };
  row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
}

export function header(ws: ExcelJS.Worksheet, headers: readonly string[]): void {
  const row = ws.addRow([...headers]);
  row.eachCell((cell) => {
    cell.font = { name: FONT, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  ws.pageSetup.printTitlesRow = `${row.number}:${row.number}`;
  ws.views = [{ state: 'frozen', ySplit: row.number }];
}
