import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { LedgerService } from '../ledger/ledger.service';
import { RewardListQuery } from '../rewards/dto/reward.dto';
import { LedgerQuery, ReconciliationQuery } from './dto/payouts.dto';
import { ExportsService } from './exports.service';
import { ReconciliationService } from './reconciliation.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('台账与对账')
@Controller()
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly reconciliation: ReconciliationService,
    private readonly exports: ExportsService,
  ) {}

  @Get('ledger')
  @Roles('auditor')
  @ApiOperation({ summary: '资金台账（只追加；可按类型、活动、红包、时间筛选）' })
  list(@Query() q: LedgerQuery) {
    return this.ledger.list(q);
  }

  @Get('ledger/reconciliation')
  @Roles('auditor')
  @ApiOperation({ summary: '每日对账：预算、已发放、已到账与微信支付成功转账比对，列出差异' })
  reconcile(@Query() q: ReconciliationQuery) {
    return this.reconciliation.report(q.date);
  }

  @Get('exports/rewards.xlsx')
  @Roles('auditor', 'admin', 'dispatcher')
  @ApiOperation({ summary: '导出红包（Excel；非审计员脱敏）' })
  async rewardsXlsx(@CurrentUser() user: AuthUser, @Query() q: RewardListQuery, @Res() res: Response) {
    send(res, 'rewards.xlsx', await this.exports.rewardsXlsx(user, q));
  }

  @Get('exports/batches.xlsx')
  @Roles('auditor', 'admin', 'dispatcher')
  @ApiOperation({ summary: '导出发放批次（Excel）' })
  async batchesXlsx(@Res() res: Response) {
    send(res, 'batches.xlsx', await this.exports.batchesXlsx());
  }

  @Get('exports/ledger.xlsx')
  @Roles('auditor')
  @ApiOperation({ summary: '导出台账（Excel）' })
  async ledgerXlsx(@Query() q: LedgerQuery, @Res() res: Response) {
    send(res, 'ledger.xlsx', await this.exports.ledgerXlsx(q));
  }
}

function send(res: Response, name: string, buf: Buffer): void {
  res
    .status(200)
    .set({ 'Content-Type': XLSX, 'Content-Disposition': `attachment; filename="${name}"` })
    .send(buf);
}
