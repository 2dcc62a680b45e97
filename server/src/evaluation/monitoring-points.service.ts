import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MONITORING_CASE_THRESHOLD,
  MONITORING_CLEAN_DAYS,
  MONITORING_REASON_LABELS,
  MONITORING_WINDOW_DAYS,
  type MonitoringPointDto,
  type MonitoringPointsDto,
} from '@sansui/shared';
import { DataSource, MoreThanOrEqual, Not, In } from 'typeorm';
import { Area } from '../areas/area.entity';
import { Case } from '../cases/case.entity';
import { Category } from '../categories/category.entity';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { monitoringPoints, type ComputedPoint, type SpotEvent } from './monitoring-points';
import { RoundsService } from './rounds.service';

/** How far back the replay starts: the window and the clean period with room for a point that keeps relapsing. */
const LOOKBACK_DAYS = 365;
const DAY_MS = 86_400_000;

/**
 * 重点监控点位 (docs/domain.md §16), computed on every read from the cases and the published rounds' findings, so
 * the list is always what the rule says of the data (nothing to keep in step, nothing that can drift).
 */
@Injectable()
export class MonitoringPointsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rounds: RoundsService,
  ) {}

  /** Listed points, inside `areaId` or the areas a round inspects when given, newest activity first. */
  async list(user: AuthUser, filter: { areaId?: number; roundId?: number }, now = new Date()): Promise<MonitoringPointsDto> {
    const areas = await this.db.getRepository(Area).find({ select: { id: true, name: true, level: true, parentId: true } });
    const byId = new Map(areas.map((a) => [a.id, a]));
    let within: number[] | null = null;
    if (filter.areaId !== undefined) {
      if (!byId.has(filter.areaId)) throw new AppException('AREA_NOT_FOUND');
      within = [filter.areaId];
    }
    if (filter.roundId !== undefined) within = [...(within ?? []), ...(await this.rounds.visible(user, filter.roundId)).areaIds];
    const lineage = (id: number | null): number[] => {
      const out: number[] = [];
      for (let a = id === null ? undefined : byId.get(id); a && out.length < 10; a = a.parentId === null ? undefined : byId.get(a.parentId))
        out.push(a.id);
      return out;
    };
    const categories = await this.db.getRepository(Category).find({ select: { code: true, name: true, duplicateRadiusM: true } });
    const category = new Map(categories.map((c) => [c.code, c]));
    const computed = monitoringPoints({
      events: await this.events(now),
      radiusM: (code) => category.get(code)?.duplicateRadiusM ?? 50,
      previousRound: await this.roundSequence(),
      now,
    });
    const items: MonitoringPointDto[] = [];
    for (const p of computed) {
      const place = lineage(p.centre.gridId ?? p.centre.areaId);
      if (p.centre.areaId !== null && !place.includes(p.centre.areaId)) place.push(p.centre.areaId);
      if (within && !within.some((id) => place.includes(id))) continue;
      items.push(this.dto(p, place, byId, category.get(p.categoryCode)?.name ?? p.categoryCode));
    }
    return {
      asOf: now.toISOString(),
      rules: { caseThreshold: MONITORING_CASE_THRESHOLD, windowDays: MONITORING_WINDOW_DAYS, cleanDays: MONITORING_CLEAN_DAYS },
      items,
    };
  }

  private dto(p: ComputedPoint, place: number[], byId: Map<number, Area>, categoryName: string): MonitoringPointDto {
    const grid = place.map((id) => byId.get(id)).find((a) => a?.level === 'grid');
    const area =
      place.map((id) => byId.get(id)).find((a) => a?.level === 'district') ?? (p.centre.areaId ? byId.get(p.centre.areaId) : undefined);
    return {
      key: p.key,
      categoryCode: p.categoryCode,
      categoryName,
      lat: p.lat,
      lng: p.lng,
      areaId: area?.id ?? null,
      areaName: area?.name ?? null,
      gridId: grid?.id ?? null,
      gridName: grid?.name ?? null,
      address: p.events.find((e) => e.address)?.address ?? null,
      reason: p.reason,
      reasonText: MONITORING_REASON_LABELS[p.reason],
      since: p.since.toISOString(),
      lastEventAt: p.lastEventAt.toISOString(),
      cleanDays: p.cleanDays,
      clearsOn: p.clearsOn,
      caseCount: p.events.filter((e) => e.kind === 'case').length,
      findingCount: p.events.filter((e) => e.kind === 'finding').length,
      events: [...p.events].reverse().map((e) => ({ kind: e.kind, id: e.id, roundId: e.roundId, at: e.at.toISOString() })),
    };
  }

  /** Cases that are problems (not rejected or merged) and published rounds' findings of the lookback. */
  private async events(now: Date): Promise<SpotEvent[]> {
    const from = new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS);
    const cases = await this.db.getRepository(Case).find({
      select: { id: true, categoryCode: true, lat: true, lng: true, createdAt: true, gridId: true, address: true },
      where: { createdAt: MoreThanOrEqual(from), status: Not(In(['rejected', 'merged'])) },
    });
    const findings = await this.db
      .getRepository(InspectionFinding)
      .createQueryBuilder('f')
      .innerJoin(InspectionRound, 'r', 'r.id = f.roundId')
      .select(['f.id', 'f.categoryCode', 'f.lat', 'f.lng', 'f.createdAt', 'f.gridId', 'f.roundId', 'f.areaId'])
      .where("r.status = 'published'")
      .andWhere('f.createdAt >= :from', { from })
      .getMany();
    return [
      ...cases
        .filter((c) => c.createdAt <= now)
        .map((c) => ({
          kind: 'case' as const,
          id: c.id,
          categoryCode: c.categoryCode,
          lat: c.lat,
          lng: c.lng,
          at: c.createdAt,
          gridId: c.gridId,
          roundId: null,
          areaId: null,
          address: c.address,
        })),
      ...findings
        .filter((f) => f.createdAt <= now)
        .map((f) => ({
          kind: 'finding' as const,
          id: f.id,
          categoryCode: f.categoryCode,
          lat: f.lat,
          lng: f.lng,
          at: f.createdAt,
          gridId: f.gridId,
          roundId: f.roundId,
          areaId: f.areaId,
          address: null,
        })),
    ];
  }

  /** The published round before a round among those that inspected an area, in order of publication. */
  private async roundSequence(): Promise<(roundId: number, areaId: number) => number | null> {
    const published = await this.db.getRepository(InspectionRound).find({
      select: { id: true, areaIds: true, publishedAt: true },
      where: { status: 'published' },
      order: { publishedAt: 'ASC', id: 'ASC' },
    });
    return (roundId, areaId) => {
      let prev: number | null = null;
      for (const r of published) {
        if (r.id === roundId) return prev;
        if (r.areaIds.includes(areaId)) prev = r.id;
      }
      return null;
    };
  }
}
