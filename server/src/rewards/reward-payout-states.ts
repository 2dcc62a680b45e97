import { Injectable } from '@nestjs/common';
import type { RewardStatus } from '@sansui/shared';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { Reward, type HoldReason } from './reward.entity';

/** What WeChat Pay said about the current bill, as stored on the reward. */
export interface BillAnswer {
  state: string;
  transferBillNo?: string | null;
  packageInfo?: string | null;
}

/**
 * The writes the payout flow makes to reward rows (docs/domain.md §8, §10): batching, approval, opening a bill
 * attempt and recording what WeChat Pay answered. The rewards module owns the `rewards` table; `payouts/`
 * decides when (locks, bill rules, ledger, audit) and calls these. Each method writes inside the caller's
 * transaction (or the data source, for the one write that happens outside one).
 */
@Injectable()
export class RewardPayoutStates {
  /** cleared → proposed, in the given batch (only rows still cleared). */
  async addToBatch(em: EntityManager, rewardIds: number[], batchId: number): Promise<void> {
    await em.getRepository(Reward).update({ id: In(rewardIds), status: 'cleared' }, { status: 'proposed', batchId });
  }

  /** proposed → approved for every reward of the batch. */
  async approveBatch(em: EntityManager, batchId: number): Promise<void> {
    await em.getRepository(Reward).update({ batchId, status: 'proposed' }, { status: 'approved' });
  }

  /**
   * Opens the next attempt on a reward the caller locked: a new out_bill_no, status transferring, the bill
   * parameters fixed now so any retry sends the same ones.
   */
  openAttempt(em: EntityManager, r: Reward, billFor: (attempt: number) => { outBillNo: string; params: object }): Promise<Reward> {
    r.attempt += 1;
    const bill = billFor(r.attempt);
    r.outBillNo = bill.outBillNo;
    r.status = 'transferring';
    r.billState = null;
    r.packageInfo = null;
    r.transferBillNo = null;
    r.failReason = null;
    r.billCreatedAt = new Date();
    r.billParams = bill.params as Record<string, unknown>;
    return em.getRepository(Reward).save(r);
  }

  /** WeChat Pay refused to create the bill: the reason stays on the still-open attempt. */
  async recordRefusal(db: DataSource | EntityManager, rewardId: number, outBillNo: string, failReason: string): Promise<void> {
    await db.getRepository(Reward).update({ id: rewardId, outBillNo, status: 'transferring' }, { failReason });
  }

  /** A bill that disagrees with what was asked for: nothing of it is applied, the reward waits for the auditor. */
  hold(em: EntityManager, r: Reward, billState: string, reason: HoldReason): Promise<Reward> {
    r.status = 'held';
    r.billState = billState;
    r.holdReasons = [...(r.holdReasons ?? []), reason];
    return em.getRepository(Reward).save(r);
  }

  /** Demo history: when the reward was granted, its current bill opened and (once paid) paid. */
  async backdate(
    em: EntityManager,
    rewardId: number,
    at: { createdAt: Date; billCreatedAt: Date | null; paidAt: Date | null },
  ): Promise<void> {
    const last = at.paidAt ?? at.billCreatedAt ?? at.createdAt;
    await em
      .createQueryBuilder()
      .update(Reward)
      .set({ ...at, updatedAt: last, version: () => 'version' } as never)
      .where('id = :rewardId', { rewardId })
      .execute();
  }

  /**
   * Stores the bill's state on the reward and, when the bill is final (`next`), its outcome: paid (with the time)
   * or failed / expired (with the reason).
   */
  recordBill(em: EntityManager, r: Reward, bill: BillAnswer, next: RewardStatus | null, failReason: string | null): Promise<Reward> {
    r.billState = bill.state;
    if (bill.transferBillNo) r.transferBillNo = bill.transferBillNo;
    if (bill.packageInfo) r.packageInfo = bill.packageInfo;
    if (next) {
      r.status = next;
      r.failReason = failReason;
      if (next === 'paid') r.paidAt = new Date();
    }
    return em.getRepository(Reward).save(r);
  }
}
