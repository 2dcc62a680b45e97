import { Injectable } from '@nestjs/common';
import { formatFen, REWARD_STATUS_LABELS } from '@sansui/shared';
import { newWorkbook } from '../common/excel';
import type { AuthUser } from '../common/auth/auth-user';
import { LedgerService } from '../ledger/ledger.service';
import type { RewardListQuery } from '../rewards/dto/reward.dto';
import { RewardsService } from '../rewards/rewards.service';
import { PayoutBatchesService } from './payout-batches.service';
import type { LedgerQuery } from './dto/payouts.dto';

const LEDGER_KIND_LABELS: Record<string, string> = {
  reserved: '预算预留',
  granted: '发放红包',
  held: '暂扣审核',
  released: '审核通过',
  cancelled: '取消退回',
  paid: '已到账',
  failed: '转账失败',
  reversed: '冲正',
};

/** Excel exports for auditors (docs/domain.md §8): openids and phone numbers masked unless the viewer is an auditor. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly rewards: RewardsService,
    private readonly batches: PayoutBatchesService,
    private readonly ledger: LedgerService,
  ) {}

  async rewardsXlsx(viewer: AuthUser, q: RewardListQuery): Promise<Buffer> {
    const rows = await this.rewards.all(viewer, q);
    return this.book('红包', [
      [
        '编号',
        '活动',
        '上报',
        '案卷',
        '居民',
        'openid',
        '手机号',
        '分类',
        '金额',
        '状态',
        '批次',
        '转账单号',
        '转账状态',
        '暂扣原因',
        '创建时间',
      ],
      ...rows.map((r) => [
        r.id,
        r.campaignName,
        r.reportId,
        r.caseId,
        r.userDisplayName,
        r.openid ?? '',
        r.phone ?? '',
        r.categoryCode,
        formatFen(r.amountFen),
        REWARD_STATUS_LABELS[r.status],
        r.batchId ?? '',
        r.outBillNo ?? '',
        r.billState ?? '',
        (r.holdReasons ?? []).map((h) => h.signal).join(','),
        r.createdAt,
      ]),
    ]);
  }

  async batchesXlsx(): Promise<Buffer> {
    const rows = await this.batches.all();
    return this.book('发放批次', [
      ['批次', '状态', '金额', '红包数', '提交人', '审批人', '需审批人数', '各状态', '创建时间'],
      ...rows.map((b) => [
        b.id,
        b.status === 'approved' ? '已审批' : '待审批',
        formatFen(b.totalFen),
        b.rewardIds.length,
        b.proposedBy,
        b.approvals.map((a) => `${a.userId}@${a.at}`).join(' '),
        b.approvalsRequired,
        JSON.stringify(b.progress),
        b.createdAt,
      ]),
    ]);
  }

  async ledgerXlsx(q: LedgerQuery): Promise<Buffer> {
    const rows = await this.ledger.all(q);
    return this.book('台账', [
      ['序号', '类型', '活动', '红包', '金额', '活动剩余预算', '转账单号', '操作人', '备注', '时间'],
      ...rows.map((l) => [
        l.id,
        LEDGER_KIND_LABELS[l.kind] ?? l.kind,
        l.campaignId,
        l.rewardId ?? '',
        formatFen(l.amountFen),
        formatFen(l.budgetRemainingFen),
        l.outBillNo ?? '',
        l.actorUserId ?? '系统',
        l.note ?? '',
        l.createdAt,
      ]),
    ]);
  }

  private async book(sheetName: string, rows: (string | number)[][]): Promise<Buffer> {
    const wb = newWorkbook();
    wb.creator = '三随';
    const ws = wb.addWorksheet(sheetName);
    for (const r of rows) ws.addRow(r);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((c) => (c.width = 16));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
}
