import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { AuditAnchorDto } from '@sansui/shared';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Roles } from '../common/auth/decorators';
import { AnchorsService } from './anchors.service';

class AnchorDto implements AuditAnchorDto {
  @ApiPropertyOptional() @IsInt() @Min(0) lastId: number;
  @ApiPropertyOptional() @Matches(/^[0-9a-f]{64}$/) hash: string;
  @ApiPropertyOptional() @IsISO8601() anchoredAt: string;
  @ApiPropertyOptional() @Matches(/^[0-9a-f]{64}$/) signature: string;
}

class VerifyAnchorsDto {
  @ApiPropertyOptional({ type: [AnchorDto], description: '审计员保存的锚点文件中的 anchors；不填则用系统保存的锚点' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => AnchorDto)
  anchors?: AnchorDto[];
}

class AnchorListQuery {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

@ApiTags('audit')
@Controller('audit/anchors')
export class AnchorsController {
  constructor(private readonly anchors: AnchorsService) {}

  @Get()
  @Roles('auditor', 'admin')
  @ApiOperation({ summary: '审计链锚点列表（新的在前）' })
  list(@Query() q: AnchorListQuery) {
    return this.anchors.list(q.page, q.pageSize);
  }

  @Post()
  @Roles('auditor')
  @ApiOperation({ summary: '立即生成锚点（审计链头自上次锚点后有新记录时；链校验不通过则不生成）' })
  anchorNow() {
    return this.anchors.anchorNow().then((anchor) => ({ anchor }));
  }

  @Get('export')
  @Roles('auditor')
  @Header('Content-Disposition', 'attachment; filename="audit-anchors.json"')
  @ApiOperation({ summary: '下载全部锚点（每个锚点带服务器签名），由审计员在系统外保存' })
  exportFile() {
    return this.anchors.exportFile();
  }

  @Post('verify')
  @HttpCode(200)
  @Roles('auditor')
  @ApiOperation({ summary: '按锚点校验审计链：链接断裂，或锚点处的哈希与保存时不同（日志被重建），都会指出位置' })
  verify(@Body() dto: VerifyAnchorsDto) {
    return this.anchors.verify(dto.anchors ? { anchors: dto.anchors } : undefined);
  }
}
