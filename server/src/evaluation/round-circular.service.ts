import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { GeoService } from '../geo/geo.service';
import { MonitoringDocumentsService } from './monitoring-documents.service';
import { roundCircularHtml, roundCircularTitle, roundCircularWorkbook } from './round-circular';
import { RoundsService } from './rounds.service';

/** A round's 督查通报 (docs/domain.md §16) as a printable page or an Excel download, with the round's visibility. */
@Injectable()
export class RoundCircularService {
  constructor(
    private readonly rounds: RoundsService,
    private readonly monitoring: MonitoringDocumentsService,
    private readonly geo: GeoService,
  ) {}

  async send(user: AuthUser, id: number, format: 'html' | 'xlsx', res: FastifyReply): Promise<void> {
    const detail = await this.rounds.detail(user, id);
    const monitoring = await this.monitoring.forRound(await this.rounds.visible(user, id));
    // A circular names places by address: findings whose case has none yet (or no case before publication) are looked up now.
    await Promise.all(
      detail.findings
        .filter((f) => f.address === null)
        .map(async (f) => (f.address = (await this.geo.describe(f.location.lat, f.location.lng))?.address ?? null)),
    );
    const now = new Date();
    res.header('Cache-Control', 'no-store');
    if (format === 'xlsx') {
      const name = `${roundCircularTitle(detail)}.xlsx`;
      // filename* first: the admin's download helper takes the first file name it finds.
      res.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}; filename="inspection-circular.xlsx"`);
      res
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await roundCircularWorkbook(detail, monitoring, now));
      return;
    }
    res.type('text/html; charset=utf-8').send(roundCircularHtml(detail, monitoring, now));
  }
}
