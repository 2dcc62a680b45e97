import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ClaimsService } from './claims.service';
import { PageQuery, ProposeBatchDto } from './dto/payouts.dto';
import { PayoutBatchesService } from './payout-batches.service';

@ApiTags('红包发放')
@Controller()
export class PayoutsController {
  constructor(
    private readonly batches: PayoutBatchesService,
    private readonly claims: ClaimsService,
  ) {}

  @Post('payout-batches')
  @Roles('dispatcher', 'auditor')
  @ApiOperation({ summary: '提交发放批次（全部或指定的待发放红包）' })
  propose(@CurrentUser() user: AuthUser, @Body() dto: ProposeBatchDto) {
    return this.batches.propose(user, dto.rewardIds);
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
