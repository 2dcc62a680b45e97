import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { LoginResponse, StaffLoginRequest, UserDto, WechatLoginRequest } from '@sansui/shared';
import { IsOptional, IsString, Length } from 'class-validator';
import { UserDtoSchema } from '../../users/dto/users.dto';

export class WechatLoginDto implements WechatLoginRequest {
  @ApiProperty({ description: 'wx.login 得到的一次性 code；模拟器模式下 sim:<名字>（同名同人）', example: 'sim:alice' })
  @IsString()
  @Length(1, 128, { message: '登录凭证 code 长度为 1–128 个字符' })
  code: string;

  @ApiPropertyOptional({ description: '管理员为工作人员账号生成的一次性绑定码（24 小时内有效）', example: 'K7QM-3XHD' })
  @IsOptional()
  @IsString()
  @Length(4, 32, { message: '绑定码长度不正确' })
  bindCode?: string;
}

export class StaffLoginDto implements StaffLoginRequest {
  @ApiProperty({ example: 'demo-dispatcher' })
  @IsString()
  @Length(1, 64, { message: '请输入用户名' })
  username: string;

  @ApiProperty({ example: 'demo-pass-2026' })
  @IsString()
  @Length(1, 128, { message: '请输入密码' })
  password: string;
}

export class LoginResponseSchema implements LoginResponse {
  @ApiProperty({ description: 'Bearer token' }) token: string;
  @ApiProperty({ type: UserDtoSchema }) user: UserDto;
}
