import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  MONITORING_CASE_THRESHOLD,
  MONITORING_CLEAN_DAYS,
  MONITORING_REASON_LABELS,
  MONITORING_WINDOW_DAYS,
  type DocumentMonitoringDto,
  type MonitoringPointDto,
  type MonitoringPointsDto,
} from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AreasService, type AreaNode } from '../areas/areas.service';
import { CaseReads } from '../cases/case-reads';
import { CategoriesService } from '../categories/categories.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { monitoringChanges, monitoringPoints, type ComputedPoint, type MonitoringInput, type SpotEvent } from './monitoring-points';
import { MonitoringSnapshot } from './monitoring-snapshot.entity';
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
    private readonly areas: AreasService,
    private readonly cases: CaseReads,
    private readonly categories: CategoriesService,
  ) {}

  /** Listed points, inside `areaId` or the areas a round inspects when given, newest activity first. */
  async list(user: AuthUser, filter: { areaId?: number; roundId?: number }, now = new Date()): Promise<MonitoringPointsDto> {
    const ctx = await this.context(this.db.manager, now);
    let within: number[] | null = null;
    if (filter.areaId !== undefined) {
      if (!ctx.byId.has(filter.areaId)) throw new AppException('AREA_NOT_FOUND');
      within = [filter.areaId];
    }
    if (filter.roundId !== undefined) within = [...(within ?? []), ...(await this.rounds.visible(user, filter.roundId)).areaIds];
    const items: MonitoringPointDto[] = [];
    for (const p of monitoringPoints(ctx.input)) {
      const place = ctx.place(p);
      if (within && !within.some((id) => place.includes(id))) continue;
      items.push(this.dto(p, place, ctx.byId, ctx.categoryName(p.categoryCode)));
    }
    return {
      asOf: now.toISOString(),
      rules: { caseThreshold: MONITORING_CASE_THRESHOLD, windowDays: MONITORING_WINDOW_DAYS, cleanDays: MONITORING_CLEAN_DAYS },
      items,
    };
  }

  /**
   * The 重点监控点位 section of a document: the points in `areaIds` listed at `asOf` (new since `from` or still
   * listed) and those that left the list in between. Read through `em`, so a publication stores what its own
   * transaction sees.
   */
  async section(em: EntityManager, areaIds: readonly number[], from: Date, asOf: Date): Promise<Omit<DocumentMonitoringDto, 'stored'>> {
    const ctx = await this.context(em, asOf);
    const items = monitoringChanges({ ...ctx.input, from }).flatMap((p) => {
      const place = ctx.place(p);
      if (!areaIds.some((id) => place.includes(id))) return [];
      const d = this.dto(p, place, ctx.byId, ctx.categoryName(p.categoryCode));
      return [
        {
          key: d.key,
          change: p.change,
          areaId: d.areaId,
          areaName: d.areaName,
          gridName: d.gridName,
          address: d.address,
          categoryCode: d.categoryCode,
          categoryName: d.categoryName,
          reason: d.reason,
          reasonText: d.reasonText,
          since: d.since,
          lastEventAt: d.lastEventAt,
          cleanDays: p.change === 'cleared' ? MONITORING_CLEAN_DAYS : d.cleanDays,
          clearsOn: d.clearsOn,
          clearedOn: p.clearedOn,
          caseCount: d.caseCount,
          findingCount: d.findingCount,
        },
      ];
    });
    return { from: from.toISOString(), asOf: asOf.toISOString(), items };
  }

  /** The stored section of a published document, or null when none was stored. */
  async stored(document: string): Promise<DocumentMonitoringDto | null> {
    const row = await this.db.getRepository(MonitoringSnapshot).findOne({ where: { document } });
    return row ? { ...row.section, stored: true } : null;
  }

  /** Computes a document's section in `em` and stores it (once: a second publication keeps the first). */
  async store(em: EntityManager, document: string, areaIds: readonly number[], from: Date, asOf: Date): Promise<void> {
    const repo = em.getRepository(MonitoringSnapshot);
    if (await repo.exist({ where: { document } })) return;
    await repo.insert({ document, section: await this.section(em, areaIds, from, asOf) });
  }

  /** What the rule needs at `now`, and how to place a point among the areas. */
  private async context(em: EntityManager, now: Date) {
    const areas = await this.areas.hierarchy(em);
    const byId = new Map(areas.map((a) => [a.id, a]));
    const lineage = (id: number | null): number[] => {
      const out: number[] = [];
      for (let a = id === null ? undefined : byId.get(id); a && out.length < 10; a = a.parentId === null ? undefined : byId.get(a.parentId))
        out.push(a.id);
      return out;
    };
    const categories = await this.categories.spotRules(em);
    const category = new Map(categories.map((c) => [c.code, c]));
    const input: MonitoringInput = {
      events: await this.events(em, now),
      radiusM: (code) => category.get(code)?.duplicateRadiusM ?? 50,
      previousRound: await this.roundSequence(em),
      now,
    };
    /** The areas a point lies in: its grid's lineage, and the inspected area of the finding it is centred on. */
    const place = (p: ComputedPoint): number[] => {
      const ids = lineage(p.centre.gridId ?? p.centre.areaId);
      if (p.centre.areaId !== null && !ids.includes(p.centre.areaId)) ids.push(p.centre.areaId);
      return ids;
    };
    return { byId, input, place, categoryName: (code: string) => category.get(code)?.name ?? code };
  }

  private dto(p: ComputedPoint, place: number[], byId: Map<number, AreaNode>, categoryName: string): MonitoringPointDto {
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
  private async events(em: EntityManager, now: Date): Promise<SpotEvent[]> {
    const from = new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS);
    const cases = await this.cases.problemSpotsSince(from, em);
    const findings = await em
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
  private async roundSequence(em: EntityManager): Promise<(roundId: number, areaId: number) => number | null> {
    const published = await em.getRepository(InspectionRound).find({
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
