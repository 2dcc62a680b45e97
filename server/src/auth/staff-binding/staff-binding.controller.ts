import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StaffBindCodeDto, StaffWechatBindingDto } from '@sansui/shared';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { CreateStaffBindCodeDto, StaffBindCodeSchema, StaffWechatBindingSchema } from './dto/staff-binding.dto';
import { StaffBindingService } from './staff-binding.service';

@ApiTags('auth')
@Controller()
export class StaffBindingController {
  constructor(private readonly bindings: StaffBindingService) {}

  @Post('staff-bind-codes')
  @Roles('admin')
  @ApiOperation({ summary: '为工作人员账号生成一次性微信绑定码（管理员；24 小时有效，只显示一次，之前未使用的绑定码作废）' })
  @ApiCreatedResponse({ type: StaffBindCodeSchema, description: '错误码：USER_NOT_FOUND、STAFF_ONLY、ACCOUNT_DISABLED' })
  createCode(@CurrentUser() admin: AuthUser, @Body() dto: CreateStaffBindCodeDto): Promise<StaffBindCodeDto> {
    return this.bindings.createCode(admin, dto.userId);
  }

  @Get('staff-wechat-bindings')
  @Roles('admin')
  @ApiOperation({ summary: '已绑定微信的工作人员账号（管理员）' })
  @ApiOkResponse({ type: StaffWechatBindingSchema, isArray: true })
  list(): Promise<StaffWechatBindingDto[]> {
    return this.bindings.listActive();
  }

  @Delete('users/:id/wechat-binding')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: '解除工作人员账号的微信绑定（管理员；通过该绑定登录的令牌立即失效）' })
  @ApiNoContentResponse({ description: '错误码：BINDING_NOT_FOUND' })
  unbind(@CurrentUser() admin: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.bindings.unbind(admin, id);
  }
}
