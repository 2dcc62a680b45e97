import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ClaimsService } from './claims.service';
import { PageQuery, PayoutLinesQueryDto, ProposeBatchDto } from './dto/payouts.dto';
import { PayoutBatchesService } from './payout-batches.service';
import { PayoutLinesQuery } from './payout-lines.query';

@ApiTags('红包发放')
@Controller()
export class PayoutsController {
  constructor(
    private readonly batches: PayoutBatchesService,
    private readonly claims: ClaimsService,
    private readonly lines: PayoutLinesQuery,
  ) {}

  @Post('payout-batches')
  @Roles('dispatcher', 'auditor')
  @ApiOperation({ summary: '提交发放批次（指定的、或符合筛选条件的全部待发放红包；可带确认时看到的笔数与总额）' })
  propose(@CurrentUser() user: AuthUser, @Body() dto: ProposeBatchDto) {
    return this.batches.propose(user, dto);
  }

  @Get('payout-batches/candidates')
  @Roles('dispatcher', 'auditor')
  @ApiOperation({ summary: '可提交的待发放红包（筛选、分页；total 与 totalFen 为全部符合条件的笔数与金额）' })
  candidates(@Query() q: PayoutLinesQueryDto) {
    const { page, pageSize, ...filter } = q;
    return this.lines.page({ candidates: true }, filter, page, pageSize);
  }

  @Post('payout-batches/:id/approve')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: '审批发放批次（审计员，且不能是提交人；管理员不能审批）' })
  approve(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.batches.approve(user, id);
  }

  @Get('payout-batches')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '发放批次列表' })
  list(@Query() q: PageQuery) {
    return this.batches.list(q.page, q.pageSize);
  }

  @Get('payout-batches/:id')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '发放批次详情（各状态红包数）' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.batches.get(id);
  }

  @Get('payout-batches/:id/lines')
  @Roles('dispatcher', 'auditor', 'admin')
  @ApiOperation({ summary: '批次明细（按部门、分类、金额、异常信号、上报人筛选，分页；附筛选后的笔数与总额）' })
  async batchLines(@Param('id', ParseIntPipe) id: number, @Query() q: PayoutLinesQueryDto) {
    await this.batches.get(id);
    const { page, pageSize, ...filter } = q;
    return this.lines.page({ batchId: id }, filter, page, pageSize);
  }

  @Post('rewards/:id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: '领取红包：返回 wx.requestMerchantTransfer 所需参数（重复领取返回同一转账单）' })
  claim(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.claims.claim(user, id);
  }

  @Post('payouts/reconcile')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: '立即对账：查询未终态的转账单并更新红包状态' })
  reconcile() {
    return this.claims.reconcileOnce();
  }
}
