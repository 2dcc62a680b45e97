import type { ChecklistItemDto, MonitoringPointDto } from '@sansui/shared';
import { distanceM, type Point } from '../../lib/geo';

/** 重点监控点位在手机上的写法（docs/domain.md §16、§15：只写地址，不写坐标） */
export function monitoringPlace(p: Pick<MonitoringPointDto, 'address' | 'gridName' | 'areaName'>): string {
  if (p.address) return p.gridName ? `${p.address}（${p.gridName}）` : p.address;
  return `${p.areaName ?? ''}${p.gridName ?? ''}（地址待识别）`;
}

/** 已连续几天无问题、哪天移出 */
export function cleanText(p: Pick<MonitoringPointDto, 'cleanDays' | 'clearsOn'>): string {
  return `已连续 ${p.cleanDays} 天无新问题，如无新问题 ${p.clearsOn} 移出`;
}

/** 知道我在哪时按远近排（近的在前），否则保持服务端的顺序（最近出问题的在前） */
export function byDistance<T extends Pick<MonitoringPointDto, 'lat' | 'lng'>>(items: readonly T[], here: Point | null): T[] {
  if (!here) return [...items];
  return [...items].sort((a, b) => distanceM(here, a) - distanceM(here, b));
}

/** 在这个点位记录检查发现时先选好的条目：同一问题分类的第一条细则 */
export function itemForCategory(items: readonly ChecklistItemDto[], categoryCode: string | undefined): string | undefined {
  return categoryCode ? items.find((i) => i.categoryCode === categoryCode)?.code : undefined;
}
