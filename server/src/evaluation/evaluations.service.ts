import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EvaluationInputsDto, EvaluationItemDto, EvaluationsDto, QuarterEvaluationsDto } from '@sansui/shared';
import { DataSource, In } from 'typeorm';
import { AreasService, type AreaNode } from '../areas/areas.service';
import { ClosureFiguresRepository } from '../cases/closure-figures.repository';
import { AppException } from '../common/errors/app-exception';
import { monthPeriod, sumCounts, type GridKpiCounts } from './digital-kpis';
import { AREAS_SCOPE, EvaluationMonthResult } from './evaluation-month-result.entity';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { LeaderScoresService } from './leader-scores.service';
import { quarterMonths } from './quarter';
import { assertMonth } from './rounds.service';
import { COMPONENT_LABELS, digitalScore, mean, monthTotal, quarterScore, rankByScore, roundScore } from './scoring';

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function assertMonthGiven(month: string | undefined): asserts month is string {
  if (!month) throw new AppException('MONTH_INVALID');
  assertMonth(month);
}

/** The month's ranking of areas on the 1,000-point scale (docs/domain.md §16), from published rounds and the areas' own KPIs. */
@Injectable()
export class EvaluationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: EvaluationSettingsService,
    private readonly leaderScores: LeaderScoresService,
    private readonly closures: ClosureFiguresRepository,
    private readonly areas: AreasService,
  ) {}

  /** The stored figures once the month is published, otherwise computed now. */
  async month(month: string | undefined): Promise<EvaluationsDto> {
    assertMonthGiven(month);
    return (await this.frozen(month, AREAS_SCOPE)) ?? this.liveMonth(month);
  }

  async liveMonth(month: string): Promise<EvaluationsDto> {
    const ctx = await this.context(month);
    const inRounds = new Set(ctx.rounds.flatMap((r) => r.areaIds));
    const units = ctx.areas.filter((a) => a.level === 'district' || inRounds.has(a.id));
    // An area is scored on the findings recorded against it in the rounds that inspected it.
    return this.score(month, ctx, units, (r, unit) =>
      r.areaIds.includes(unit.id) ? ctx.findings.filter((f) => f.roundId === r.id && f.areaId === unit.id) : null,
    );
  }

  /** Communities (社区) under an area ranked the same way, on the findings located in each and its own KPIs. */
  async grids(month: string | undefined, areaId: number): Promise<EvaluationsDto> {
    assertMonthGiven(month);
    const frozen = await this.frozen(month, areaId);
    if (frozen) return frozen;
    const areas = await this.frozen(month, AREAS_SCOPE);
    // A published month whose ranking did not list this area: it has no community ranking to show.
    if (areas) return { ...areas, items: [], notes: [] };
    return this.liveGrids(month, areaId);
  }

  async liveGrids(month: string, areaId: number): Promise<EvaluationsDto> {
    const ctx = await this.context(month);
    if (!ctx.areas.some((a) => a.id === areaId)) throw new AppException('AREA_NOT_FOUND');
    const units = ctx.subtree(areaId).flatMap((id) => ctx.areas.filter((a) => a.id === id && a.level === 'community'));
    const ancestors = (id: number): number[] => {
      const a = ctx.areas.find((x) => x.id === id);
      return a ? [a.id, ...(a.parentId !== null ? ancestors(a.parentId) : [])] : [];
    };
    return this.score(month, ctx, units, (r, unit) => {
      if (!ancestors(unit.id).some((id) => r.areaIds.includes(id))) return null;
      const grids = new Set(ctx.subtree(unit.id));
      return ctx.findings.filter((f) => f.roundId === r.id && f.gridId !== null && grids.has(f.gridId));
    });
  }

  /**
   * A quarter (YYYY-Qn): the mean of its months' totals (a published month's stored total), mixed with the
   * leader score (领导评价) at the configured weight where one was entered.
   */
  async quarter(quarter: string | undefined): Promise<QuarterEvaluationsDto> {
    const months = quarterMonths(quarter);
    const { leaderWeight } = await this.settings.get();
    const results: EvaluationsDto[] = [];
    for (const month of months) results.push(await this.month(month));
    const leader = await this.leaderScores.scoresOf(quarter!);
    const names = new Map<number, string>();
    for (const r of results) for (const i of r.items) names.set(i.areaId, i.areaName);
    const unnamed = [...leader.keys()].filter((id) => !names.has(id));
    for (const [id, name] of await this.areas.namesOf(unnamed)) names.set(id, name);
    const rows = [...names].map(([areaId, areaName]) => {
      const totals = results.map((r) => r.items.find((i) => i.areaId === areaId)?.total ?? null);
      const own = leader.get(areaId) ?? null;
      return {
        areaId,
        areaName,
        months: totals,
        monthsMean: mean(totals.filter((t): t is number => t !== null)),
        leader: own,
        total: quarterScore(totals, own, leaderWeight),
      };
    });
    return {
      quarter: quarter!,
      months,
      leaderWeight,
      items: rankByScore(rows, (r) => r.total).map(({ item, rank, top, bottom }) => ({ ...item, rank, top, bottom })),
    };
  }

  /** Published figures of a month for a scope (0 = areas, else an area's communities), or null. */
  private async frozen(month: string, scope: number): Promise<EvaluationsDto | null> {
    const row = await this.db.getRepository(EvaluationMonthResult).findOne({ where: { month, scope } });
    return row ? { ...row.result, published: { at: row.publishedAt.toISOString(), byUserId: row.publishedByUserId } } : null;
  }

  private async context(month: string) {
    const rounds = await this.db.getRepository(InspectionRound).find({ where: { month, status: 'published' }, order: { id: 'ASC' } });
    const findings = rounds.length
      ? await this.db.getRepository(InspectionFinding).find({ where: { roundId: In(rounds.map((r) => r.id)) } })
      : [];
    const areas = await this.areas.hierarchy();
    const { from, to } = monthPeriod(month);
    const kpis = await this.closures.perGrid(from, to);
    const children = new Map<number, number[]>();
    for (const a of areas) if (a.parentId !== null) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
    const subtree = (id: number): number[] => [id, ...(children.get(id) ?? []).flatMap(subtree)];
    return { rounds, findings, areas, kpis, subtree };
  }

  private async score(
    month: string,
    ctx: Awaited<ReturnType<EvaluationsService['context']>>,
    units: AreaNode[],
    findingsOf: (round: InspectionRound, unit: AreaNode) => InspectionFinding[] | null,
  ): Promise<EvaluationsDto> {
    const { weights, digitalMix } = await this.settings.get();
    const notes: string[] = [];
    const rows = units.map((unit) => {
      const scoresOf = (kind: 'covert' | 'open') =>
        ctx.rounds
          .filter((r) => r.kind === kind)
          .flatMap((r) => {
            const own = findingsOf(r, unit);
            return own ? [{ roundId: r.id, name: r.name, score: roundScore(own.map((f) => f.deduction)) }] : [];
          });
      const covertRounds = scoresOf('covert');
      const openRounds = scoresOf('open');
      const counts: GridKpiCounts = sumCounts(ctx.subtree(unit.id).flatMap((id) => (ctx.kpis.has(id) ? [ctx.kpis.get(id)!] : [])));
      const rates = {
        onTime: ratio(counts.closedOnTime, counts.closed),
        verified: ratio(counts.closedWithEvidence, counts.closed),
        satisfaction: ratio(counts.satisfied, counts.feedback),
      };
      const covert = mean(covertRounds.map((r) => r.score));
      const open = mean(openRounds.map((r) => r.score));
      const digital = digitalScore(rates, digitalMix).value;
      const total = monthTotal({ covert, open, digital }, weights);
      if (total.value !== null && total.missing.length)
        notes.push(`${unit.name}：本月无${total.missing.map((k) => COMPONENT_LABELS[k]).join('、')}数据，总分按其余部分的权重折算`);
      const inputs: EvaluationInputsDto = {
        covertRounds,
        openRounds,
        kpis: { ...counts, onTimeRate: rates.onTime, verifiedRate: rates.verified, satisfactionRate: rates.satisfaction },
      };
      return { unit, covert, open, digital, total: total.value, missing: total.missing, inputs };
    });
    const items: EvaluationItemDto[] = rankByScore(rows, (r) => r.total).map(({ item, rank, top, bottom }) => ({
      areaId: item.unit.id,
      areaName: item.unit.name,
      covert: item.covert,
      open: item.open,
      digital: item.digital,
      total: item.total,
      rank,
      top,
      bottom,
      missing: item.missing,
      inputs: item.inputs,
    }));
    return { month, weights, digitalMix, items, notes, published: null };
  }
}
