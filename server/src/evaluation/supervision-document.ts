import {
  CASE_STATUS_LABELS,
  SUPERVISION_ESCALATION_LABELS,
  SUPERVISION_STATE_LABELS,
  type CaseStatus,
  type SupervisionNoticeDto,
} from '@sansui/shared';
import { newWorkbook } from '../common/excel';
import { A4_DOCUMENT_CSS, dateTime } from '../stats/circular/circular-format';
import { header, sheet, title } from '../stats/circular/circular-xlsx';

/** 督办通知 as a printable A4 page and an Excel workbook (docs/domain.md §16): what to rectify, by when, and the replies so far. */

/** One line of the notice: a case and, when an inspection finding opened it, what the inspectors found there. */
export interface SupervisionDocumentLine {
  caseId: number;
  problem: string;
  place: string;
  note: string | null;
  deadline: string | null;
  status: string;
  closed: boolean;
  photoUrls: { thumb: string; full: string }[];
}
export interface SupervisionDocument {
  notice: SupervisionNoticeDto;
  month: string;
  lines: SupervisionDocumentLine[];
}

const CASE_HEADERS = ['序号', '案卷编号', '问题', '地点', '备注', '处置期限', '办理状态'] as const;
const REPLY_HEADERS = ['序号', '回复时间', '回复人', '整改情况', '照片'] as const;

const esc = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const when = (iso: string | null) => (iso ? dateTime(new Date(iso)) : '—');
const statusText = (l: SupervisionDocumentLine) => CASE_STATUS_LABELS[l.status as CaseStatus] ?? l.status;

export function supervisionLead(d: SupervisionDocument): string {
  const n = d.notice;
  return (
    `${n.departmentName}：市爱卫办${d.month.replace('-', ' 年 ')} 月${n.roundName}中，发现你单位负责处置的问题 ${n.caseCount} 处，已逐条立案交办` +
    `（目前已办结 ${n.closedCaseCount} 件）。请对照下列清单逐条整改，于 ${when(n.deadline)} 前在三随后台或工作台提交整改回复（整改情况和整改后照片）。` +
    `逾期未回复的，将通知你单位负责人；超过两倍回复期限仍未回复的，列入爱卫办通报。`
  );
}

export function supervisionHtml(d: SupervisionDocument, generatedAt: Date): string {
  const n = d.notice;
  const th = (hs: readonly string[]) => `<thead><tr>${hs.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const lines = d.lines
    .map(
      (l, i) => `<tr${l.closed ? ' class="closed"' : ''}><td>${i + 1}</td><td>${l.caseId}</td><td class="text">${esc(l.problem)}</td>
<td class="text">${esc(l.place)}</td><td class="text">${esc(l.note ?? '')}</td><td>${esc(when(l.deadline))}</td><td>${esc(statusText(l))}</td></tr>${
        l.photoUrls.length
          ? `\n<tr class="photos"><td></td><td colspan="6">${l.photoUrls.map((p) => `<img src="${esc(p.thumb)}" alt="现场照片">`).join('')}</td></tr>`
          : ''
      }`,
    )
    .join('\n');
  const replies = n.replies.length
    ? n.replies
        .map(
          (r, i) => `<tr><td>${i + 1}</td><td>${esc(when(r.createdAt))}</td><td>${esc(r.userName)}</td><td class="text">${esc(r.text)}</td>
<td>${r.photos.map((p) => `<img src="${esc(p.thumbUrl)}" alt="整改后照片 ${p.id}">`).join('')}</td></tr>`,
        )
        .join('\n')
    : `<tr><td colspan="${REPLY_HEADERS.length}" class="empty">尚未回复</td></tr>`;
  const escalations = n.escalations.length
    ? `<p class="lead">逾期升级：${esc(n.escalations.map((e) => `${when(e.at)} ${SUPERVISION_ESCALATION_LABELS[e.step]}`).join('；'))}。</p>`
    : '';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(n.title)}</title>
<style>
${A4_DOCUMENT_CSS}
  tr.photos img, td img { height: 24mm; margin: 1mm; border: 1px solid #999; }
  tr.closed td { color: #555; }
  p.lead { text-indent: 2em; }
  p.sign { text-align: right; margin-top: 10mm; }
  @media print { .noprint { display: none; } }
</style>
</head>
<body>
<h1>${esc(n.title)}</h1>
<div class="meta">督办对象：${esc(n.departmentName)} · 检查轮次：${esc(n.roundName)} · 下发时间：${esc(when(n.createdAt))} · 回复期限：${esc(
    when(n.deadline),
  )} · 状态：${esc(SUPERVISION_STATE_LABELS[n.state])}</div>
<p class="lead">${esc(supervisionLead(d))}</p>
<h2>一、整改要求</h2>
<p class="lead">${esc(n.requirement ?? '按期整改到位，并上传整改后照片。')}</p>
<h2>二、问题清单（${n.caseCount} 处）</h2>
<table>${th(CASE_HEADERS)}<tbody>${lines}</tbody></table>
<h2>三、整改回复</h2>
<table>${th(REPLY_HEADERS)}<tbody>${replies}</tbody></table>
${escalations}
<p class="sign">市爱卫办<br>${esc(when(n.createdAt).slice(0, 10))}</p>
<p class="noprint" style="text-align: center; color: #666">生成时间：${esc(dateTime(generatedAt))}</p>
<p class="noprint"><button onclick="window.print()">打印 / 另存为 PDF</button></p>
</body>
</html>
`;
}

export async function supervisionWorkbook(d: SupervisionDocument, generatedAt: Date): Promise<Buffer> {
  const n = d.notice;
  const wb = newWorkbook();
  wb.creator = '三随';
  wb.created = generatedAt;
  const list = sheet(wb, '督办通知', [6, 10, 40, 28, 24, 18, 12, 30], 'landscape');
  title(list, n.title, CASE_HEADERS.length + 1);
  for (const line of [
    `督办对象：${n.departmentName}；检查轮次：${n.roundName}；下发时间：${when(n.createdAt)}；回复期限：${when(n.deadline)}；状态：${SUPERVISION_STATE_LABELS[n.state]}`,
    supervisionLead(d),
    `整改要求：${n.requirement ?? '按期整改到位，并上传整改后照片。'}`,
  ])
    list.addRow([line]).getCell(1).alignment = { wrapText: false };
  header(list, [...CASE_HEADERS, '照片']);
  d.lines.forEach((l, i) => {
    const row = list.addRow([i + 1, l.caseId, l.problem, l.place, l.note ?? '', when(l.deadline), statusText(l), '']);
    if (l.photoUrls[0])
      row.getCell(8).value = {
        text: l.photoUrls.length > 1 ? `查看照片（共 ${l.photoUrls.length} 张）` : '查看照片',
        hyperlink: l.photoUrls[0].full,
      };
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
  });

  const rep = sheet(wb, '整改回复', [6, 18, 14, 60, 30], 'landscape');
  title(rep, `${n.title} · 整改回复`, REPLY_HEADERS.length);
  header(rep, REPLY_HEADERS);
  n.replies.forEach((r, i) => {
    const row = rep.addRow([i + 1, when(r.createdAt), r.userName, r.text, '']);
    if (r.photos[0])
      row.getCell(5).value = {
        text: r.photos.length > 1 ? `查看照片（共 ${r.photos.length} 张）` : '查看照片',
        hyperlink: r.photos[0].url,
      };
    row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
  });
  if (n.replies.length === 0) rep.addRow(['', '尚未回复']);
  for (const e of n.escalations) rep.addRow(['', when(e.at), '系统', SUPERVISION_ESCALATION_LABELS[e.step]]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
