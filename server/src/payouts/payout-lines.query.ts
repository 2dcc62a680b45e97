import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PayoutLineDto, PayoutLineFilter, PayoutLinesPage } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { CaseReads } from '../cases/case-reads';
import { AppException } from '../common/errors/app-exception';
import { DepartmentsService } from '../departments/departments.service';
import { RewardPayoutReads, type LineScope } from '../rewards/reward-payout-reads';
import type { Reward } from '../rewards/reward.entity';
import { maskMiddle } from '../rewards/reward-view';
import { UserRepository } from '../users/user.repository';

export type { LineScope } from '../rewards/reward-payout-reads';

/**
 * Reads rewards as payout lines, narrowed by the auditor's filter (department of the case, category,
 * amount, fraud signal, reporter). Counts and sums run over every match, so the page shows what the
 * whole selection adds up to. A page costs one read per owner: rewards, cases, departments, users.
 */
@Injectable()
export class PayoutLinesQuery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rewards: RewardPayoutReads,
    private readonly cases: CaseReads,
    private readonly departments: DepartmentsService,
    private readonly users: UserRepository,
  ) {}

  async page(scope: LineScope, filter: PayoutLineFilter, page = 1, pageSize = 20): Promise<PayoutLinesPage> {
    const { count, totalFen } = await this.totals(scope, filter);
    const rows = await this.rewards.linePage(scope, filter, (page - 1) * pageSize, pageSize);
    return { items: await this.lines(rows), total: count, totalFen, page, pageSize };
  }

  totals(scope: LineScope, filter: PayoutLineFilter): Promise<{ count: number; totalFen: number }> {
    checkFilter(filter);
    return this.rewards.lineTotals(scope, filter);
  }

  /** Every matching reward id (for proposing a batch from a filter), oldest first. */
  ids(scope: LineScope, filter: PayoutLineFilter, cap: number): Promise<number[]> {
    checkFilter(filter);
    return this.rewards.lineIds(scope, filter, cap);
  }

  private async lines(rows: Reward[]): Promise<PayoutLineDto[]> {
    if (!rows.length) return [];
    const cases = await this.cases.departmentsOf([...new Set(rows.map((r) => r.caseId))]);
    const deptOf = new Map(cases.map((c) => [c.id, c.departmentId]));
    const deptName = await this.departments.namesOf([...new Set(cases.map((c) => c.departmentId).filter((d): d is number => d !== null))]);
    const payees = await this.users.payeeFacts(this.db.manager, [...new Set(rows.map((r) => r.userId))]);
    const userOf = new Map(payees.map((u) => [u.id, u]));
    return rows.map((r) => {
      const departmentId = deptOf.get(r.caseId) ?? null;
      const u = userOf.get(r.userId);
      return {
        rewardId: r.id,
        caseId: r.caseId,
        reportId: r.reportId,
        userId: r.userId,
        reporterName: u?.displayName ?? '',
        reporterOpenid: maskMiddle(u?.openid ?? null, 4, 4),
        amountFen: r.amountFen,
        status: r.status,
        categoryCode: r.categoryCode,
        departmentId,
        departmentName: departmentId === null ? null : (deptName.get(departmentId) ?? null),
        signals: r.holdReasons ?? [],
        reviewNote: r.reviewNote,
        createdAt: r.createdAt.toISOString(),
      };
    });
  }
}

function checkFilter(f: PayoutLineFilter): void {
  if (f.minFen !== undefined && f.maxFen !== undefined && f.minFen > f.maxFen) throw new AppException('PAYOUT_FILTER_INVALID');
  if (f.from && f.to && f.from > f.to) throw new AppException('PAYOUT_FILTER_INVALID', '日期范围不正确：起始日不能晚于截止日');
}
