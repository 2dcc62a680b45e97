import { auditAnchorLine, type BriefingDto } from '@sansui/shared';
import { newWorkbook } from '../common/excel';
import { A4_DOCUMENT_CSS, dateTime } from '../stats/circular/circular-format';
import { header, sheet, title } from '../stats/circular/circular-xlsx';
import { MONITORING_CSS, monitoringSectionHtml, monitoringSheet } from './monitoring-section';

/** The 月度简报 as a printable A4 page and as an Excel workbook (same figures as GET /evaluations/briefing). */

const RANKING_HEADERS = ['排名', '区域', '暗访', '明查', '数字化城管', '总分', '上月总分', '变化'] as const;
const PROBLEM_HEADERS = ['序号', '条目', '类别', '问题', '处数', '发现（条）', '扣分'] as const;
const SECTION_HEADERS = ['类别', '发现（条）', '扣分'] as const;

const esc = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const num = (v: number | null) => (v === null ? '无数据' : v.toFixed(2));
const signed = (v: number | null) => (v === null ? '—' : v > 0 ? `+${v.toFixed(2)}` : v.toFixed(2));

export function briefingLead(b: BriefingDto): string {
  const o = b.overview;
  const ranked = b.ranking.filter((r) => r.rank !== null);
  const first = ranked.find((r) => r.top) ?? ranked[0];
  const last = ranked.find((r) => r.bottom);
  const problem = b.topProblems[0];
  return (
    `本月共组织暗访 ${o.covertRounds} 次、明查 ${o.openRounds} 次，发现问题 ${o.findings} 条，合计扣分 ${o.deduction} 分，` +
    `立案 ${o.casesOpened} 件、已办结 ${o.casesClosed} 件。` +
    (first ? `总分第一的是${first.areaName}（${num(first.total)} 分）` : '本月尚无可排名的得分') +
    (last ? `，末位是${last.areaName}（${num(last.total)} 分）。` : first ? '。' : '') +
    (problem ? `问题最多的是"${problem.text}"（${problem.occurrences} 处）。` : '') +
    `下发督办通知 ${b.supervision.issued} 份，逾期未回复 ${b.supervision.overdue} 份，已办结 ${b.supervision.closed} 份。`
  );
}

export function briefingHtml(b: BriefingDto, generatedAt: Date): string {
  const th = (hs: readonly string[]) => `<thead><tr>${hs.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const empty = (n: number, text: string) => `<tr><td colspan="${n}" class="empty">${esc(text)}</td></tr>`;
  const ranking = b.ranking.length
    ? b.ranking
        .map(
          (r) =>
            `<tr${r.top ? ' class="top"' : r.bottom ? ' class="bottom"' : ''}><td>${r.rank ?? '—'}</td><td>${esc(r.areaName)}</td><td>${num(r.covert)}</td><td>${num(r.open)}</td><td>${num(r.digital)}</td><td><b>${num(r.total)}</b></td><td>${num(r.previousTotal)}</td><td>${signed(r.change)}</td></tr>`,
        )
        .join('\n')
    : empty(RANKING_HEADERS.length, '本月没有得分');
  const problems = b.topProblems.length
    ? b.topProblems
        .map(
          (p, i) =>
            `<tr><td>${i + 1}</td><td>${esc(p.itemCode)}</td><td>${esc(p.section)}</td><td class="text">${esc(p.text)}</td><td>${p.occurrences}</td><td>${p.findings}</td><td>${p.deduction}</td></tr>`,
        )
        .join('\n')
    : empty(PROBLEM_HEADERS.length, '本月检查未发现问题');
  const sections = b.sections.length
    ? b.sections.map((s) => `<tr><td class="text">${esc(s.section)}</td><td>${s.findings}</td><td>${s.deduction}</td></tr>`).join('\n')
    : empty(SECTION_HEADERS.length, '—');
  const s = b.supervision;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(b.title)}</title>
<style>
${A4_DOCUMENT_CSS}
  tr.top td { background: #fff7e0; }
  tr.bottom td { background: #fde8e8; }
  p.lead { text-indent: 2em; }
  p.anchor { margin-top: 8mm; font-size: 8pt; color: #444; word-break: break-all; }
${MONITORING_CSS}
  @media print { .noprint { display: none; } }
</style>
</head>
<body>
<h1>${esc(b.title)}</h1>
<div class="meta">${
    b.published ? `考评结果已于 ${esc(dateTime(new Date(b.published.at)))} 发布` : '考评结果尚未发布，得分为当前计算值'
  } · 生成时间：${esc(dateTime(generatedAt))}</div>
<p class="lead">${esc(briefingLead(b))}</p>
${b.notes.length ? `<p class="lead">说明：${esc(b.notes.join('；'))}。</p>` : ''}
<h2>一、各区得分与排名（千分制）</h2>
<table>${th(RANKING_HEADERS)}<tbody>${ranking}</tbody></table>
<h2>二、突出问题</h2>
<table>${th(PROBLEM_HEADERS)}<tbody>${problems}</tbody></table>
<h2>三、各类问题扣分</h2>
<table>${th(SECTION_HEADERS)}<tbody>${sections}</tbody></table>
<h2>四、督办情况</h2>
<p class="lead">下发督办通知 ${s.issued} 份：待回复 ${s.awaitingReply} 份，逾期未回复 ${s.overdue} 份，已回复整改中 ${s.replied} 份，已办结 ${s.closed} 份。</p>
${monitoringSectionHtml('五、重点监控点位', b.monitoring)}
<p class="anchor" data-anchor>${esc(auditAnchorLine(b.auditAnchor))}</p>
<p class="noprint"><button onclick="window.print()">打印 / 另存为 PDF</button></p>
</body>
</html>
`;
}

export async function briefingWorkbook(b: BriefingDto, generatedAt: Date): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = '三随';
  wb.created = generatedAt;
  const ranking = sheet(wb, '得分排名', [8, 20, 12, 12, 12, 12, 12, 10], 'landscape');
  title(ranking, b.title, RANKING_HEADERS.length);
  ranking.addRow([b.published ? `考评结果已于 ${dateTime(new Date(b.published.at))} 发布` : '考评结果尚未发布，得分为当前计算值']);
  ranking.addRow([briefingLead(b)]);
  header(ranking, RANKING_HEADERS);
  for (const r of b.ranking) ranking.addRow([r.rank ?? '—', r.areaName, r.covert, r.open, r.digital, r.total, r.previousTotal, r.change]);

  const problems = sheet(wb, '突出问题', [6, 8, 20, 48, 8, 10, 8], 'landscape');
  title(problems, `${b.title} · 突出问题`, PROBLEM_HEADERS.length);
  header(problems, PROBLEM_HEADERS);
  b.topProblems.forEach((p, i) => problems.addRow([i + 1, p.itemCode, p.section, p.text, p.occurrences, p.findings, p.deduction]));
  problems.addRow([]);
  header(problems, SECTION_HEADERS);
  for (const s of b.sections) problems.addRow([s.section, s.findings, s.deduction]);

  const sup = sheet(wb, '督办情况', [20, 12], 'portrait');
  title(sup, `${b.title} · 督办情况`, 2);
  for (const [k, v] of [
    ['下发督办通知', b.supervision.issued],
    ['待回复', b.supervision.awaitingReply],
    ['逾期未回复', b.supervision.overdue],
    ['已回复，整改中', b.supervision.replied],
    ['已办结', b.supervision.closed],
  ] as const)
    sup.addRow([k, v]);
  sup.addRow([]);
  sup.addRow([auditAnchorLine(b.auditAnchor)]);
  monitoringSheet(wb, b.title, b.monitoring);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
