import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { Open311ClientsService, type Open311ClientDto } from './open311-clients.service';

export class CreateOpen311ClientDto {
  @ApiProperty({ description: '接入系统名称，如“12345 热线平台”', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) name: string;
}

export class UpdateOpen311ClientDto {
  @ApiProperty({ description: 'false 停用该密钥（立即生效）' }) @IsBoolean() active: boolean;
}

/** Admins issue and revoke the api_keys of external systems that submit Open311 service requests. */
@ApiTags('open311')
@ApiBearerAuth()
@Roles('admin')
@Controller('open311-clients')
export class Open311ClientsController {
  constructor(private readonly clients: Open311ClientsService) {}

  @Get()
  @ApiOperation({ summary: 'Open311 接入系统列表（不含密钥）' })
  list(): Promise<Open311ClientDto[]> {
    return this.clients.list();
  }

  @Post()
  @ApiOperation({ summary: '新建接入系统并生成 api_key（只在此次返回，服务器只存其 SHA-256）' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOpen311ClientDto): Promise<Open311ClientDto & { apiKey: string }> {
    return this.clients.create(user, dto.name);
  }

  @Patch(':id')
  @ApiOperation({ summary: '停用或启用接入系统的 api_key。错误码：OPEN311_CLIENT_NOT_FOUND' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateOpen311ClientDto,
  ): Promise<Open311ClientDto> {
    return this.clients.setActive(user, id, dto.active);
  }
}
