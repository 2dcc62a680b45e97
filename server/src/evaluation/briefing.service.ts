import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OPEN_CASE_STATUSES, type BriefingDto, type SupervisionState } from '@sansui/shared';
import { DataSource, In } from 'typeorm';
import { AnchorsService } from '../anchors/anchors.service';
import { CaseReads } from '../cases/case-reads';
import { AppException } from '../common/errors/app-exception';
import { ChecklistItem } from './checklist.entity';
import { EvaluationsService } from './evaluations.service';
import { InspectionFinding } from './inspection-finding.entity';
import { InspectionRound } from './inspection-round.entity';
import { MonitoringDocumentsService } from './monitoring-documents.service';
import { assertMonth } from './rounds.service';
import { round2 } from './scoring';
import { SupervisionNotice } from './supervision-notice.entity';
import { supervisionState } from './supervision-rules';

const TOP_PROBLEMS = 5;

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export function briefingTitle(month: string): string {
  const [y, m] = month.split('-');
  return `${y} 年 ${Number(m)} 月城乡环境卫生考评简报`;
}

/**
 * 月度简报 (docs/domain.md §16): what the month's published rounds found, the ranking (the stored one once the
 * month is published) with each area's change on the month before, the problems found most, the 督办 so far and the
 * 重点监控点位 of the month (stored with the ranking once published).
 */
@Injectable()
export class BriefingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly evaluations: EvaluationsService,
    private readonly anchors: AnchorsService,
    private readonly monitoring: MonitoringDocumentsService,
    private readonly cases: CaseReads,
  ) {}

  async month(month: string | undefined, now = new Date()): Promise<BriefingDto> {
    if (!month) throw new AppException('MONTH_INVALID');
    assertMonth(month);
    const result = await this.evaluations.month(month);
    const before = await this.evaluations.month(previousMonth(month));
    const rounds = await this.db.getRepository(InspectionRound).find({ where: { month, status: 'published' }, order: { id: 'ASC' } });
    const roundIds = rounds.map((r) => r.id);
    const findings = roundIds.length ? await this.db.getRepository(InspectionFinding).find({ where: { roundId: In(roundIds) } }) : [];
    const versions = [...new Set(rounds.map((r) => r.checklistVersionId))];
    const items = versions.length ? await this.db.getRepository(ChecklistItem).find({ where: { versionId: In(versions) } }) : [];
    const caseIds = findings.flatMap((f) => (f.caseId === null ? [] : [f.caseId]));
    const statuses = await this.cases.statusesOf(caseIds);
    const open = new Set(
      [...statuses].filter(([, status]) => (OPEN_CASE_STATUSES as readonly string[]).includes(status)).map(([id]) => id),
    );

    const byItem = new Map<
      string,
      { itemCode: string; section: string; text: string; occurrences: number; findings: number; deduction: number }
    >();
    const bySection = new Map<string, { section: string; findings: number; deduction: number }>();
    for (const f of findings) {
      const round = rounds.find((r) => r.id === f.roundId)!;
      const item = items.find((i) => i.versionId === round.checklistVersionId && i.code === f.itemCode);
      const section = item?.section ?? '其他';
      const p = byItem.get(f.itemCode) ?? {
        itemCode: f.itemCode,
        section,
        text: item?.text ?? f.itemCode,
        occurrences: 0,
        findings: 0,
        deduction: 0,
      };
      p.occurrences += f.count;
      p.findings += 1;
      p.deduction += f.deduction;
      byItem.set(f.itemCode, p);
      const s = bySection.get(section) ?? { section, findings: 0, deduction: 0 };
      s.findings += 1;
      s.deduction += f.deduction;
      bySection.set(section, s);
    }

    const notices = roundIds.length ? await this.db.getRepository(SupervisionNotice).find({ where: { roundId: In(roundIds) } }) : [];
    const states: SupervisionState[] = notices.map((n) => supervisionState(n, n.caseIds.filter((id) => open.has(id)).length, now));
    const count = (s: SupervisionState) => states.filter((x) => x === s).length;

    return {
      month,
      title: briefingTitle(month),
      published: result.published,
      overview: {
        covertRounds: rounds.filter((r) => r.kind === 'covert').length,
        openRounds: rounds.filter((r) => r.kind === 'open').length,
        findings: findings.length,
        deduction: findings.reduce((s, f) => s + f.deduction, 0),
        casesOpened: caseIds.length,
        casesClosed: caseIds.length - caseIds.filter((id) => open.has(id)).length,
      },
      ranking: result.items.map((i) => {
        const previousTotal = before.items.find((b) => b.areaId === i.areaId)?.total ?? null;
        return {
          areaId: i.areaId,
          areaName: i.areaName,
          covert: i.covert,
          open: i.open,
          digital: i.digital,
          total: i.total,
          rank: i.rank,
          top: i.top,
          bottom: i.bottom,
          previousTotal,
          change: i.total !== null && previousTotal !== null ? round2(i.total - previousTotal) : null,
        };
      }),
      topProblems: [...byItem.values()]
        .sort((a, b) => b.occurrences - a.occurrences || b.deduction - a.deduction || a.itemCode.localeCompare(b.itemCode))
        .slice(0, TOP_PROBLEMS),
      sections: [...bySection.values()].sort((a, b) => b.deduction - a.deduction || a.section.localeCompare(b.section)),
      supervision: {
        issued: notices.length,
        awaitingReply: count('awaiting_reply'),
        overdue: count('overdue'),
        replied: count('replied'),
        closed: count('closed'),
      },
      notes: result.notes,
      auditAnchor: await this.anchors.latest(),
      monitoring: await this.monitoring.forMonth(
        month,
        result.items.map((i) => i.areaId),
        result.published !== null,
        now,
      ),
    };
  }
}
