import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { CreateRoutingRuleDto, SuggestQuery, UpdateRoutingRuleDto } from './dto/routing-rule.dto';
import { RoutingService } from './routing.service';

@ApiTags('routing')
@Controller()
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  @Get('routing/suggest')
  @Roles('dispatcher', 'admin')
  @ApiOperation({ summary: '派遣建议：按规则、责任区、网格逐级匹配责任部门，并说明依据' })
  suggest(@Query() q: SuggestQuery) {
    return this.routing.suggest(q);
  }

  @Get('routing-rules')
  @Roles('admin', 'dispatcher')
  @ApiOperation({ summary: '派遣规则列表' })
  list() {
    return this.routing.listRules();
  }

  @Post('routing-rules')
  @Roles('admin')
  @ApiOperation({ summary: '新建派遣规则（分类 + 区域 → 部门，优先于责任区和网格匹配）' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateRoutingRuleDto) {
    return this.routing.createRule(user, body);
  }

  @Patch('routing-rules/:id')
  @Roles('admin')
  @ApiOperation({ summary: '修改派遣规则' })
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() body: UpdateRoutingRuleDto) {
    return this.routing.updateRule(user, id, body);
  }

  @Delete('routing-rules/:id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: '删除派遣规则' })
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number) {
    return this.routing.removeRule(user, id);
  }
}
