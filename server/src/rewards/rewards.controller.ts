import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { RewardListQuery, RewardReviewDto } from './dto/reward.dto';
import { RewardsService } from './rewards.service';

@ApiTags('红包')
@Controller('rewards')
export class RewardsController {
  constructor(private readonly rewards: RewardsService) {}

  @Get('mine')
  @ApiOperation({ summary: '我的红包（金额、状态、下一步提示）' })
  mine(@CurrentUser() user: AuthUser) {
    return this.rewards.mine(user);
  }

  @Get()
  @Roles('dispatcher', 'auditor', 'admin', 'dept_manager')
  @ApiOperation({ summary: '红包列表（工作人员；openid/手机号仅审计员可见明文）' })
  list(@CurrentUser() user: AuthUser, @Query() q: RewardListQuery) {
    return this.rewards.list(user, q);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles('auditor')
  @ApiOperation({ summary: '审核通过被暂扣的红包' })
  release(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: RewardReviewDto) {
    return this.rewards.release(user, id, dto.note);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('auditor')
  @ApiOperation({ summary: '取消红包（预算退回活动）' })
  cancel(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: RewardReviewDto) {
    return this.rewards.cancel(user, id, dto.note);
  }
}
