import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { AuditVerifyResult } from '@sansui/shared';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Roles } from '../common/auth/decorators';
import { AuditQueryService } from './audit-query.service';
import { AuditService } from './audit.service';

class AuditVerifyResponse implements AuditVerifyResult {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: '已校验的条数' }) checked: number;
  @ApiPropertyOptional({ description: '第一条链接断裂（被修改或其前一条被删除）的记录 id' }) firstBrokenId?: number;
}

export class AuditListQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
  @ApiPropertyOptional({ description: '操作类型，如 case.dispatch、staff.login' }) @IsOptional() @IsString() @MaxLength(64) action?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() actorUserId?: number;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly query: AuditQueryService,
  ) {}

  @Get('verify')
  @Roles('auditor')
  @ApiOperation({ summary: '校验审计日志哈希链，返回第一处断裂' })
  @ApiOkResponse({ type: AuditVerifyResponse })
  verify(): Promise<AuditVerifyResult> {
    return this.audit.verify();
  }

  @Get()
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: '审计日志列表（新的在前）' })
  list(@Query() q: AuditListQuery) {
    return this.query.list(q);
  }
}
