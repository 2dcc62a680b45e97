import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CASE_STATUS_RESIDENT_LABELS,
  DEPARTMENT_TYPE_LABELS,
  type FollowedCaseDetailDto,
  type FollowedCaseDto,
  type MeTooResultDto,
  type Page,
} from '@sansui/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseLifecycle } from '../cases/case-lifecycle.service';
import { CaseReads } from '../cases/case-reads';
import type { Case } from '../cases/case.entity';
import { CategoriesService } from '../categories/categories.service';
import { DepartmentsService } from '../departments/departments.service';
import { ReportRepository } from '../reports/report.repository';
import { residentTimeline } from '../reports/resident-timeline';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/unique-violation';
import { PhotosService } from '../uploads/photos.service';
import { CaseMeToo } from './case-me-too.entity';

/** Cases a resident can still join: being worked, not yet closed, merged away or rejected. */
const JOINABLE = ['submitted', 'accepted', 'dispatched', 'in_progress', 'resolved'];
/** Timeline events that speak to the reporter in person ("您评价…"): a follower does not see them. */
const REPORTER_ONLY_EVENTS = ['feedback', 'reopen_requested', 'reopen_declined'];

/**
 * 我也遇到 (docs/domain.md §15): a resident joins an open case instead of reporting it again. Once per resident
 * and case; the case's count of people affected goes up; the resident follows the case (its messages,
 * its progress in 我的). No report is written, so no reward can follow from it.
 */
@Injectable()
export class MeTooService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly photos: PhotosService,
    private readonly lifecycle: CaseLifecycle,
    private readonly cases: CaseReads,
    private readonly reports: ReportRepository,
    private readonly departments: DepartmentsService,
    private readonly categories: CategoriesService,
  ) {}

  async meToo(user: AuthUser, caseId: number): Promise<MeTooResultDto> {
    if (user.kind !== 'resident') throw new AppException('FORBIDDEN', '只有居民可以点“我也遇到”');
    const target = await this.joinable(caseId);
    const reporter = await this.reports.hasReportOn([target.id, ...(await this.cases.mergedInto(target.id))], user.id);
    if (reporter) return { caseId: target.id, meTooCount: target.meTooCount, created: false };
    try {
      const count = await this.tx.run((em) => this.record(em, target.id, user.id));
      return { caseId: target.id, meTooCount: count, created: true };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      const fresh = await this.cases.byId(target.id);
      return { caseId: target.id, meTooCount: fresh?.meTooCount ?? target.meTooCount, created: false };
    }
  }

  /** GET /me-too/mine/:caseId: a followed case with its progress as residents see it (no reporter's personal events). */
  async followed(user: AuthUser, caseId: number): Promise<FollowedCaseDetailDto> {
    const link = await this.db.getRepository(CaseMeToo).findOne({ where: { userId: user.id, caseId } });
    if (!link) throw new AppException('CASE_NOT_FOUND');
    const c = await this.cases.byId(caseId);
    if (!c) throw new AppException('CASE_NOT_FOUND');
    const [item] = (await this.cards([link], [c])).items;
    const events = (await this.cases.timeline(caseId)).filter((e) => !REPORTER_ONLY_EVENTS.includes(e.action));
    const dept = c.departmentId ? await this.departments.findById(c.departmentId) : null;
    const label = dept ? `${DEPARTMENT_TYPE_LABELS[dept.type] ?? dept.name}部门` : '责任部门';
    const timeline = residentTimeline(events, { ownCaseId: -1, departmentLabel: label, departmentLabelOf: () => null }, () => []);
    return { ...item, description: c.flagged ? null : c.description, departmentName: dept?.name ?? null, timeline };
  }

  /** GET /me-too/mine: the cases I said 我也遇到 for, newest first, as the resident sees them. */
  async mine(user: AuthUser, page = 1, pageSize = 20): Promise<Page<FollowedCaseDto>> {
    const [rows, total] = await this.db.getRepository(CaseMeToo).findAndCount({
      where: { userId: user.id },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const cases = await this.cases.byIds(rows.map((r) => r.caseId));
    return { ...(await this.cards(rows, cases)), total, page, pageSize };
  }

  private async cards(rows: CaseMeToo[], cases: Case[]): Promise<{ items: FollowedCaseDto[] }> {
    const byId = new Map(cases.map((c) => [c.id, c]));
    const names = await this.categories.names();
    const thumbs = await this.photos.cardsOfCases(cases.map((c) => c.id));
    const items = rows.flatMap((r) => {
      const c = byId.get(r.caseId);
      if (!c) return [];
      const thumb = thumbs.find((p) => p.caseId === c.id && p.contentCheck === 'pass');
      return [
        {
          caseId: c.id,
          categoryCode: c.categoryCode,
          categoryName: names.get(c.categoryCode) ?? c.categoryCode,
          status: c.status,
          statusText: CASE_STATUS_RESIDENT_LABELS[c.status],
          address: c.address,
          meTooCount: c.meTooCount,
          thumbUrl: thumb ? this.photos.toDto(thumb, { staff: false }).thumbUrl : null,
          followedAt: r.createdAt.toISOString(),
          updatedAt: c.updatedAt.toISOString(),
        },
      ];
    });
    return { items };
  }

  /** The one write of a me-too: the follower row (unique per resident and case) and the case's count. */
  private async record(em: EntityManager, caseId: number, userId: number): Promise<number> {
    await em.getRepository(CaseMeToo).insert({ caseId, userId });
    return this.lifecycle.countMeToo(em, caseId);
  }

  /** A merged case stands for its master; closed, rejected and unknown cases cannot be joined. */
  private async joinable(caseId: number): Promise<Case> {
    let c = await this.cases.byId(caseId);
    for (let hops = 0; c && c.status === 'merged' && c.masterCaseId && hops < 5; hops++) c = await this.cases.byId(c.masterCaseId);
    if (!c || c.flagged) throw new AppException('CASE_NOT_FOUND');
    if (!JOINABLE.includes(c.status)) throw new AppException('ME_TOO_CLOSED');
    return c;
  }
}
