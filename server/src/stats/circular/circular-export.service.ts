import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { CircularQuery } from '../dto/kpis.dto';
import { parsePeriod } from '../stats-period';
import { circularHtml } from './circular-html';
import { circularWorkbook } from './circular-xlsx';
import { CircularService } from './circular.service';

/** Renders the circular in the asked format and sends it as a download (xlsx) or a page (html). */
@Injectable()
export class CircularExport {
  constructor(private readonly circulars: CircularService) {}

  async send(q: CircularQuery, res: FastifyReply): Promise<void> {
    const data = await this.circulars.build(parsePeriod(q.from, q.to));
    res.header('Cache-Control', 'no-store');
    if (q.format === 'xlsx') {
      const name = `三随工作通报_${data.period.label.replace(/\s/g, '')}.xlsx`;
      res.header('Content-Disposition', `attachment; filename="circular.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await circularWorkbook(data));
      return;
    }
    res.type('text/html; charset=utf-8').send(circularHtml(data));
  }
}
