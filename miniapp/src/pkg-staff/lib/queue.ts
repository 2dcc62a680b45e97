import type { CaseListItemDto } from '@sansui/shared';

/**
 * 部门待办的顺序（纯函数）：超期的在最前（超得最久的第一个），然后按剩余时间从少到多，
 * 没有时限的放最后；同样剩余时间的按案卷号。
 */
export function queueOrder<T extends Pick<CaseListItemDto, 'id' | 'timeLeftMinutes' | 'overdue'>>(items: readonly T[]): T[] {
  const key = (c: T) => (c.timeLeftMinutes === null ? Number.POSITIVE_INFINITY : c.timeLeftMinutes);
  return [...items].sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    return key(a) - key(b) || a.id - b.id;
  });
}

/** 剩余时间的一句话：“剩 3 小时 20 分” / “超期 2 天 4 小时” / “不计时” */
export function remainingText(minutes: number | null): string {
  if (minutes === null) return '不计时';
  const span = duration(Math.abs(minutes));
  return minutes < 0 ? `超期 ${span}` : `剩 ${span}`;
}

function duration(min: number): string {
  if (min < 60) return `${Math.max(1, Math.round(min))} 分钟`;
  const hours = Math.floor(min / 60);
  if (hours < 24) return min % 60 ? `${hours} 小时 ${min % 60} 分` : `${hours} 小时`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} 天 ${hours % 24} 小时` : `${days} 天`;
}

/** 距离的一句话（米 → “约 350 米” / “约 2.4 公里”），从不显示坐标 */
export function distanceText(m: number): string {
  if (m < 1000) return `约 ${Math.max(10, Math.round(m / 10) * 10)} 米`;
  return `约 ${(m / 1000).toFixed(1)} 公里`;
}
