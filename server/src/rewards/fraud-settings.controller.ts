import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { FraudSettingsDto } from './dto/fraud-settings.dto';
import { FraudSettingsService } from './fraud-settings.service';

@ApiTags('红包')
@Controller('fraud-settings')
export class FraudSettingsController {
  constructor(private readonly settings: FraudSettingsService) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: '风险暂扣阈值（红包过密、同一手机号多账号、同点多人）' })
  get() {
    return this.settings.get();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ summary: '修改风险暂扣阈值（仅管理员；留审计记录；只影响之后发放的红包）' })
  update(@CurrentUser() user: AuthUser, @Body() dto: FraudSettingsDto) {
    return this.settings.update(user, dto);
  }
}
