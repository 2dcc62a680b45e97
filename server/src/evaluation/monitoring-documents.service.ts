import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { chinaMonthPeriod, type DocumentMonitoringDto } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { InspectionRound } from './inspection-round.entity';
import { MonitoringPointsService } from './monitoring-points.service';
import { monthDocument, roundDocument } from './monitoring-snapshot.entity';

/**
 * The 重点监控点位 section of the 督查通报 (a round) and the 简报 (a month), docs/domain.md §16. A round's period runs
 * from the publication of the previous round of any of its areas (else the start of its month) to its own
 * publication; a month's is the China month (up to now while it runs). Each is stored when its round or month is
 * published and read from there after; until then it is computed at the time of asking.
 */
@Injectable()
export class MonitoringDocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly points: MonitoringPointsService,
  ) {}

  async forRound(round: InspectionRound, now = new Date()): Promise<DocumentMonitoringDto> {
    if (round.status === 'published') {
      const stored = await this.points.stored(roundDocument(round.id));
      if (stored) return stored;
    }
    const asOf = round.publishedAt ?? now;
    const from = await this.roundFrom(this.db.manager, round, asOf);
    return { ...(await this.points.section(this.db.manager, round.areaIds, from, asOf)), stored: false };
  }

  /** In the publishing transaction, after the round is marked published at `at`. */
  async storeForRound(em: EntityManager, round: InspectionRound, at: Date): Promise<void> {
    await this.points.store(em, roundDocument(round.id), round.areaIds, await this.roundFrom(em, round, at), at);
  }

  async forMonth(month: string, areaIds: readonly number[], published: boolean, now = new Date()): Promise<DocumentMonitoringDto> {
    if (published) {
      const stored = await this.points.stored(monthDocument(month));
      if (stored) return stored;
    }
    const [from, asOf] = monthPeriod(month, now);
    return { ...(await this.points.section(this.db.manager, areaIds, from, asOf)), stored: false };
  }

  /** In the transaction that publishes the month's results. */
  async storeForMonth(em: EntityManager, month: string, areaIds: readonly number[], at: Date): Promise<void> {
    const [from, asOf] = monthPeriod(month, at);
    await this.points.store(em, monthDocument(month), areaIds, from, asOf);
  }

  private async roundFrom(em: EntityManager, round: InspectionRound, asOf: Date): Promise<Date> {
    const published = await em.getRepository(InspectionRound).find({
      select: { id: true, areaIds: true, publishedAt: true },
      where: { status: 'published' },
      order: { publishedAt: 'DESC', id: 'DESC' },
    });
    const previous = published.find(
      (r) => r.id !== round.id && r.publishedAt !== null && r.publishedAt < asOf && r.areaIds.some((a) => round.areaIds.includes(a)),
    );
    const from = previous?.publishedAt ?? chinaMonthPeriod(round.month)[0];
    return from < asOf ? from : asOf;
  }
}

/** The China month, ending at `now` while it runs. */
function monthPeriod(month: string, now: Date): [Date, Date] {
  const [from, next] = chinaMonthPeriod(month);
  const end = new Date(next.getTime() - 1);
  return [from, now < end ? now : end];
}
