import { formatFen, chinaWallClock } from '@sansui/shared';

export const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
export const hours = (h: number | null): string => (h === null ? '—' : h.toFixed(1));
/** Beijing time, minutes. */
export const dateTime = (d: Date): string => chinaWallClock(d).slice(0, 16).replace('T', ' ');
export const money = (fen: number): string => formatFen(fen);

/** Column headings shared by the Excel and HTML versions. */
export const RANKING_HEADERS = [
  '排名',
  '部门',
  '接收',
  '结案',
  '其中证据已核实',
  '证据未核实占比',
  '按期处置率',
  '当前超期',
  '退单',
  '返工',
  '返工率',
  '处置时长中位数（小时）',
  '满意率',
] as const;
export const OVERDUE_HEADERS = ['案卷编号', '问题分类', '地址', '责任部门', '处置期限', '超期（小时）', '状态', '备注'] as const;
export const REWORK_HEADERS = ['案卷编号', '问题分类', '地址', '责任部门', '返工次数', '当前状态'] as const;
