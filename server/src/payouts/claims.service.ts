import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { findCategory, type ClaimRewardResponse } from '@sansui/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/auth-user';
import { AppException } from '../common/errors/app-exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Transactions } from '../database/transactions';
import { LedgerService } from '../ledger/ledger.service';
import { OutboxService } from '../notifications/outbox.service';
import type { Campaign } from '../rewards/campaign.entity';
import type { Reward } from '../rewards/reward.entity';
import { notifyReward } from '../rewards/reward-notify';
import { RewardPayoutReads } from '../rewards/reward-payout-reads';
import { RewardPayoutStates } from '../rewards/reward-payout-states';
import { mayOpenNewBill } from '../rewards/reward-view';
import { UserRepository } from '../users/user.repository';
import {
  TRANSFER_CLIENT,
  type CreateTransferBill,
  type TransferBill,
  type TransferClient,
  type TransferResult,
} from '../wechatpay/transfer-client';
import { WECHATPAY_KEYS } from '../wechatpay/wechatpay.tokens';
import type { WechatpayKeys } from '../wechatpay/wechatpay-keys';
import { billMismatches } from './bill-check';
import { clip32, outBillNoFor, parseOutBillNo, rewardStatusForBill } from './bill-rules';

const UNCONFIRMED_CANCEL_MS = 24 * 3600_000 + 10 * 60_000;

export interface ApplyOutcome {
  rewardId: number | null;
  changed: boolean;
  status: string | null;
}

/**
 * The resident's claim and everything that follows (docs/domain.md §8, §10): one transfer bill per attempt with
 * an out_bill_no derived from reward and attempt; the same bill and parameters again on any unknown
 * outcome; a new attempt only after a query or callback showed FAIL / CANCELLED; callbacks and the
 * reconcile job apply bill results idempotently. Calls to WeChat Pay happen outside transactions.
 */
