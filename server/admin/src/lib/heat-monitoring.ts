import type { MonitoringPointDto, MonitoringReason } from '@sansui/shared';

/** 重点监控点位 on the grid heat map (docs/domain.md §16): which points it draws and what their marker says. */

/** The same colours as the 重点监控点位 page: red for repeated cases, purple for repeated findings. */
export const MONITORING_MARKER_COLORS: Record<MonitoringReason, string> = { repeated_cases: '#cf1322', repeated_findings: '#722ed1' };
export const MONITORING_MARKER_LABELS: Record<MonitoringReason, string> = {
  repeated_cases: '同类问题多发',
  repeated_findings: '连续两轮检查发现',
};

/** The points inside the grids the heat map shows, of its category when one is chosen. */
export function pointsOnHeatMap(
  items: readonly MonitoringPointDto[],
  gridIds: ReadonlySet<number>,
  categoryCode?: string,
): MonitoringPointDto[] {
  return items.filter((p) => p.gridId !== null && gridIds.has(p.gridId) && (!categoryCode || p.categoryCode === categoryCode));
}

/** Where the point is, in words (never coordinates, docs/domain.md §15). */
export function monitoringPlace(p: MonitoringPointDto): string {
  if (p.address) return p.gridName ? `${p.address}（${p.gridName}）` : p.address;
  return p.gridName ?? p.areaName ?? '地址待识别';
}

/** The marker's tooltip / popup, line by line. */
export function monitoringLines(p: MonitoringPointDto): string[] {
  return [
    `重点监控点位：${monitoringPlace(p)}`,
    `问题分类：${p.categoryName}`,
    `列入原因：${p.reasonText}`,
    `已连续 ${p.cleanDays} 天无新问题，如无新问题 ${p.clearsOn} 移出`,
  ];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function monitoringHtml(p: MonitoringPointDto): string {
  const [first, ...rest] = monitoringLines(p).map(escapeHtml);
  return `<div class="monitoring-popup" data-point="${escapeHtml(p.key)}"><b>${first}</b><br>${rest.join('<br>')}</div>`;
}
