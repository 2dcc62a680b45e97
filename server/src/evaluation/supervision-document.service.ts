import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CategoriesService } from '../categories/categories.service';
import type { AuthUser } from '../common/auth/auth-user';
import { RoundsService } from './rounds.service';
import { supervisionHtml, supervisionWorkbook, type SupervisionDocument } from './supervision-document';
import { SupervisionService } from './supervision.service';

/** Builds and sends a 督办通知 document; whoever may read the notice (organisers, the department) may print it. */
@Injectable()
export class SupervisionDocumentService {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly rounds: RoundsService,
    private readonly categories: CategoriesService,
  ) {}

  async build(user: AuthUser, id: number): Promise<SupervisionDocument> {
    const notice = await this.supervision.detail(user, id);
    // A notice is issued on a published round only, which its department can read.
    const round = await this.rounds.detail(user, notice.roundId);
    const findingOf = new Map(round.findings.flatMap((f) => (f.caseId === null ? [] : [[f.caseId, f] as const])));
    const codes = [...new Set(notice.cases.map((c) => c.categoryCode))];
    const categoryNames = codes.length ? await this.categories.names() : new Map<string, string>();
    return {
      notice,
      month: round.month,
      lines: notice.cases.map((c) => {
        const f = findingOf.get(c.id);
        return {
          caseId: c.id,
          problem: f ? `${f.section}：${f.itemText}` : (categoryNames.get(c.categoryCode) ?? c.categoryCode),
          place: c.address ?? f?.address ?? '地址待识别',
          note: f?.note ?? null,
          deadline: c.deadline,
          status: c.status,
          closed: c.closed,
          photoUrls: (f?.photos ?? []).map((p) => ({ thumb: p.thumbUrl, full: p.url })),
        };
      }),
    };
  }

  async send(user: AuthUser, id: number, format: 'html' | 'xlsx', res: FastifyReply): Promise<void> {
    const doc = await this.build(user, id);
    const now = new Date();
    res.header('Cache-Control', 'no-store');
    if (format === 'xlsx') {
      // filename* first: the admin's download helper takes the first file name it finds.
      res.header(
        'Content-Disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(`${doc.notice.title}.xlsx`)}; filename="supervision-notice.xlsx"`,
      );
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await supervisionWorkbook(doc, now));
      return;
    }
    res.type('text/html; charset=utf-8').send(supervisionHtml(doc, now));
  }
}
