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
  '首次派准率',
  '处置时长中位数（小时）',
  '满意率',
] as const;
export const OVERDUE_HEADERS = ['案卷编号', '问题分类', '地址', '责任部门', '处置期限', '超期（小时）', '状态', '备注'] as const;
export const REWORK_HEADERS = ['案卷编号', '问题分类', '地址', '责任部门', '返工次数', '当前状态'] as const;

/** The A4 print style the evaluation documents (检查通报, 月度简报) share: red-headed title, bordered tables. */
export const A4_DOCUMENT_CSS = `  @page { size: A4; margin: 18mm 15mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 11pt; color: #000; max-width: 180mm; margin: 0 auto; line-height: 1.6; }
  h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 20pt; text-align: center; margin: 0 0 4mm; color: #c00; }
  h2 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 6mm 0 2mm; }
  .meta { text-align: center; color: #333; margin-bottom: 4mm; border-bottom: 2px solid #c00; padding-bottom: 2mm; }
  table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  th, td { border: 1px solid #555; padding: 1mm 1.5mm; text-align: center; }
  td.text { text-align: left; }
  th { background: #eef2f8; }
  td.empty { color: #666; }`;
