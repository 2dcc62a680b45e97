import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LoginResponse } from '@sansui/shared';
import { Public } from '../common/auth/decorators';
import { RateLimited } from '../common/http/rate-limit';
import { AuthService } from './auth.service';
import { LoginResponseSchema, StaffLoginDto, WechatLoginDto } from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('wechat')
  @Public()
  @RateLimited()
  @HttpCode(200)
  @ApiOperation({
    summary:
      '微信登录（wx.login code 换取令牌）：居民首次登录自动注册；带 bindCode 时把该微信用户绑定到工作人员账号并返回工作人员令牌；已绑定的微信用户此后登录即得工作人员令牌',
  })
  @ApiOkResponse({
    type: LoginResponseSchema,
    description: '错误码：BIND_CODE_INVALID、BIND_CODE_EXPIRED、BIND_CODE_USED、ACCOUNT_DISABLED、WECHAT_*',
  })
  wechat(@Body() dto: WechatLoginDto): Promise<LoginResponse> {
    return this.auth.wechatLogin(dto.code, dto.bindCode);
  }

  @Post('staff')
  @Public()
  @RateLimited()
  @HttpCode(200)
  @ApiOperation({ summary: '工作人员用户名密码登录' })
  @ApiOkResponse({ type: LoginResponseSchema })
  staff(@Body() dto: StaffLoginDto, @Ip() ip: string): Promise<LoginResponse> {
    return this.auth.staffLogin(dto, ip ?? null);
  }
}
