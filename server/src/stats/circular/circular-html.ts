import { auditAnchorLine } from '@sansui/shared';
import type { CircularData } from './circular.service';
import { dateTime, hours, money, OVERDUE_HEADERS, pct, RANKING_HEADERS, REWORK_HEADERS } from './circular-format';

const esc = (v: unknown): string =>
  String(v).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

function table(headers: readonly string[], rows: unknown[][], empty: string): string {
  const head = `<thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.length
    ? rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${headers.length}" class="empty">${esc(empty)}</td></tr>`;
  return `<table>${head}<tbody>${body}</tbody></table>`;
}

/** The circular as a printable A4 page (Chinese), to print or save as PDF from the browser. */
export function circularHtml(c: CircularData): string {
  const t = c.totals;
  const best = c.ranking[0];
  const worst = c.ranking.length > 1 ? c.ranking[c.ranking.length - 1] : undefined;
  const severe = c.overdue.filter((o) => o.severe).length;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(c.title)}</title>
<style>
  @page { size: A4; margin: 18mm 15mm; }
  body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 11pt; color: #000; max-width: 180mm; margin: 0 auto; line-height: 1.6; }
  h1 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 20pt; text-align: center; margin: 0 0 4mm; color: #c00; }
  h2 { font-family: "SimHei", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-size: 13pt; margin: 6mm 0 2mm; }
  .meta { text-align: center; color: #333; margin-bottom: 4mm; border-bottom: 2px solid #c00; padding-bottom: 2mm; }
  table { width: 100%; border-collapse: collapse; font-size: 9.5pt; page-break-inside: auto; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  th, td { border: 1px solid #555; padding: 1mm 1.5mm; text-align: center; }
  th { background: #eef2f8; }
  td.empty { color: #666; }
  .totals td:first-child { text-align: left; font-weight: bold; width: 40%; }
  p.lead { text-indent: 2em; }
  p.anchor { margin-top: 8mm; font-size: 8pt; color: #444; word-break: break-all; }
  @media print { .noprint { display: none; } }
</style>
</head>
<body>
<h1>${esc(c.title)}</h1>
<div class="meta">统计时段：${esc(c.period.label)}（北京时间） · 生成时间：${esc(dateTime(c.generatedAt))}</div>
<p class="lead">本时段共收到群众上报 ${t.reports} 件，派遣至各职能部门 ${t.received} 件，结案 ${t.closed} 件，按期处置率 ${esc(pct(t.onTimeRate))}；当前超期未办结 ${t.overdueNow} 件，退单 ${t.returns} 件，返工 ${t.reworks} 件，居民满意率 ${esc(pct(t.satisfactionRate))}。${
    best ? `按期处置率最高的是${esc(best.departmentName)}（${esc(pct(best.onTimeRate))}）` : ''
  }${worst ? `，排名末位的是${esc(worst.departmentName)}（${esc(pct(worst.onTimeRate))}），请相关部门抓紧整改。` : best ? '。' : ''}${severe ? `超期一倍以上的案卷 ${severe} 件，予以通报。` : ''}</p>
<h2>一、总体情况</h2>
<table class="totals"><tbody>
<tr><td>收到上报</td><td>${t.reports}</td></tr>
<tr><td>派遣案卷</td><td>${t.received}</td></tr>
<tr><td>结案</td><td>${t.closed}</td></tr>
<tr><td>按期处置率</td><td>${esc(pct(t.onTimeRate))}</td></tr>
<tr><td>证据已核实的结案 / 未核实占比</td><td>${t.closedVerified} / ${esc(pct(t.unverifiedRate))}</td></tr>
<tr><td>当前超期未办结</td><td>${t.overdueNow}</td></tr>
<tr><td>退单 / 返工</td><td>${t.returns} / ${t.reworks}</td></tr>
<tr><td>居民满意率</td><td>${esc(pct(t.satisfactionRate))}</td></tr>
<tr><td>红包发放（累计）</td><td>${esc(money(t.rewardsPaidFen))}</td></tr>
</tbody></table>
<h2>二、部门排名</h2>
<p>按“按期处置率”从高到低排列；相同时返工率低者在前，再按满意率。</p>
${table(
  RANKING_HEADERS,
  c.ranking.map((k) => [
    k.rank,
    k.departmentName,
    k.received,
    k.closed,
    k.closedVerified,
    pct(k.unverifiedRate),
    pct(k.onTimeRate),
    k.overdue,
    k.returns,
    k.reworks,
    pct(k.reworkRate),
    pct(k.firstTimeRightRate),
    hours(k.medianHandlingHours),
    pct(k.satisfactionRate),
  ]),
  '本时段无部门办理案卷',
)}
<h2>三、超期案卷</h2>
${table(
  OVERDUE_HEADERS,
  c.overdue.map((o) => [
    o.caseId,
    o.category,
    o.address,
    o.department,
    dateTime(o.deadline),
    o.overdueHours.toFixed(1),
    o.status,
    [o.open ? '仍未办结' : '逾期办结', o.severe ? '超期一倍以上' : ''].filter(Boolean).join('，'),
  ]),
  '本时段无超期案卷',
)}
<h2>四、返工案卷</h2>
${table(
  REWORK_HEADERS,
  c.reworked.map((r) => [r.caseId, r.category, r.address, r.department, r.reworks, r.status]),
  '本时段无返工案卷',
)}
<p class="anchor" data-anchor>${esc(auditAnchorLine(c.auditAnchor))}</p>
<p class="noprint"><button onclick="window.print()">打印 / 另存为 PDF</button></p>
</body>
</html>
`;
}
