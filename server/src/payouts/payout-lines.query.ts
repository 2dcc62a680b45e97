import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { chinaDayRange, chinaDayStart, type PayoutLineDto, type PayoutLineFilter, type PayoutLinesPage } from '@sansui/shared';
import { DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { sqlTime } from '../cases/case-sql';
import { Case } from '../cases/case.entity';
import { AppException } from '../common/errors/app-exception';
import { Department } from '../departments/department.entity';
import { Reward } from '../rewards/reward.entity';
import { maskMiddle } from '../rewards/reward-view';
import { User } from '../users/user.entity';

/** The lines of one batch, or the candidates for a new one (cleared, in no batch). */
export type LineScope = { batchId: number } | { candidates: true };

/** `!` escapes LIKE wildcards the same way on SQLite and MariaDB (a backslash does not). */
const likeEscape = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * Reads rewards as payout lines, narrowed by the auditor's filter (department of the case, category,
 * amount, fraud signal, reporter). Counts and sums run over every match, so the page shows what the
 * whole selection adds up to.
 */
@Injectable()
export class PayoutLinesQuery {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(scope: LineScope, filter: PayoutLineFilter, page = 1, pageSize = 20): Promise<PayoutLinesPage> {
    const { count, totalFen } = await this.totals(scope, filter);
    const rows = await this.matching(scope, filter)
      .orderBy('r.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getMany();
    return { items: await this.lines(rows), total: count, totalFen, page, pageSize };
  }

  async totals(scope: LineScope, filter: PayoutLineFilter): Promise<{ count: number; totalFen: number }> {
    const raw = await this.matching(scope, filter)
      .select('COUNT(*)', 'n')
      .addSelect('COALESCE(SUM(r.amountFen), 0)', 'fen')
      .getRawOne<{ n: string | number; fen: string | number }>();
    return { count: Number(raw?.n ?? 0), totalFen: Number(raw?.fen ?? 0) };
  }

  /** Every matching reward id (for proposing a batch from a filter), oldest first. */
  async ids(scope: LineScope, filter: PayoutLineFilter, cap: number): Promise<number[]> {
    const rows = await this.matching(scope, filter).select('r.id', 'id').orderBy('r.id', 'ASC').limit(cap).getRawMany<{ id: number }>();
    return rows.map((r) => Number(r.id));
  }

  private matching(scope: LineScope, f: PayoutLineFilter): SelectQueryBuilder<Reward> {
    if (f.minFen !== undefined && f.maxFen !== undefined && f.minFen > f.maxFen) throw new AppException('PAYOUT_FILTER_INVALID');
    if (f.from && f.to && f.from > f.to) throw new AppException('PAYOUT_FILTER_INVALID', '日期范围不正确：起始日不能晚于截止日');
    const qb = this.db.getRepository(Reward).createQueryBuilder('r');
    if ('batchId' in scope) qb.where('r.batchId = :batchId', { batchId: scope.batchId });
    else qb.where("r.status = 'cleared' AND r.batchId IS NULL");
    if (f.departmentId !== undefined)
      qb.andWhere('r.caseId IN ' + qb.subQuery().select('c.id').from(Case, 'c').where('c.departmentId = :dept').getQuery(), {
        dept: f.departmentId,
      });
    if (f.categoryCode) qb.andWhere('r.categoryCode = :cat', { cat: f.categoryCode });
    if (f.minFen !== undefined) qb.andWhere('r.amountFen >= :minFen', { minFen: f.minFen });
    if (f.maxFen !== undefined) qb.andWhere('r.amountFen <= :maxFen', { maxFen: f.maxFen });
    if (f.signal === 'any') qb.andWhere(`r.holdReasons LIKE '%"signal"%'`);
    else if (f.signal === 'none') qb.andWhere(`(r.holdReasons IS NULL OR r.holdReasons NOT LIKE '%"signal"%')`);
    else if (f.signal) qb.andWhere(`r.holdReasons LIKE :sig ESCAPE '!'`, { sig: `%"signal":"${likeEscape(f.signal)}"%` });
    if (f.from) qb.andWhere('r.createdAt >= :fromAt', { fromAt: sqlTime(chinaDayStart(f.from)) });
    if (f.to) qb.andWhere('r.createdAt < :toAt', { toAt: sqlTime(chinaDayRange(chinaDayStart(f.to))[1]) });
    const who = f.reporter?.trim();
    if (who)
      qb.andWhere(
        'r.userId IN ' +
          qb.subQuery().select('u.id').from(User, 'u').where(`(u.displayName LIKE :who ESCAPE '!' OR u.openid = :openid)`).getQuery(),
        { who: `%${likeEscape(who)}%`, openid: who },
      );
    return qb;
  }

  private async lines(rows: Reward[]): Promise<PayoutLineDto[]> {
    if (!rows.length) return [];
    const cases = await this.db
      .getRepository(Case)
      .find({ where: { id: In([...new Set(rows.map((r) => r.caseId))]) }, select: { id: true, departmentId: true } });
    const deptOf = new Map(cases.map((c) => [c.id, c.departmentId]));
    const deptIds = [...new Set(cases.map((c) => c.departmentId).filter((d): d is number => d !== null))];
    const depts = deptIds.length
      ? await this.db.getRepository(Department).find({ where: { id: In(deptIds) }, select: { id: true, name: true } })
      : [];
    const deptName = new Map(depts.map((d) => [d.id, d.name]));
    const users = await this.db
      .getRepository(User)
      .find({ where: { id: In([...new Set(rows.map((r) => r.userId))]) }, select: { id: true, displayName: true, openid: true } });
    const userOf = new Map(users.map((u) => [u.id, u]));
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
