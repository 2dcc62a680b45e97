import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ChecklistDto, ChecklistItemDto, SaveChecklistRequest } from '@sansui/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class ChecklistItemBody implements ChecklistItemDto {
  @ApiProperty({ example: 'A01', description: '条目编码（字母数字）' })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/)
  code: string;

  @ApiProperty({ example: '道路清扫与垃圾收运' })
  @IsString()
  @Length(1, 64)
  section: string;

  @ApiProperty({ example: '主次干道路面有明显垃圾' })
  @IsString()
  @Length(1, 300)
  text: string;

  @ApiProperty({ example: 5, description: '每处扣分' })
  @IsInt()
  @Min(1)
  @Max(1000)
  deduction: number;

  @ApiProperty({ example: 40, description: '每轮每个区域的扣分上限' })
  @IsInt()
  @Min(1)
  @Max(1000)
  maxDeduction: number;

  @ApiProperty({ example: 'exposed_garbage', description: '发现转为案卷时的问题分类' })
  @IsString()
  @Length(1, 64)
  categoryCode: string;
}

export class SaveChecklistDto implements SaveChecklistRequest {
  @ApiProperty({ type: [ChecklistItemBody] })
  @ValidateNested({ each: true })
  @Type(() => ChecklistItemBody)
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  items: ChecklistItemBody[];

  @ApiPropertyOptional({ example: '2026 年版' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class ChecklistResponse implements ChecklistDto {
  @ApiProperty({ example: 3, description: '版本号；0 表示尚未录入' })
  version: number;

  @ApiProperty({ type: [ChecklistItemBody] })
  items: ChecklistItemBody[];
}
