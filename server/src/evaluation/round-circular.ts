import { ROUND_KIND_LABELS, type DocumentMonitoringDto, type RoundDetailDto } from '@sansui/shared';
import { newWorkbook } from '../common/excel';
import { A4_DOCUMENT_CSS, dateTime } from '../stats/circular/circular-format';
import { header, sheet, title } from '../stats/circular/circular-xlsx';
import { MONITORING_CSS, monitoringSectionHtml, monitoringSheet } from './monitoring-section';

/** 督查通报 of one round (docs/domain.md §16): scores and ranking per area, the findings with photos and their cases, the 重点监控点位. */

const SCORE_HEADERS = ['排名', '受检区域', '发现问题（条）', '扣分', '得分'] as const;
const FINDING_HEADERS = ['序号', '受检区域', '条目', '问题', '处数', '扣分', '地点', '备注', '案卷编号'] as const;

const esc = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export function roundCircularTitle(r: RoundDetailDto): string {
  return `关于${r.name}情况的督查通报`;
}

function lead(r: RoundDetailDto): string {
  const total = r.areas.reduce((s, a) => s + a.deduction, 0);
  const first = r.areas.find((a) => a.rank === 1);
  const last = r.areas.length > 1 ? r.areas[r.areas.length - 1] : undefined;
  return (
    `${r.month.replace('-', ' 年 ')} 月，市爱卫办组织${ROUND_KIND_LABELS[r.kind]}，对 ${r.areas.length} 个区域按《考评细则》（第 ${r.checklistVersion} 版）进行检查，` +
    `共发现问题 ${r.findings.length} 条，合计扣分 ${total} 分。` +
    (first ? `得分最高的是${first.areaName}（${first.score} 分）` : '') +
    (last && last.rank !== 1 ? `，排名末位的是${last.areaName}（${last.score} 分），予以通报批评。` : first ? '。' : '') +
    `检查发现的问题已逐条立案交责任部门限期整改，整改情况纳入下一轮检查。`
  );
}

/** The address; never coordinates (docs/domain.md §15). Without one, the inspected area and grid still say where to look. */
const place = (f: RoundDetailDto['findings'][number]) => f.address ?? `${f.areaName}（地址待识别）`;

export function roundCircularHtml(r: RoundDetailDto, monitoring: DocumentMonitoringDto, generatedAt: Date): string {
  const scoreRows = r.areas
    .map((a) => `<tr><td>${a.rank}</td><td>${esc(a.areaName)}</td><td>${a.findings}</td><td>${a.deduction}</td><td>${a.score}</td></tr>`)
    .join('\n');
  const findingRows = r.findings.length
    ? r.findings
        .map(
          (
            f,
            i,
          ) => `<tr><td>${i + 1}</td><td>${esc(f.areaName)}</td><td>${esc(f.itemCode)}</td><td class="text">${esc(f.section)}：${esc(f.itemText)}</td>
<td>${f.count}</td><td>${f.deduction}</td><td>${esc(place(f))}</td><td class="text">${esc(f.note ?? '')}</td><td>${f.caseId ?? '发布后立案'}</td></tr>
<tr class="photos"><td></td><td colspan="8">${f.photos.map((p) => `<img src="${esc(p.thumbUrl)}" alt="现场照片 ${p.id}">`).join('')}</td></tr>`,
        )
        .join('\n')
    : `<tr><td colspan="${FINDING_HEADERS.length}" class="empty">本轮检查未发现问题</td></tr>`;
  const th = (hs: readonly string[]) => `<thead><tr>${hs.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(roundCircularTitle(r))}</title>
<style>
${A4_DOCUMENT_CSS}
  tr.photos img { height: 28mm; margin: 1mm; border: 1px solid #999; }
  p.lead { text-indent: 2em; }
${MONITORING_CSS}
  @media print { .noprint { display: none; } }
</style>
</head>
<body>
<h1>${esc(roundCircularTitle(r))}</h1>
<div class="meta">检查方式：${ROUND_KIND_LABELS[r.kind]} · 计入月份：${esc(r.month)} · 考评细则第 ${r.checklistVersion} 版 · ${
    r.publishedAt ? `发布时间：${esc(dateTime(new Date(r.publishedAt)))}` : '尚未发布'
  } · 生成时间：${esc(dateTime(generatedAt))}</div>
<p class="lead">${esc(lead(r))}</p>
<h2>一、各区域得分与排名（千分制）</h2>
<table>${th(SCORE_HEADERS)}<tbody>${scoreRows}</tbody></table>
<h2>二、问题清单</h2>
<table>${th(FINDING_HEADERS)}<tbody>${findingRows}</tbody></table>
${monitoringSectionHtml('三、重点监控点位', monitoring)}
<h2>四、整改要求</h2>
<p class="lead">各区、各责任部门要对照问题清单逐条整改，在案卷处置期限内完成并上传整改后照片；重点监控点位下一轮检查重点复查。</p>
<p class="noprint"><button onclick="window.print()">打印 / 另存为 PDF</button></p>
</body>
</html>
`;
}

export async function roundCircularWorkbook(r: RoundDetailDto, monitoring: DocumentMonitoringDto, generatedAt: Date): Promise<Buffer> {
  const wb = newWorkbook();
  wb.creator = '三随';
  wb.created = generatedAt;
  const scores = sheet(wb, '得分排名', [8, 24, 16, 10, 10], 'portrait');
  title(scores, roundCircularTitle(r), SCORE_HEADERS.length);
  scores.addRow([`检查方式：${ROUND_KIND_LABELS[r.kind]}，计入月份：${r.month}，考评细则第 ${r.checklistVersion} 版`]);
  scores.addRow([lead(r)]);
  header(scores, SCORE_HEADERS);
  for (const a of r.areas) scores.addRow([a.rank, a.areaName, a.findings, a.deduction, a.score]);

  const list = sheet(wb, '问题清单', [6, 16, 8, 44, 6, 8, 22, 24, 10, 40], 'landscape');
  title(list, `${roundCircularTitle(r)} · 问题清单`, FINDING_HEADERS.length + 1);
  header(list, [...FINDING_HEADERS, '照片']);
  r.findings.forEach((f, i) => {
    const row = list.addRow([
      i + 1,
      f.areaName,
      f.itemCode,
      `${f.section}：${f.itemText}`,
      f.count,
      f.deduction,
      place(f),
      f.note ?? '',
      f.caseId ?? '发布后立案',
      '',
    ]);
    const first = f.photos[0];
    if (first)
      row.getCell(10).value = { text: f.photos.length > 1 ? `查看照片（共 ${f.photos.length} 张）` : '查看照片', hyperlink: first.url };
    row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
  });
  if (r.findings.length === 0) list.addRow(['', '本轮检查未发现问题']);
  monitoringSheet(wb, roundCircularTitle(r), monitoring);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
