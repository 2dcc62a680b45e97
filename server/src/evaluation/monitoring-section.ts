import {
  chinaDay,
  MONITORING_CHANGE_LABELS,
  MONITORING_CLEAN_DAYS,
  type DocumentMonitoringDto,
  type DocumentMonitoringPointDto,
} from '@sansui/shared';
import type ExcelJS from 'exceljs';
import { header, sheet, title } from '../stats/circular/circular-xlsx';

/** The 重点监控点位 section shared by the 督查通报 and the 简报 (docs/domain.md §16): printable HTML and an Excel sheet. */

export const MONITORING_HEADERS = ['序号', '本期情况', '区域', '地点', '问题分类', '列入原因', '列入日期', '无问题天数'] as const;

const esc = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** The address; never coordinates (docs/domain.md §15). Without one, the area and grid still say where to look. */
export function monitoringPlace(p: DocumentMonitoringPointDto): string {
  if (p.address) return p.gridName ? `${p.address}（${p.gridName}）` : p.address;
  return `${p.areaName ?? ''}${p.gridName ?? ''}（地址待识别）`;
}

export function monitoringCleanText(p: DocumentMonitoringPointDto): string {
  return p.change === 'cleared'
    ? `连续 ${MONITORING_CLEAN_DAYS} 天无问题，${p.clearedOn} 移出`
    : `已连续 ${p.cleanDays} 天，如无新问题 ${p.clearsOn} 移出`;
}

export function monitoringSummary(m: DocumentMonitoringDto): string {
  const n = (c: DocumentMonitoringPointDto['change']) => m.items.filter((p) => p.change === c).length;
  return (
    `${chinaDay(new Date(m.from))} 至 ${chinaDay(new Date(m.asOf))}，受检区域内的重点监控点位：` +
    `本期新增 ${n('new')} 处，继续监控 ${n('listed')} 处，本期移出 ${n('cleared')} 处。` +
    `列入规则：同一地点 90 天内同类问题 3 件以上，或连续两轮检查发现同类问题；连续 ${MONITORING_CLEAN_DAYS} 天无新问题后移出。` +
    (m.stored ? '' : '（尚未发布，以下为当前计算结果。）')
  );
}

const row = (p: DocumentMonitoringPointDto, i: number) => [
  i + 1,
  MONITORING_CHANGE_LABELS[p.change],
  p.areaName ?? '—',
  monitoringPlace(p),
  p.categoryName,
  p.reasonText,
  chinaDay(new Date(p.since)),
  monitoringCleanText(p),
];

/** `<h2>` numbered by the caller, a lead line and the table. */
export function monitoringSectionHtml(heading: string, m: DocumentMonitoringDto): string {
  const body = m.items.length
    ? m.items
        .map(
          (p, i) =>
            `<tr class="monitoring-${p.change}" data-point="${esc(p.key)}" data-change="${p.change}">${row(p, i)
              .map((v, c) => `<td${c === 3 || c === 5 ? ' class="text"' : ''}>${esc(v)}</td>`)
              .join('')}</tr>`,
        )
        .join('\n')
    : `<tr><td colspan="${MONITORING_HEADERS.length}" class="empty">本期受检区域内没有重点监控点位</td></tr>`;
  return `<h2>${esc(heading)}</h2>
<p class="lead">${esc(monitoringSummary(m))}</p>
<table data-section="monitoring"><thead><tr>${MONITORING_HEADERS.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

export const MONITORING_CSS = `  tr.monitoring-new td { background: #fff1f0; }
  tr.monitoring-cleared td { color: #555; }
  table[data-section="monitoring"] :is(td, th):is(:nth-child(-n + 3), :nth-child(7)) { white-space: nowrap; }`;

export function monitoringSheet(wb: ExcelJS.Workbook, docTitle: string, m: DocumentMonitoringDto): void {
  const ws = sheet(wb, '重点监控点位', [6, 10, 12, 36, 14, 24, 12, 30], 'landscape');
  title(ws, `${docTitle} · 重点监控点位`, MONITORING_HEADERS.length);
  ws.addRow([monitoringSummary(m)]);
  header(ws, MONITORING_HEADERS);
  m.items.forEach((p, i) => {
    const r = ws.addRow(row(p, i));
    r.getCell(4).alignment = { wrapText: true, vertical: 'top' };
  });
  if (m.items.length === 0) ws.addRow(['', '本期受检区域内没有重点监控点位']);
}
