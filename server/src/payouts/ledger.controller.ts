import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { LedgerService } from '../ledger/ledger.service';
import { RewardListQuery } from '../rewards/dto/reward.dto';
import { LedgerQuery, ReconciliationQuery } from './dto/payouts.dto';
import { ExportsService } from './exports.service';
import { ReconciliationService } from './reconciliation.service';
import { StatementReconciliationService } from './statement-reconciliation.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('台账与对账')
@Controller()
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly reconciliation: ReconciliationService,
    private readonly exports: ExportsService,
    private readonly statements: StatementReconciliationService,
  ) {}

  @Get('ledger/statements')
  @Roles('auditor')
  @ApiOperation({ summary: '微信支付资金账单核对结果（按日，最近 62 天）' })
  statementList() {
    return this.statements.list();
  }

  @Get('ledger/statements/:date')
  @Roles('auditor')
  @ApiOperation({ summary: '某日资金账单核对结果：每笔支出与红包的匹配、差异清单' })
  statement(@Param('date') date: string) {
    return this.statements.get(date);
  }

  @Post('ledger/statements/:date/reconcile')
  @HttpCode(200)
  @Roles('auditor')
  @ApiOperation({ summary: '立即下载某日资金账单（校验 SHA1）并与红包逐笔核对；结果保存，有差异时通知审计员' })
  reconcileStatement(@Param('date') date: string) {
    return this.statements.reconcileDay(date);
  }

  @Get('ledger/statements/:date/export.csv')
  @Roles('auditor')
  @ApiOperation({ summary: '导出某日资金账单核对结果（CSV）' })
  async statementCsv(@Param('date') date: string, @Res() res: FastifyReply) {
    const csv = await this.statements.exportCsv(date);
    res
      .status(200)
      .headers({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="statement-${date}.csv"` })
      .send(csv);
  }

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
  async rewardsXlsx(@CurrentUser() user: AuthUser, @Query() q: RewardListQuery, @Res() res: FastifyReply) {
    send(res, 'rewards.xlsx', await this.exports.rewardsXlsx(user, q));
  }

  @Get('exports/batches.xlsx')
  @Roles('auditor', 'admin', 'dispatcher')
  @ApiOperation({ summary: '导出发放批次（Excel）' })
  async batchesXlsx(@Res() res: FastifyReply) {
    send(res, 'batches.xlsx', await this.exports.batchesXlsx());
  }

  @Get('exports/ledger.xlsx')
  @Roles('auditor')
  @ApiOperation({ summary: '导出台账（Excel）' })
  async ledgerXlsx(@Query() q: LedgerQuery, @Res() res: FastifyReply) {
    send(res, 'ledger.xlsx', await this.exports.ledgerXlsx(q));
  }
}

function send(res: FastifyReply, name: string, buf: Buffer): void {
  res
    .status(200)
    .headers({ 'Content-Type': XLSX, 'Content-Disposition': `attachment; filename="${name}"` })
    .send(buf);
}
