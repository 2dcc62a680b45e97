import type { AuditAnchorDto } from '../types';
import { chinaWallClock } from './china-time';

/**
 * The line the 通报 and the 简报 print about the audit chain (docs/domain.md §9): paper copies keep the head
 * where a database writer cannot reach it, and anyone can compare it with the 审计日志 page later.
 */
export function auditAnchorLine(a: AuditAnchorDto | null): string {
  if (!a) return '审计链锚点：尚未生成';
  const at = chinaWallClock(new Date(a.anchoredAt)).replace('T', ' ').slice(0, 16);
  return `审计链锚点：${at}（北京时间）审计日志截至第 ${a.lastId} 条，哈希 ${a.hash}`;
}
