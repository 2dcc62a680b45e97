import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ROUND_KINDS,
  ROUND_STATUSES,
  type CreateFindingRequest,
  type CreateRoundRequest,
  type FindingCreatedDto,
  type FindingEvidenceDto,
  type PublishResultDto,
  type RoundCreatedDto,
  type RoundKind,
  type RoundStatus,
} from '@sansui/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LatLngDto } from '../../reports/dto/create-report.dto';

export class CreateRoundDto implements CreateRoundRequest {
  @ApiProperty({ enum: ROUND_KINDS, description: 'covert 暗访 / open 明查' })
  @IsIn(ROUND_KINDS, { message: '检查方式只能是暗访或明查' })
  kind: RoundKind;

  @ApiProperty({ example: '2026 年 11 月第二次暗访' })
  @IsString()
  @Length(1, 100, { message: '名称须为 1 到 100 个字' })
  name: string;

  @ApiProperty({ example: '2026-11', description: '计入的月份 YYYY-MM' })
  @IsString()
  @MaxLength(7, { message: '月份格式应为 YYYY-MM' })
  month: string;

  @ApiProperty({ type: [Number], description: '受检区域（默认各区）' })
  @IsArray()
  @ArrayMinSize(1, { message: '请选择至少一个受检区域' })
  @ArrayMaxSize(200)
  @IsInt({ each: true })
  areaIds: number[];

  @ApiPropertyOptional({ type: [Number], description: '检查人员（巡查员账号）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  inspectorUserIds?: number[];
}

export class RoundCreatedResponse implements RoundCreatedDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ROUND_STATUSES }) status: RoundStatus;
}

export class RoundListQuery {
  @ApiPropertyOptional({ example: '2026-11' })
  @IsOptional()
  @IsString()
  month?: string;
}

export class CreateFindingDto implements CreateFindingRequest {
  @ApiProperty({ example: 'A01', description: '考评细则条目编码' })
  @IsString()
  @MaxLength(32)
  itemCode: string;

  @ApiProperty({ type: LatLngDto })
  @IsObject({ message: '请提供位置' })
  @ValidateNested()
  @Type(() => LatLngDto)
  location: LatLngDto;

  @ApiProperty({ type: [Number], description: '现场照片（先上传）' })
  @IsArray()
  @ArrayMaxSize(9, { message: '最多 9 张照片' })
  @IsInt({ each: true })
  photoIds: number[];

  @ApiPropertyOptional({ example: 1, description: '处数（默认 1）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  count?: number;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: '备注不能超过 500 字' })
  note?: string;
}

export class FindingCreatedResponse implements FindingCreatedDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: '本条发现的扣分（已按条目上限封顶）' }) deduction: number;
  @ApiProperty({ description: '照片取证结论 {verified, checks}（docs/domain.md §14）' }) evidence: FindingEvidenceDto;
}

export class PublishResultResponse implements PublishResultDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ROUND_STATUSES }) status: RoundStatus;
  @ApiProperty({ description: '本次发布新开的案卷数（已发布过则为 0）' }) casesOpened: number;
}

export class CircularFormatQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'html'], default: 'html', description: 'xlsx：Excel 文件；html：可打印的 A4 页面' })
  @IsOptional()
  @IsIn(['xlsx', 'html'], { message: 'format 只能是 xlsx 或 html' })
  format?: 'xlsx' | 'html';
}
