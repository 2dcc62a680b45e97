import { CHINA_OFFSET_MS, type SupervisionState } from '@sansui/shared';

/** 督办状态的颜色：逾期红、待回复蓝、整改中橙、办结绿 */
export const SUPERVISION_STATE_CLASS: Record<SupervisionState, string> = {
  awaiting_reply: 'tag-blue',
  overdue: 'tag-red',
  replied: 'tag-orange',
  closed: 'tag-green',
};

/** 北京时间 MM-DD HH:mm */
export function chinaShortTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}
