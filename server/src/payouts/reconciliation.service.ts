import { chinaDay, chinaDayRange } from '@sansui/shared';
import { Inject, Injectable } from '@nestjs/common';
import type { ReconciliationDto } from '@sansui/shared';
import { ledgerReservedFen } from '../ledger/ledger-rules';
import { LedgerService } from '../ledger/ledger.service';
import { RewardPayoutReads } from '../rewards/reward-payout-reads';
import { TRANSFER_CLIENT, type TransferClient } from '../wechatpay/transfer-client';

/**
 * The daily reconciliation (docs/domain.md §8): per campaign, budget = remaining + reserved (reserved = granted
 * rewards not cancelled), the ledger's reserved − cancelled equals the rewards table, and paid equals
 * WeChat Pay's SUCCESS bills as the transfer client reports them (a query per bill we know of). Outflows
 * we do not know of are found by the statement reconciliation (StatementReconciliationService).
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly rewardReads: RewardPayoutReads,
    private readonly ledger: LedgerService,
    @Inject(TRANSFER_CLIENT) private readonly client: TransferClient,
  ) {}

  async report(date?: string): Promise<ReconciliationDto> {
    const day = date ?? chinaDay(new Date());
    const [from, to] = chinaDayRange(new Date(`${day}T12:00:00+08:00`));
    const differences: ReconciliationDto['differences'] = [];
    const totals = await this.ledger.sums();
    const daySums = await this.ledger.sums({ from, to });
    const campaigns = await this.rewardReads.campaigns();
    const bills = await this.successBills();
    const rewards = await this.rewardReads.ledgerFacts();
    const rewardByBill = new Map(rewards.filter((r) => r.outBillNo).map((r) => [r.outBillNo!, r]));

    const out: ReconciliationDto['campaigns'] = [];
    for (const c of campaigns) {
      const t = totals.get(c.id) ?? {};
      const ledgerReserved = ledgerReservedFen(t);
      const liveRewards = rewards.filter((r) => r.campaignId === c.id && r.status !== 'cancelled');
      const rewardsFen = liveRewards.reduce((s, r) => s + r.amountFen, 0);
      const paidRewardsFen = liveRewards.filter((r) => r.status === 'paid').reduce((s, r) => s + r.amountFen, 0);
      const billsFen = [...bills.values()]
        .filter((b) => rewardByBill.get(b.outBillNo)?.campaignId === c.id)
        .reduce((s, b) => s + b.amountFen, 0);
      if (ledgerReserved !== c.reservedFen)
        differences.push({
          kind: 'RESERVED_MISMATCH',
          detail: `活动 ${c.id}：台账预留 ${ledgerReserved} 分，活动记录 ${c.reservedFen} 分`,
        });
      if (ledgerReserved !== rewardsFen)
        differences.push({ kind: 'REWARDS_MISMATCH', detail: `活动 ${c.id}：台账预留 ${ledgerReserved} 分，红包合计 ${rewardsFen} 分` });
      if ((t.paid ?? 0) !== paidRewardsFen)
        differences.push({ kind: 'PAID_MISMATCH', detail: `活动 ${c.id}：台账已付 ${t.paid ?? 0} 分，已付红包 ${paidRewardsFen} 分` });
      if ((t.paid ?? 0) !== billsFen)
        differences.push({ kind: 'BILLS_MISMATCH', detail: `活动 ${c.id}：台账已付 ${t.paid ?? 0} 分，微信支付成功转账 ${billsFen} 分` });
      out.push({
        campaignId: c.id,
        name: c.name,
        budgetFen: c.budgetFen,
        reservedFen: ledgerReserved,
        remainingFen: c.budgetFen - ledgerReserved,
        grantedFen: rewardsFen,
        paidFen: t.paid ?? 0,
        billsSuccessFen: billsFen,
      });
    }
    for (const b of bills.values()) {
      const r = rewardByBill.get(b.outBillNo);
      if (!r)
        differences.push({
          kind: 'BILL_WITHOUT_REWARD',
          outBillNo: b.outBillNo,
          detail: `转账单 ${b.outBillNo} 成功，但没有对应的当前红包`,
        });
      else if (r.status !== 'paid')
        differences.push({
          kind: 'BILL_SUCCESS_NOT_PAID',
          rewardId: r.id,
          outBillNo: b.outBillNo,
          detail: `转账单已成功，红包状态为 ${r.status}（待对账任务更新）`,
        });
      else if (r.amountFen !== b.amountFen)
        differences.push({
          kind: 'AMOUNT_MISMATCH',
          rewardId: r.id,
          outBillNo: b.outBillNo,
          detail: `金额不一致：红包 ${r.amountFen} 分，转账 ${b.amountFen} 分`,
        });
    }
    for (const r of rewards.filter((x) => x.status === 'paid')) {
      if (r.outBillNo && !bills.has(r.outBillNo))
        differences.push({
          kind: 'PAID_WITHOUT_BILL',
          rewardId: r.id,
          outBillNo: r.outBillNo,
          detail: `红包已记为到账，但微信支付没有成功的转账单`,
        });
    }
    const sumDay = (k: 'reserved' | 'paid' | 'cancelled') => [...daySums.values()].reduce((s, m) => s + (m[k] ?? 0), 0);
    const dayBills = [...bills.values()].filter((b) => b.updatedAt >= from && b.updatedAt < to).reduce((s, b) => s + b.amountFen, 0);
    return {
      date: day,
      campaigns: out,
      day: { grantedFen: sumDay('reserved') - sumDay('cancelled'), paidFen: sumDay('paid'), billsSuccessFen: dayBills },
      differences,
      ok: differences.length === 0,
    };
  }

  /** SUCCESS bills at WeChat Pay: a query per bill of a paid or transferring reward (and of held ones that had a bill). */
  private async successBills(): Promise<Map<string, { outBillNo: string; amountFen: number; updatedAt: Date }>> {
    const out = new Map<string, { outBillNo: string; amountFen: number; updatedAt: Date }>();
    const rows = await this.rewardReads.withBills();
    for (const r of rows.filter((x) => x.outBillNo)) {
      const q = await this.client.query(r.outBillNo!);
      if (q.ok && q.bill.state === 'SUCCESS')
        out.set(r.outBillNo!, {
          outBillNo: r.outBillNo!,
          amountFen: q.bill.transfer_amount ?? r.amountFen,
          updatedAt: r.paidAt ?? r.updatedAt,
        });
    }
    return out;
  }
}
