import { CHINA_OFFSET_MS } from '@sansui/shared';
/** Time left until a deadline, as staff read it in queues ("剩 3小时12分", "超期 1天2小时"). */

export interface Countdown {
  text: string;
  overdue: boolean;
  /** Less than a quarter of the time left: show in orange. */
  urgent: boolean;
  minutes: number;
}

function span(totalMinutes: number): string {
  const m = Math.abs(Math.trunc(totalMinutes));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d > 0) return h > 0 ? `${d}天${h}小时` : `${d}天`;
  if (h > 0) return min > 0 ? `${h}小时${min}分` : `${h}小时`;
  return `${min}分钟`;
}

export function formatMinutesLeft(minutes: number): string {
  if (minutes < 0) return `超期 ${span(minutes)}`;
  if (minutes < 1) return '即将到期';
  return `剩 ${span(minutes)}`;
}

export function countdown(deadline: string | null | undefined, now: number = Date.now(), slaHours?: number): Countdown | null {
  if (!deadline) return null;
  const t = Date.parse(deadline);
  if (Number.isNaN(t)) return null;
  const minutes = Math.floor((t - now) / 60_000);
  const urgent = minutes >= 0 && (slaHours ? minutes < slaHours * 15 : minutes < 60);
  return { text: formatMinutesLeft(minutes), overdue: minutes < 0, urgent, minutes };
}

/** Formats an ISO time in Beijing time for tables. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const bj = new Date(d.getTime() + CHINA_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${bj.getUTCFullYear()}-${p(bj.getUTCMonth() + 1)}-${p(bj.getUTCDate())} ${p(bj.getUTCHours())}:${p(bj.getUTCMinutes())}`;
}

export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(Math.round(rate * 1000 + 1e-9) / 10).toFixed(1)}%`;
}
