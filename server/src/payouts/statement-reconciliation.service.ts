import { CHINA_OFFSET_MS, chinaDayStart } from '@sansui/shared';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StatementDifferenceDto, StatementReconciliationDto } from '@sansui/shared';
import { DataSource, EntityManager } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { Transactions } from '../database/transactions';
import { NoticesService } from '../notifications/notices.service';
import { RewardPayoutReads } from '../rewards/reward-payout-reads';
import { UserRepository } from '../users/user.repository';
import { TRANSFER_CLIENT, type TransferClient } from '../wechatpay/transfer-client';
import { parseOutBillNo } from './bill-rules';
import { FundFlowBillError, parseFundFlowBill, type FundFlowRow } from './fund-flow-bill';
import { StatementReconciliation } from './statement-reconciliation.entity';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reconciles each China day against WeChat Pay's own statement, the fund-flow bill (资金账单), fetched
 * through the transfer client (the real API or the simulator, the same code): every outflow must be a
 * reward paid that day with the same amount; every reward paid that day must be in the bill. The result
 * is kept per day (re-running replaces it), auditors get a notice when it disagrees, and it exports as CSV.
 * A transfer line is matched by 微信支付业务单号 = transfer_bill_no, or 业务凭证号 = out_bill_no.
 */
@Injectable()
export class StatementReconciliationService {
  private readonly logger = new Logger('StatementReconciliation');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly rewards: RewardPayoutReads,
    private readonly users: UserRepository,
    @Inject(TRANSFER_CLIENT) private readonly client: TransferClient,
    @Optional() private readonly notices?: NoticesService,
  ) {}

  async reconcileDay(billDate: string): Promise<StatementReconciliationDto> {
    if (!isChinaDay(billDate)) throw new AppException('STATEMENT_DATE_INVALID');
    const fetched = await this.client.fundFlowBill(billDate);
    let row: StatementReconciliation;
    if (!fetched.ok) {
      row = this.result(billDate, { status: 'unavailable', error: `${fetched.code} ${fetched.message}`.slice(0, 300) });
    } else {
      try {
        const bill = parseFundFlowBill(fetched.csv);
        row = await this.compare(billDate, bill.rows, fetched.sha1);
      } catch (e) {
        if (!(e instanceof FundFlowBillError)) throw e;
        row = this.result(billDate, { status: 'unavailable', sha1: fetched.sha1, error: `账单无法解析：${e.message}`.slice(0, 300) });
      }
    }
    await this.tx.run(async (em) => {
      await em.getRepository(StatementReconciliation).save(row);
      if (row.status !== 'ok') await this.notifyAuditors(em, row);
    });
    return toDto(row);
  }

  /** The kept results, newest day first (at most `limit`). */
  async list(limit = 62): Promise<StatementReconciliationDto[]> {
    const rows = await this.db.getRepository(StatementReconciliation).find({ order: { billDate: 'DESC' }, take: limit });
    return rows.map(toDto);
  }

  async get(billDate: string): Promise<StatementReconciliationDto> {
    if (!isChinaDay(billDate)) throw new AppException('STATEMENT_DATE_INVALID');
    const row = await this.db.getRepository(StatementReconciliation).findOneBy({ billDate });
    if (!row) throw new AppException('STATEMENT_NOT_FOUND');
    return toDto(row);
  }

  /** CSV (UTF-8 with BOM, opens in Excel) of one day's result: summary lines, then one line per difference. */
  async exportCsv(billDate: string): Promise<string> {
    const r = await this.get(billDate);
    const cells = (xs: (string | number | null)[]) => xs.map((x) => `"${String(x ?? '').replace(/"/g, '""')}"`).join(',');
    const lines = [
      cells(['账单日期', r.billDate, '结果', r.status === 'ok' ? '一致' : r.status === 'differences' ? '有差异' : '未取得账单']),
      cells(['账单SHA1', r.sha1, '核对时间', r.checkedAt]),
      cells(['支出笔数', r.outflowCount, '支出金额（分）', r.outflowFen, '已匹配笔数', r.matchedCount, '已匹配金额（分）', r.matchedFen]),
      ...(r.error ? [cells(['原因', r.error])] : []),
      '',
      cells(['差异类型', '红包ID', '居民', '商户单号', '微信支付单号', '记账时间', '账单金额（分）', '红包金额（分）', '说明']),
      ...r.differences.map((d) =>
        cells([d.kind, d.rewardId, d.residentName, d.outBillNo, d.wechatBillNo, d.bookedAt, d.billFen, d.rewardFen, d.detail]),
      ),
    ];
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  /** For the daily job: yesterday (China time), once WeChat Pay has made the bill (after 10:00), if not done yet. */
  async runDue(now = new Date()): Promise<StatementReconciliationDto | null> {
    const local = new Date(now.getTime() + CHINA_OFFSET_MS);
    if (local.getUTCHours() < 10) return null;
    const yesterday = new Date(local.getTime() - 86_400_000).toISOString().slice(0, 10);
    const done = await this.db.getRepository(StatementReconciliation).findOneBy({ billDate: yesterday });
    if (done && done.status !== 'unavailable') return null;
    if (done && now.getTime() - done.checkedAt.getTime() < 3600_000) return null; // retry an unavailable bill hourly
    return this.reconcileDay(yesterday);
  }

  private async compare(billDate: string, rows: FundFlowRow[], sha1: string): Promise<StatementReconciliation> {
    const from = chinaDayStart(billDate);
    const to = new Date(from.getTime() + 86_400_000);
    const outflows = rows.filter((r) => r.direction === 'out');
    const byTransferNo = await this.rewards.byBillNo('transferBillNo', outflows.map((o) => o.businessNo).filter(Boolean));
    const byOutBillNo = await this.rewards.byBillNo('outBillNo', outflows.map((o) => o.voucherNo).filter(Boolean));
    const paidThatDay = await this.rewards.paidBetween(from, new Date(to.getTime() - 1));
    const superseded = await this.rewards.byIds(outflows.map((o) => parseOutBillNo(o.voucherNo)?.rewardId).filter((x): x is number => !!x));
    const names = await this.users.displayNames(
      this.db.manager,
      [...byTransferNo.values(), ...byOutBillNo.values(), ...paidThatDay, ...superseded.values()].map((r) => r.userId),
    );
    const differences: StatementDifferenceDto[] = [];
    const matched = new Set<number>();
    let matchedCount = 0;
    let matchedFen = 0;
    const diff = (d: Omit<StatementDifferenceDto, 'residentName'>, userId?: number) =>
      differences.push({ ...d, residentName: userId !== undefined ? (names.get(userId) ?? null) : null });
    for (const o of outflows) {
      const reward = byTransferNo.get(o.businessNo) ?? byOutBillNo.get(o.voucherNo);
      const line = { wechatBillNo: o.businessNo || null, bookedAt: o.bookedAt, billFen: o.amountFen };
      if (!reward) {
        const owner = superseded.get(parseOutBillNo(o.voucherNo)?.rewardId ?? -1);
        diff(
          {
            kind: 'UNKNOWN_OUTFLOW',
            rewardId: owner?.id ?? null,
            outBillNo: o.voucherNo || null,
            rewardFen: owner?.amountFen ?? null,
            ...line,
            detail: owner
              ? `支出 ${yuan(o.amountFen)} 元属于红包 #${owner.id} 已作废的转账单 ${o.voucherNo}（当前为 ${owner.outBillNo ?? '无'}）：可能重复付款`
              : `支出 ${yuan(o.amountFen)} 元（${o.businessName || '未知业务'}）没有对应的红包`,
          },
          owner?.userId,
        );
        continue;
      }
      matched.add(reward.id);
      const ids = { rewardId: reward.id, outBillNo: reward.outBillNo, rewardFen: reward.amountFen, ...line };
      if (reward.amountFen !== o.amountFen) {
        diff(
          { kind: 'AMOUNT_MISMATCH', ...ids, detail: `账单支出 ${yuan(o.amountFen)} 元，红包金额 ${yuan(reward.amountFen)} 元` },
          reward.userId,
        );
        continue;
      }
      matchedCount++;
      matchedFen += o.amountFen;
      if (reward.status !== 'paid')
        diff(
          { kind: 'NOT_PAID_YET', ...ids, detail: `微信支付已付出，红包状态为 ${reward.status}（对账任务会更新；长期不变请核实）` },
          reward.userId,
        );
    }
    for (const r of paidThatDay.filter((x) => !matched.has(x.id)))
      diff(
        {
          kind: 'MISSING_OUTFLOW',
          rewardId: r.id,
          outBillNo: r.outBillNo,
          wechatBillNo: r.transferBillNo,
          bookedAt: null,
          billFen: null,
          rewardFen: r.amountFen,
          detail: `红包记为当日到账（${yuan(r.amountFen)} 元），账单中没有这笔支出`,
        },
        r.userId,
      );
    return this.result(billDate, {
      status: differences.length ? 'differences' : 'ok',
      sha1,
      outflowCount: outflows.length,
      outflowFen: outflows.reduce((s, o) => s + o.amountFen, 0),
      matchedCount,
      matchedFen,
      differences,
    });
  }

  private result(billDate: string, r: Partial<StatementReconciliation>): StatementReconciliation {
    return Object.assign(new StatementReconciliation(), {
      billDate,
      status: 'unavailable',
      sha1: null,
      outflowCount: 0,
      outflowFen: 0,
      matchedCount: 0,
      matchedFen: 0,
      differences: [],
      error: null,
      checkedAt: new Date(),
      ...r,
    });
  }

  private async notifyAuditors(em: EntityManager, r: StatementReconciliation): Promise<void> {
    if (!this.notices) return;
    const staff = await this.users.activeStaff(em);
    const title = r.status === 'unavailable' ? `${r.billDate} 资金账单未能核对` : `${r.billDate} 资金账单有 ${r.differences.length} 处差异`;
    const body =
      r.status === 'unavailable'
        ? `未取得或无法解析微信支付资金账单：${r.error ?? ''}`
        : r.differences
            .slice(0, 5)
            .map((d) => d.detail)
            .join('；');
    for (const u of staff.filter((x) => x.roles.includes('auditor')))
      await this.notices.notifyStaff(em, { userId: u.id, kind: 'statement_diff', title, body });
    this.logger.warn(`${title}`);
  }
}

function toDto(r: StatementReconciliation): StatementReconciliationDto {
  return {
    billDate: r.billDate,
    status: r.status,
    sha1: r.sha1,
    outflowCount: r.outflowCount,
    outflowFen: r.outflowFen,
    matchedCount: r.matchedCount,
    matchedFen: r.matchedFen,
    differences: r.differences ?? [],
    error: r.error,
    checkedAt: r.checkedAt.toISOString(),
  };
}

/** yyyy-MM-dd naming a real calendar day (2026-02-30 is not one). */
export function isChinaDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
