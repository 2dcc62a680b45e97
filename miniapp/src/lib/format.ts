import { formatFen, CHINA_OFFSET_MS } from '@sansui/shared';

/** 金额一律用整数“分”，显示成元：200 → ¥2.00 */
export { formatFen };

/** 大数字：12345 → 1.2万 */
export function formatCount(n: number | undefined | null): string {
  if (n === undefined || n === null || !Number.isFinite(n)) return '—';
  if (n >= 100000) return `${Math.floor(n / 10000)}万`;
  if (n >= 10000) return `${(Math.floor(n / 1000) / 10).toFixed(1)}万`;
  return String(n);
}

/** 距提交过了多久：刚刚 / 5 分钟前 / 3 小时前 / 2 天前 / 11月3日 */
export function timeAgo(iso: string | number | Date, now: number = Date.now()): string {
  const t = new Date(iso).getTime();
  if (!Number.isFinite(t)) return '';
  const diff = Math.max(0, now - t);
  const min = Math.floor(diff / 60000);
  if (min < 1) return '刚刚';
  if (min < 60) return `${min} 分钟前`;
  const hours = Math.floor(min / 60);
  if (hours < 24) return `${hours} 小时前`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `${days} 天前`;
  return formatDate(t);
}

/** 11月3日 14:05（北京时间） */
export function formatDateTime(iso: string | number | Date): string {
  const d = beijing(iso);
  if (!d) return '';
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function formatDate(iso: string | number | Date): string {
  const d = beijing(iso);
  if (!d) return '';
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

function beijing(iso: string | number | Date): Date | undefined {
  const t = new Date(iso).getTime();
  if (!Number.isFinite(t)) return undefined;
  return new Date(t + CHINA_OFFSET_MS);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Timeline entries newest first. The server sends them oldest first; its order breaks ties between entries of the same second. */
export function newestFirst<T extends { at: string }>(entries: readonly T[]): T[] {
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => Date.parse(b.entry.at) - Date.parse(a.entry.at) || b.i - a.i)
    .map(({ entry }) => entry);
}