@Injectable()
export class ClaimsService {
  private readonly logger = new Logger('Claims');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tx: Transactions,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly rewardStates: RewardPayoutStates,
    private readonly rewards: RewardPayoutReads,
    private readonly users: UserRepository,
    @Inject(TRANSFER_CLIENT) private readonly client: TransferClient,
    @Inject(WECHATPAY_KEYS) private readonly keys: WechatpayKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly outbox?: OutboxService,
  ) {}

  /** The same claims, talking to WeChat Pay through another client (the demo data's in-process simulator). */
  through(client: TransferClient): ClaimsService {
    return new ClaimsService(
      this.db,
      this.tx,
      this.ledger,
      this.audit,
      this.rewardStates,
      this.rewards,
      this.users,
      client,
      this.keys,
      this.config,
      this.outbox,
    );
  }

  async claim(user: AuthUser, rewardId: number, depth = 0): Promise<ClaimRewardResponse> {
    const reward = await this.tx.run(async (em) => {
      const r = await this.rewards.locked(em, rewardId);
      if (!r || r.userId !== user.id) throw new AppException('REWARD_NOT_FOUND');
      if (r.status === 'transferring') return r;
      if (!mayOpenNewBill(r)) {
        if (r.status === 'failed' || r.status === 'expired') throw new AppException('REWARD_BILL_PENDING');
        throw new AppException('REWARD_NOT_CLAIMABLE');
      }
      const resident = await this.users.deliveryFacts(em, r.userId);
      if (!resident?.openid || resident.deletedAt) throw new AppException('REWARD_NOT_CLAIMABLE');
      const campaign = await this.rewards.campaignIn(em, r.campaignId);
      const openid = resident.openid;
      return this.rewardStates.openAttempt(em, r, (attempt) => {
        const outBillNo = outBillNoFor(r.id, attempt);
        return { outBillNo, params: this.billParams(r, outBillNo, openid, campaign) };
      });
    });
    if (reward.packageInfo && reward.billState === 'WAIT_USER_CONFIRM') return this.claimResponse(reward);
    let opened: Reward;
    try {
      opened = await this.openBill(reward);
    } catch (e) {
      if (e instanceof AppException) throw e;
      // The claim is committed (transferring, parameters fixed); a retry or the reconcile job resumes it.
      this.logger.error(`claim ${rewardId}: ${(e as Error).message}`);
      throw new AppException('WECHATPAY_UNAVAILABLE');
    }
    // The open bill turned out to be final FAIL/CANCELLED (e.g. expired): now known failed, so a new attempt may open.
    if (mayOpenNewBill(opened) && depth === 0) return this.claim(user, rewardId, 1);
    if (opened.status !== 'transferring' || opened.billState !== 'WAIT_USER_CONFIRM' || !opened.packageInfo)
      throw new AppException(opened.status === 'paid' ? 'REWARD_NOT_CLAIMABLE' : 'WECHATPAY_UNAVAILABLE');
    return this.claimResponse(opened);
  }

  /**
   * Creates the current attempt's bill (or gets it back: same out_bill_no, same parameters), retrying
   * unknown outcomes a few times, and stores what WeChat Pay answered.
   */
  async openBill(reward: Reward): Promise<Reward> {
    const params = reward.billParams as unknown as CreateTransferBill;
    let last!: TransferResult; // the loop runs at least once
    for (let i = 0; i < 3; i++) {
      last = await this.client.create(params);
      if (last.ok && last.bill.state !== 'ACCEPTED') break;
      if (!last.ok && last.kind === 'rejected') break;
      await new Promise((r) => setTimeout(r, 100 * (i + 1)));
    }
    if (last.ok) {
      await this.applyBill(last.bill, 'create');
    } else if (last.kind === 'rejected') {
      this.logger.warn(`transfer bill ${params.out_bill_no} refused: ${last.code} ${last.message}`);
      await this.rewardStates.recordRefusal(this.db, reward.id, params.out_bill_no, clip32(last.code));
      throw new AppException('WECHATPAY_REJECTED');
    }
    return this.rewards.byId(reward.id);
  }

  /**
   * Applies what WeChat Pay says about a bill (callback, query or create answer) in one transaction,
   * idempotently: a reward moves to paid at most once (ledger key `paid:<id>`), and a failed bill is
   * recorded once per out_bill_no.
   */
  async applyBill(bill: TransferBill, source: 'notify' | 'query' | 'create'): Promise<ApplyOutcome> {
    const parsed = parseOutBillNo(bill.out_bill_no);
    if (!parsed) return { rewardId: null, changed: false, status: null };
    return this.tx.run(async (em) => {
      const r = await this.rewards.locked(em, parsed.rewardId);
      if (!r) return { rewardId: null, changed: false, status: null };
      if (r.outBillNo !== bill.out_bill_no) {
        // An older attempt: it was known to have failed before the new one opened. A SUCCESS here would be a second payment.
        if (bill.state === 'SUCCESS') this.logger.error(`SUCCESS for superseded bill ${bill.out_bill_no} of reward ${r.id}`);
        return { rewardId: r.id, changed: false, status: r.status };
      }
      if (r.status !== 'transferring') return { rewardId: r.id, changed: false, status: r.status };
      const mismatches = billMismatches(bill, r.billParams as Partial<CreateTransferBill> | null, this.keys.mchid);
      if (mismatches.length) {
        // Validly signed, yet not the bill we asked for: nothing is applied; the auditor looks at it.
        this.logger.error(`bill ${bill.out_bill_no} (${source}) disagrees with reward ${r.id}: ${JSON.stringify(mismatches)}`);
        await this.rewardStates.hold(em, r, bill.state, {
          signal: 'BILL_MISMATCH',
          evidence: { outBillNo: bill.out_bill_no, state: bill.state, source, mismatches },
        });
        await this.audit.record(em, {
          actorUserId: null,
          actorName: '微信支付',
          action: 'reward.hold',
          targetType: 'reward',
          targetId: r.id,
          data: { from: 'transferring', to: 'held', reason: 'BILL_MISMATCH', outBillNo: bill.out_bill_no, state: bill.state, mismatches },
        });
        return { rewardId: r.id, changed: true, status: r.status };
      }
      const next = rewardStatusForBill(bill.state, bill.fail_reason);
      const answer = { state: bill.state, transferBillNo: bill.transfer_bill_no, packageInfo: bill.package_info };
      await this.rewardStates.recordBill(em, r, answer, next, bill.fail_reason ?? null);
      if (!next) return { rewardId: r.id, changed: false, status: r.status };
      if (next === 'paid') {
        await this.ledger.append(em, {
          kind: 'paid',
          campaignId: r.campaignId,
          rewardId: r.id,
          amountFen: r.amountFen,
          outBillNo: r.outBillNo,
          note: `${source}: ${bill.transfer_bill_no ?? ''}`,
          dedupeKey: `paid:${r.id}`,
        });
        await notifyReward(this.outbox ?? null, em, r.userId, r.amountFen, '已到账', '红包已存入微信零钱');
      } else {
        await this.ledger.append(em, {
          kind: 'failed',
          campaignId: r.campaignId,
          rewardId: r.id,
          amountFen: r.amountFen,
          outBillNo: r.outBillNo,
          note: `${source}: ${bill.state} ${bill.fail_reason ?? ''}`.trim(),
          dedupeKey: `failed:${r.outBillNo}`,
        });
        await notifyReward(
          this.outbox ?? null,
          em,
          r.userId,
          r.amountFen,
          '可重新领取',
          next === 'expired' ? '超过24小时未确认收款，可重新领取' : '领取未成功，可重新领取',
        );
      }
      await this.audit.record(em, {
        actorUserId: null,
        actorName: '微信支付',
        action: `reward.${next}`,
        targetType: 'reward',
        targetId: r.id,
        data: { outBillNo: r.outBillNo, state: bill.state, failReason: bill.fail_reason ?? null, source },
      });
      return { rewardId: r.id, changed: true, status: r.status };
    });
  }

  /**
   * One pass of the reconcile job: queries every bill that is not final, applies the answer, (re)creates
   * bills that a crashed claim never created, and cancels bills left unconfirmed past 24 h.
   */
  async reconcileOnce(limit = 200): Promise<{ checked: number; applied: number; created: number; cancelled: number }> {
    const open = await this.rewards.transferring(limit);
    let applied = 0;
    let created = 0;
    let cancelled = 0;
    for (const r of open) {
      const q = await this.client.query(r.outBillNo!);
      if (q.ok) {
        const out = await this.applyBill(q.bill, 'query');
        if (out.changed) applied++;
        const age = Date.now() - (r.billCreatedAt?.getTime() ?? Date.now());
        if (!out.changed && q.bill.state === 'WAIT_USER_CONFIRM' && age > UNCONFIRMED_CANCEL_MS) {
          const c = await this.client.cancel(r.outBillNo!);
          if (c.ok) {
            cancelled++;
            const again = await this.client.query(r.outBillNo!);
            if (again.ok && (await this.applyBill(again.bill, 'query')).changed) applied++;
          }
        }
      } else if (q.kind === 'not_found' && r.billParams) {
        // The claim committed but died before (or while) creating the bill: create it now, same parameters.
        await this.openBill(r).then(
          () => created++,
          () => undefined,
        );
      }
    }
    return { checked: open.length, applied, created, cancelled };
  }

  private billParams(r: Reward, outBillNo: string, openid: string, campaign: Campaign): CreateTransferBill {
    const categoryName = findCategory(r.categoryCode)?.name ?? '环境问题';
    return {
      appid: this.config.wechat.appId,
      out_bill_no: outBillNo,
      transfer_scene_id: '1000',
      openid,
      transfer_amount: r.amountFen,
      transfer_remark: clip32(`${campaign.name}红包`),
      notify_url: `${this.config.publicBaseUrl}/api/v1/wechatpay/notify`,
      user_recv_perception: '现金奖励',
      transfer_scene_report_infos: [
        { info_type: '活动名称', info_content: clip32(campaign.name) },
        { info_type: '奖励说明', info_content: clip32(`上报${categoryName}问题奖励`) },
      ],
    };
  }

  private claimResponse(r: Reward): ClaimRewardResponse {
    return { mchId: this.keys.mchid, appId: this.config.wechat.appId, package: r.packageInfo!, outBillNo: r.outBillNo! };
  }
}
