import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EvaluationInputsDto, EvaluationItemDto, EvaluationsDto } from '@sansui/shared';
import { DataSource, In } from 'typeorm';
import { Area } from '../areas/area.entity';
import { AppException } from '../common/errors/app-exception';
import { gridKpiCounts, monthPeriod, sumCounts, type GridKpiCounts } from './digital-kpis';
import { EvaluationSettingsService } from './evaluation-settings.service';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { assertMonth } from './rounds.service';
import { COMPONENT_LABELS, digitalScore, mean, monthTotal, rankByScore, roundScore } from './scoring';

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The month's ranking of areas on the 1,000-point scale (DOMAIN §16), from published rounds and the areas' own KPIs. */
@Injectable()
export class EvaluationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: EvaluationSettingsService,
  ) {}

  async month(month: string | undefined): Promise<EvaluationsDto> {
    if (!month) throw new AppException('MONTH_INVALID');
    assertMonth(month);
    const { weights, digitalMix } = await this.settings.get();
    const rounds = await this.db.getRepository(InspectionRound).find({ where: { month, status: 'published' }, order: { id: 'ASC' } });
    const findings = rounds.length
      ? await this.db.getRepository(InspectionFinding).find({ where: { roundId: In(rounds.map((r) => r.id)) } })
      : [];
    const allAreas = await this.db.getRepository(Area).find({ select: { id: true, name: true, level: true, parentId: true } });
    const inRounds = new Set(rounds.flatMap((r) => r.areaIds));
    const evaluated = allAreas.filter((a) => a.level === 'district' || inRounds.has(a.id));
    const { from, to } = monthPeriod(month);
    const kpis = await gridKpiCounts(this.db, from, to);
    const children = new Map<number, number[]>();
    for (const a of allAreas) if (a.parentId !== null) children.set(a.parentId, [...(children.get(a.parentId) ?? []), a.id]);
    const subtree = (id: number): number[] => [id, ...(children.get(id) ?? []).flatMap(subtree)];

    const notes: string[] = [];
    const rows = evaluated.map((area) => {
      const scoresOf = (kind: 'covert' | 'open') =>
        rounds
          .filter((r) => r.kind === kind && r.areaIds.includes(area.id))
          .map((r) => ({
            roundId: r.id,
            name: r.name,
            score: roundScore(findings.filter((f) => f.roundId === r.id && f.areaId === area.id).map((f) => f.deduction)),
          }));
      const covertRounds = scoresOf('covert');
      const openRounds = scoresOf('open');
      const counts: GridKpiCounts = sumCounts(subtree(area.id).flatMap((id) => (kpis.has(id) ? [kpis.get(id)!] : [])));
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
        notes.push(`${area.name}：本月无${total.missing.map((k) => COMPONENT_LABELS[k]).join('、')}数据，总分按其余部分的权重折算`);
      const inputs: EvaluationInputsDto = {
        covertRounds,
        openRounds,
        kpis: { ...counts, onTimeRate: rates.onTime, verifiedRate: rates.verified, satisfactionRate: rates.satisfaction },
      };
      return { area, covert, open, digital, total: total.value, missing: total.missing, inputs };
    });
    const items: EvaluationItemDto[] = rankByScore(rows, (r) => r.total).map(({ item, rank, top, bottom }) => ({
      areaId: item.area.id,
      areaName: item.area.name,
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
    return { month, weights, digitalMix, items, notes };
  }
}
